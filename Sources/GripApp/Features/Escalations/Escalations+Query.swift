import Fluent
import GripCore
import Vapor

/// The escalation pages' and API's reads, each one query. The escalations themselves are found through
/// `EscalationService` (which asks who may see them); these read what belongs to them.
struct EscalationsQuery {
    let db: any Database
    let actor: Actor

    /// The services the actor may raise an escalation about.
    func services() async throws -> [Service] {
        try await Service.query(on: db).visible(to: actor).sort(\.$name).all()
    }

    /// What may be linked to an escalation: its service's actions and decisions, and the indicators.
    func linkChoices(
        for e: Escalation
    ) async throws -> (
        actions: [RecoveryAction], decisions: [Decision],
        indicators: [Indicator]
    ) {
        let actions = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$service.$id == e.$service.id).sort(\.$reference).limit(200).all()
        let decisions = try await Scoped.query(Decision.self, for: actor, on: db)
            .filter(\.$service.$id == e.$service.id).sort(\.$dueDay, .descending).limit(200).all()
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db).sort(\.$name).all()
        return (actions, decisions, indicators)
    }

    /// The escalation's responses in order, its linked evidence, and the recent evidence on its service's
    /// actions that could show the outcome.
    func record(
        _ e: Escalation
    ) async throws -> (
        responses: [EscalationResponse], linked: [Evidence], candidates: [Evidence]
    ) {
        let id = try e.requireID()
        let responses = try await EscalationResponse.query(on: db).filter(\.$escalation.$id == id).with(\.$author)
            .sort(\.$createdAt).all()
        let linked = try await Evidence.query(on: db)
            .join(EscalationEvidence.self, on: \Evidence.$id == \EscalationEvidence.$evidence.$id)
            .filter(EscalationEvidence.self, \.$escalation.$id == id).all()
        let candidates = try await Scoped.query(Evidence.self, for: actor, on: db)
            .join(EvidenceAction.self, on: \Evidence.$id == \EvidenceAction.$evidence.$id)
            .join(RecoveryAction.self, on: \EvidenceAction.$action.$id == \RecoveryAction.$id)
            .filter(RecoveryAction.self, \.$service.$id == e.$service.id)
            .sort(\.$day, .descending).limit(50).all()
        return (responses, linked, candidates)
    }

    /// For a list of escalations already found: their services, responses, evidence links and line-of-sight
    /// links (four queries, however many escalations).
    static func parts(
        of list: [Escalation], on db: any Database
    ) async throws -> (
        services: [Service], responses: [EscalationResponse], evidence: [EscalationEvidence], sight: [EscalationLink]
    ) {
        let ids = try list.map { try $0.requireID() }
        let services = try await Service.query(on: db).filter(\.$id ~~ Set(list.map { $0.$service.id })).all()
        let responses = try await EscalationResponse.query(on: db).filter(\.$escalation.$id ~~ ids).with(\.$author)
            .sort(\.$createdAt).all()
        let evidence = try await EscalationEvidence.query(on: db).filter(\.$escalation.$id ~~ ids).all()
        let sight = try await EscalationLink.query(on: db).filter(\.$escalation.$id ~~ ids).sort(\.$createdAt).all()
        return (services, responses, evidence, sight)
    }

    /// A service's oversight levels, newest first.
    static func oversightHistory(of s: Service, on db: any Database) async throws -> [ServiceOversight] {
        try await ServiceOversight.query(on: db).filter(\.$service.$id == s.requireID())
            .sort(\.$since, .descending).sort(\.$createdAt, .descending).all()
    }
}
