import Fluent
import Foundation

/// Who makes a service's senior visits (issue 36): the person named for its planned visits and for its
/// unannounced ones (nobody named: any of the nominated individual and the quality leads). One row per service.
final class SeniorVisitLead: Model, @unchecked Sendable {
    static let schema = "senior_visit_leads"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @OptionalParent(key: "planned_by") var plannedBy: User?
    @OptionalParent(key: "unannounced_by") var unannouncedBy: User?

    init() {}
}

extension SeniorVisitLead {
    var properties: [any AnyProperty] { [_id, _version, _organisation, _service, _plannedBy, _unannouncedBy] }
}
