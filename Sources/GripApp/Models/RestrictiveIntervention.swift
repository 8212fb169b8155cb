import Fluent
import Foundation
import GripCore

/// A restrictive intervention (issue 23): when, where, what led up to it, what was done and for how long, who was
/// involved and hurt, the debrief within 24 hours, and the restrictive practice panel's sign-off of the learning.
final class RestrictiveIntervention: Model, @unchecked Sendable {
    static let schema = "restrictive_interventions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "minutes") var minutes: Int
    @Field(key: "place") var place: String
    @Field(key: "trigger") var trigger: String
    @Field(key: "kind") var kind: InterventionKind
    @Field(key: "staff") var staff: String
    @Field(key: "injury") var injury: InjuryOutcome
    /// Minutes until the person was settled again, when known.
    @OptionalField(key: "recovery_minutes") var recoveryMinutes: Int?
    @OptionalField(key: "debrief_at") var debriefAt: Date?
    @Field(key: "debrief_by") var debriefBy: String
    /// The day the restrictive practice panel reviewed it and signed the learning off; nil while it waits.
    @OptionalField(key: "panel_on") var panelOn: String?
    @Field(key: "learning") var learning: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "person_id") var person: Person
    /// Who recorded it; none for the command line (its audit entries name the command).
    @OptionalParent(key: "recorded_by_id") var recordedBy: User?
    @OptionalParent(key: "panel_by_id") var panelBy: User?

    init() {}

    var facts: InterventionFacts {
        InterventionFacts(startedAt: startedAt, minutes: minutes, place: place, debriefAt: debriefAt)
    }
}

extension RestrictiveIntervention {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _startedAt, _minutes, _place, _trigger, _kind, _staff, _injury, _recoveryMinutes,
            _debriefAt, _debriefBy, _panelOn, _learning, _organisation, _service, _person, _recordedBy, _panelBy
        ]
    }
}
