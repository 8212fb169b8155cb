import Fluent
import SQLKit
import Foundation
import Vapor

/// A record that belongs to one organisation: its rows are read on a person's behalf only through
/// `Scoped.query`, which puts the person's organisation in the query.
protocol OrganisationOwned: Model {
    static var organisationKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

/// How a table's rows are kept to an organisation (issue 34). Every table Grip reads for a request has a
/// rule; `ScopingTests` walks every route and fails on a query of a table without one.
enum ScopeRule: Sendable, Equatable {
    /// The table has the organisation's id: reads go through `Scoped.query` (or `visible(to:)`).
    case organisation
    /// Rows are reached only through a record of this table, itself scoped.
    case throughParent(String)
    /// Not any one organisation's data; the reason.
    case shared(String)
}

/// The one organisation-scoped query entry point: every read on a person's behalf of an organisation's
/// records starts here (or at `visible(to:)`, which adds the person's services to it). No other code
/// writes an organisation filter.
extension QueryBuilder {
    /// A joined table kept to the actor's organisation.
    func scoped<J: OrganisationOwned>(_ joined: J.Type, to actor: Actor) -> Self {
        filter(J.self, J.organisationKey == actor.organisationID)
    }
}

extension QueryBuilder where Model: OrganisationOwned {
    /// Narrows a query already begun to one organisation (a command's optional `--organisation`).
    func within(organisation id: UUID) -> Self { filter(Model.organisationKey == id) }
}

enum Scoped {
    /// The actor's organisation's records of a kind.
    static func query<M: OrganisationOwned>(_ type: M.Type, for actor: Actor, on db: any Database) -> QueryBuilder<M> {
        M.query(on: db).filter(M.organisationKey == actor.organisationID)
    }

    /// The same for work done for an organisation without a signed-in person (commands, workers).
    static func query<M: OrganisationOwned>(
        _ type: M.Type, organisation id: UUID, on db: any Database
    ) -> QueryBuilder<M> {
        M.query(on: db).filter(M.organisationKey == id)
    }

    /// The same entry point for a hot read as plain rows (issue 35): `FROM <table> AS <alias>`, kept to the actor's
    /// organisation and, for a service-scoped role, joined to their named services through `service`, the column
    /// that names a row's service (`M.column(\.$service.$id)`; `"id"` for services themselves). The caller adds the
    /// columns, any other joins and filters.
    @discardableResult
    static func from<M: OrganisationOwned, B: SQLSubqueryClauseBuilder>(
        _ type: M.Type, as alias: String, service: String?, for actor: Actor,
        into builder: B
    ) -> B {
        builder.from(SQLAlias(SQLIdentifier(M.schema), as: SQLIdentifier(alias)))
            .where(SQLColumn(M.column(M.organisationKey), table: alias), .equal, SQLBind(actor.organisationID))
        if !actor.seesAllServices, let service {
            builder.join(
                SQLAlias(SQLIdentifier(ServiceAccess.schema), as: SQLIdentifier(alias + "_access")),
                on: SQLColumn("service_id", table: alias + "_access"), .equal,
                SQLColumn(service, table: alias)
            )
            .where(SQLColumn("user_id", table: alias + "_access"), .equal, SQLBind(actor.id))
        }
        return builder
    }

    /// `table.id IN (ids)`, where `ids` is a subquery begun at `Scoped.from`: a Fluent query that loads rows a
    /// scoped selection picked carries this in place of the organisation's filter (which would lead SQLite to
    /// walk the organisation's index rather than find each id). `ScopingTests` knows it by its type.
    static func ids(of table: String, in ids: some SQLExpression) -> DatabaseQuery.Filter {
        .custom(PickedIDs(column: SQLColumn("id", table: table), ids: ids))
    }

    /// Whether a record loaded by another route belongs to the actor's organisation.
    static func owns<M: OrganisationOwned>(_ actor: Actor, _ record: M) -> Bool {
        record[keyPath: M.organisationKey].value == actor.organisationID
    }
}

extension Scoped {
    /// Every table a request may read, and how its rows are kept to an organisation. A table missing here
    /// fails `ScopingTests`, which records every query the routes make.
    static let rules: [String: ScopeRule] = [
        // An organisation's records: read through `Scoped.query` or `visible(to:)`.
        "actions": .organisation, "audit_entries": .organisation, "commissioner_frameworks": .organisation,
        "escalations": .organisation, "escalation_threshold_versions": .organisation,
        "escalation_firings": .organisation, "senior_visits": .organisation, "safety_models": .organisation,
        "safety_model_signatures": .organisation, "safety_check_records": .organisation,
        "safety_verifications": .organisation, "learning_items": .organisation, "learning_checks": .organisation,
        "senior_visit_leads": .organisation,
        "evidence": .organisation,
        "evidence_requests": .organisation,
        "framework_crosswalks": .organisation, "framework_versions": .organisation, "indicators": .organisation,
        "mail_messages": .organisation, "meetings": .organisation, "decisions": .organisation,
        "service_oversight": .organisation, "pending_changes": .organisation, "people": .organisation,
        "restrictive_interventions": .organisation, "review_routes": .organisation,
        "safeguarding_concerns": .organisation, "api_tokens": .organisation, "services": .organisation,
        "sources": .organisation, "statutory_notifications": .organisation, "users": .organisation,
        // Reached only through a scoped record.
        "action_mappings": .throughParent("actions"), "action_steps": .throughParent("actions"),
        "due_day_changes": .throughParent("actions"), "reviews": .throughParent("actions"),
        "progress_updates": .throughParent("actions"), "reaudits": .throughParent("actions"),
        "evidence_actions": .throughParent("evidence"), "evidence_files": .throughParent("evidence"),
        "evidence_mappings": .throughParent("evidence"), "stored_files": .throughParent("evidence_files"),
        "escalation_links": .throughParent("escalations"), "escalation_evidence": .throughParent("escalations"),
        "escalation_responses": .throughParent("escalations"), "indicator_values": .throughParent("indicators"),
        "series_settings": .throughParent("indicators"), "series_warnings": .throughParent("indicators"),
        "series_sparks": .throughParent("indicators"),
        "meeting_items": .throughParent("meetings"), "meeting_attendance": .throughParent("meetings"),
        "meeting_challenges": .throughParent("meetings"), "meeting_addenda": .throughParent("meetings"),
        "meeting_follow_ups": .throughParent("meetings"), "oversight_updates": .throughParent("services"),
        "route_services": .throughParent("review_routes"), "route_members": .throughParent("review_routes"),
        "service_access": .throughParent("users"), "case_shares": .throughParent("people"),
        "password_resets": .throughParent("users"),
        // Not an organisation's data.
        "organisations": .shared("the organisation itself, read by the signed-in person's own id"),
        "sign_in_failures": .shared("counts of failed sign-ins by address, before anyone is signed in"),
        "_fluent_sessions": .shared("a session, found by its signed cookie"),
        "service_summaries": .throughParent("services")
    ]
}

// The records that belong to an organisation (people and the care logs, through `ServiceOwned`, too).
extension RecoveryAction: OrganisationOwned {
    static var organisationKey: KeyPath<RecoveryAction, FieldProperty<RecoveryAction, UUID>> { \.$organisation.$id }
}
extension AuditEntry: OrganisationOwned {
    static var organisationKey: KeyPath<AuditEntry, FieldProperty<AuditEntry, UUID>> { \.$organisation.$id }
}
extension CommissionerFramework: OrganisationOwned {
    static var organisationKey: KeyPath<CommissionerFramework, FieldProperty<CommissionerFramework, UUID>> {
        \.$organisation.$id
    }
}
extension Escalation: OrganisationOwned {
    static var organisationKey: KeyPath<Escalation, FieldProperty<Escalation, UUID>> { \.$organisation.$id }
}
extension EscalationThresholdVersion: OrganisationOwned {
    static var organisationKey: KeyPath<EscalationThresholdVersion, FieldProperty<EscalationThresholdVersion, UUID>> {
        \.$organisation.$id
    }
}
extension Evidence: OrganisationOwned {
    static var organisationKey: KeyPath<Evidence, FieldProperty<Evidence, UUID>> { \.$organisation.$id }
}
extension EvidenceRequest: OrganisationOwned {
    static var organisationKey: KeyPath<EvidenceRequest, FieldProperty<EvidenceRequest, UUID>> { \.$organisation.$id }
}
extension FrameworkCrosswalk: OrganisationOwned {
    static var organisationKey: KeyPath<FrameworkCrosswalk, FieldProperty<FrameworkCrosswalk, UUID>> {
        \.$organisation.$id
    }
}
extension FrameworkVersion: OrganisationOwned {
    static var organisationKey: KeyPath<FrameworkVersion, FieldProperty<FrameworkVersion, UUID>> { \.$organisation.$id }
}
extension Indicator: OrganisationOwned {
    static var organisationKey: KeyPath<Indicator, FieldProperty<Indicator, UUID>> { \.$organisation.$id }
}
extension MailMessage: OrganisationOwned {
    static var organisationKey: KeyPath<MailMessage, FieldProperty<MailMessage, UUID>> { \.$organisation.$id }
}
extension Meeting: OrganisationOwned {
    static var organisationKey: KeyPath<Meeting, FieldProperty<Meeting, UUID>> { \.$organisation.$id }
}
extension Decision: OrganisationOwned {
    static var organisationKey: KeyPath<Decision, FieldProperty<Decision, UUID>> { \.$organisation.$id }
}
extension ServiceOversight: OrganisationOwned {
    static var organisationKey: KeyPath<ServiceOversight, FieldProperty<ServiceOversight, UUID>> { \.$organisation.$id }
}
extension ReviewRoute: OrganisationOwned {
    static var organisationKey: KeyPath<ReviewRoute, FieldProperty<ReviewRoute, UUID>> { \.$organisation.$id }
}
extension ApiToken: OrganisationOwned {
    static var organisationKey: KeyPath<ApiToken, FieldProperty<ApiToken, UUID>> { \.$organisation.$id }
}
extension Service: OrganisationOwned {
    static var organisationKey: KeyPath<Service, FieldProperty<Service, UUID>> { \.$organisation.$id }
}
extension Source: OrganisationOwned {
    static var organisationKey: KeyPath<Source, FieldProperty<Source, UUID>> { \.$organisation.$id }
}
extension User: OrganisationOwned {
    static var organisationKey: KeyPath<User, FieldProperty<User, UUID>> { \.$organisation.$id }
}

/// Access scoping, as part of each query: organisation id, and for service-scoped roles a
/// join on the user's named services. Never "load ids then filter with IN".
extension QueryBuilder where Model == Service {
    func visible(to actor: Actor) -> Self {
        let q = filter(\Service.$organisation.$id == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: \Service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

extension QueryBuilder where Model == RecoveryAction {
    func visible(to actor: Actor) -> Self {
        let q = filter(\RecoveryAction.$organisation.$id == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: \RecoveryAction.$service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

extension QueryBuilder where Model == Source {
    func visible(to actor: Actor) -> Self {
        let q = filter(\Source.$organisation.$id == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: \Source.$service.$id == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

/// A record that belongs to one service of one organisation (issue 23's people and logs): one scoping for all.
protocol ServiceOwned: OrganisationOwned {
    static var serviceKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension QueryBuilder where Model: ServiceOwned {
    /// The actor's organisation, and for service-scoped roles a join on their named services, in the query.
    func visible(to actor: Actor) -> Self {
        let q = filter(Model.organisationKey == actor.organisationID)
        guard !actor.seesAllServices else { return q }
        return q.join(ServiceAccess.self, on: Model.serviceKey == \ServiceAccess.$service.$id)
            .filter(ServiceAccess.self, \.$user.$id == actor.id)
    }
}

extension Person: ServiceOwned {
    static var organisationKey: KeyPath<Person, FieldProperty<Person, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<Person, FieldProperty<Person, UUID>> { \.$service.$id }
}

extension EscalationFiring: ServiceOwned {
    static var organisationKey: KeyPath<EscalationFiring, FieldProperty<EscalationFiring, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<EscalationFiring, FieldProperty<EscalationFiring, UUID>> { \.$service.$id }
}

extension SeniorVisit: ServiceOwned {
    static var organisationKey: KeyPath<SeniorVisit, FieldProperty<SeniorVisit, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<SeniorVisit, FieldProperty<SeniorVisit, UUID>> { \.$service.$id }
}

extension OperatingModel: ServiceOwned {
    static var organisationKey: KeyPath<OperatingModel, FieldProperty<OperatingModel, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<OperatingModel, FieldProperty<OperatingModel, UUID>> { \.$service.$id }
}

extension OperatingModelSignature: OrganisationOwned {
    static var organisationKey: KeyPath<OperatingModelSignature, FieldProperty<OperatingModelSignature, UUID>> {
        \.$organisation.$id
    }
}

extension SafetyCheckRecord: ServiceOwned {
    static var organisationKey: KeyPath<SafetyCheckRecord, FieldProperty<SafetyCheckRecord, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<SafetyCheckRecord, FieldProperty<SafetyCheckRecord, UUID>> { \.$service.$id }
}

extension SafetyVerification: ServiceOwned {
    static var organisationKey: KeyPath<SafetyVerification, FieldProperty<SafetyVerification, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<SafetyVerification, FieldProperty<SafetyVerification, UUID>> { \.$service.$id }
}

extension LearningItem: ServiceOwned {
    static var organisationKey: KeyPath<LearningItem, FieldProperty<LearningItem, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<LearningItem, FieldProperty<LearningItem, UUID>> { \.$service.$id }
}

extension LearningCheck: ServiceOwned {
    static var organisationKey: KeyPath<LearningCheck, FieldProperty<LearningCheck, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<LearningCheck, FieldProperty<LearningCheck, UUID>> { \.$service.$id }
}

extension SeniorVisitLead: ServiceOwned {
    static var organisationKey: KeyPath<SeniorVisitLead, FieldProperty<SeniorVisitLead, UUID>> { \.$organisation.$id }
    static var serviceKey: KeyPath<SeniorVisitLead, FieldProperty<SeniorVisitLead, UUID>> { \.$service.$id }
}

extension SafeguardingConcern: ServiceOwned {
    static var organisationKey: KeyPath<SafeguardingConcern, FieldProperty<SafeguardingConcern, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<SafeguardingConcern, FieldProperty<SafeguardingConcern, UUID>> { \.$service.$id }
}

extension RestrictiveIntervention: ServiceOwned {
    static var organisationKey: KeyPath<RestrictiveIntervention, FieldProperty<RestrictiveIntervention, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<RestrictiveIntervention, FieldProperty<RestrictiveIntervention, UUID>> {
        \.$service.$id
    }
}

extension StatutoryNotification: ServiceOwned {
    static var organisationKey: KeyPath<StatutoryNotification, FieldProperty<StatutoryNotification, UUID>> {
        \.$organisation.$id
    }
    static var serviceKey: KeyPath<StatutoryNotification, FieldProperty<StatutoryNotification, UUID>> {
        \.$service.$id
    }
}

enum Access {
    static func service(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> Service {
        guard let id, let s = try await Service.query(on: db).visible(to: actor).filter(\.$id == id).first() else {
            throw AppError.notFound("service")
        }
        return s
    }

    static func action(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> RecoveryAction {
        guard let id, let a = try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$id == id).first()
        else {
            throw AppError.notFound("action")
        }
        return a
    }

    /// A user of the actor's organisation (admin pages).
    static func user(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> User {
        guard let id,
            let u = try await User.query(on: db)
                .filter(\.$organisation.$id == actor.organisationID).filter(\.$id == id).first()
        else {
            throw AppError.notFound("user")
        }
        return u
    }

    static func route(_ id: UUID?, for actor: Actor, on db: any Database) async throws -> ReviewRoute {
        guard let id,
            let r = try await ReviewRoute.query(on: db)
                .filter(\.$organisation.$id == actor.organisationID).filter(\.$id == id).first()
        else {
            throw AppError.notFound("review route")
        }
        return r
    }
}

extension Scoped {
    /// The services the actor sees, by name.
    static func services(for actor: Actor, on db: any Database) async throws -> [Service] {
        try await Service.query(on: db).visible(to: actor).sort(\.$name).all()
    }

    /// The change waiting for a decision on a record (of a service, for a series), if the actor sees one.
    static func pendingChange(
        on record: UUID, service: UUID? = nil, for actor: Actor, on db: any Database
    ) async throws -> PendingChange? {
        var q = PendingChange.query(on: db).visible(to: actor).filter(\.$recordID == record)
        if let service { q = q.filter(\.$service.$id == service) }
        return try await q.filter(\.$status == .pending).first()
    }
}

extension Scoped {
    /// A provider log's records the actor may read: those who read the provider's work, in their services
    /// (commissioners read the logs' measures, not the logs).
    static func providerLog<M: ServiceOwned>(
        _: M.Type, for actor: Actor, on db: any Database
    ) throws
        -> QueryBuilder<M>
    {
        try actor.require(.readProviderWork)
        return M.query(on: db).visible(to: actor)
    }

    /// One record of a provider log, or a 404 naming what was asked for (another organisation's record, or
    /// another service's for a service-scoped role, is not found).
    static func providerRecord<M: ServiceOwned>(
        _: M.Type, _ id: UUID?, what: String, for actor: Actor, on db: any Database
    ) async throws -> M where M.IDValue == UUID {
        guard let id, let record = try await providerLog(M.self, for: actor, on: db).filter(\._$id == id).first()
        else { throw AppError.notFound(what) }
        return record
    }
}

extension Fields {
    /// A field's column name, for SQL written with SQLKit.
    static func column<P: QueryableProperty>(_ field: KeyPath<Self, P>) -> String {
        path(for: field).map(\.description).joined(separator: "_")
    }
}

/// See `Scoped.ids(of:in:)`.
struct PickedIDs: SQLExpression {
    let column: SQLColumn
    let ids: any SQLExpression

    func serialize(to serializer: inout SQLSerializer) {
        SQLBinaryExpression(column, .in, ids).serialize(to: &serializer)
    }
}
