import Fluent
import GripCore
import Vapor

/// Recording sources of concern (CQC findings, commissioner concerns, audits, incidents, complaints).
struct SourceService {
    let db: any Database
    let actor: Actor
    /// The framework version the statement is chosen under (nil: the one in force).
    var framework: Framework? = nil

    struct Input: Sendable {
        var serviceID: UUID?
        var kind: SourceKind?
        var title: String
        var detail: String
        var raisedOn: Day?
        var statementID: String?
        var regulation: String?
    }

    func create(_ input: Input) async throws -> Source {
        try actor.require(.manageSources)
        var errors: [FieldError] = []
        if input.kind == nil { errors.append(FieldError("kind", "Choose what kind of concern this is.")) }
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 300 {
            errors.append(FieldError("title", "Give the concern a short title (at most 300 characters)."))
        }
        let detail = input.detail.trimmingCharacters(in: .whitespacesAndNewlines)
        if detail.count > 8000 { errors.append(FieldError("detail", "Keep the detail to 8000 characters.")) }
        if input.raisedOn == nil {
            errors.append(FieldError("raised_on", "Enter the day the concern was raised as a real date."))
        }
        let statement = input.statementID.flatMap { $0.isEmpty ? nil : $0 }
        let inForce = try await FrameworkCatalogue(db: db, organisationID: actor.organisationID).inForce().framework
        let framework = self.framework ?? inForce
        if let statement { errors += FrameworkRules.itemProblems([statement], in: framework, field: "statement") }
        let regulation = input.regulation.flatMap { $0.isEmpty ? nil : $0 }
        if let regulation, Reference.regulation(regulation) == nil {
            errors.append(
                FieldError("regulation", "Unknown regulation \(regulation): use the number, such as 12 or 17."))
        }
        if input.kind == .cqcInspection && statement == nil {
            errors.append(
                FieldError(
                    "statement",
                    "A CQC finding names the \(framework.itemLabel.lowercased()) it is about."))
        }
        let service = try await Service.query(on: db).visible(to: actor).filter(\.$id == (input.serviceID ?? UUID()))
            .first()
        if service == nil { errors.append(FieldError("service", "Choose one of your services.")) }
        guard errors.isEmpty, let kind = input.kind, let raised = input.raisedOn, let service else {
            throw AppError.invalid(errors)
        }
        let actor = self.actor
        let keyQuestion = statement.flatMap { framework.group(ofItem: $0)?.id }
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let s = Source()
            s.$organisation.id = actor.organisationID
            s.$service.id = try service.requireID()
            s.kind = kind
            s.title = title
            s.detail = detail
            s.raisedOn = raised.iso
            s.statementID = statement
            s.statementFramework = statement == nil ? nil : framework.id
            s.keyQuestion = keyQuestion
            s.regulation = regulation
            s.version = 1
            try await s.create(on: rec.db)
            try await rec.record(
                "source", s.requireID(), "created",
                [
                    AuditChange(field: "kind", before: nil, after: kind.rawValue),
                    AuditChange(field: "title", before: nil, after: title),
                    AuditChange(field: "service_id", before: nil, after: service.id?.uuidString),
                    AuditChange(field: "statement", before: nil, after: statement),
                    AuditChange(field: "regulation", before: nil, after: regulation)
                ])
            return s
        }
    }
}

extension SourceService {
    /// The 200 most recent sources of concern the actor sees, with their services.
    static func recent(for actor: Actor, on db: any Database) async throws -> [Source] {
        try await Source.query(on: db).visible(to: actor).with(\.$service).sort(\.$raisedOn, .descending).limit(200)
            .all()
    }
}
