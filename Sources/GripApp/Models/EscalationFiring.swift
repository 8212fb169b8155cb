import Fluent
import Foundation
import GripCore

/// One occasion on which an escalation threshold fired (issue 36): what it fired on, by when someone must act, and
/// how it was answered — an escalation raised and linked, taken up internally, or a decision not to escalate that a
/// second person approved. Written by `EscalationSweep` once per occasion (`key`, unique in the organisation).
final class EscalationFiring: Model, @unchecked Sendable {
    static let schema = "escalation_firings"

    enum Answer: String, Codable, Sendable, CaseIterable {
        /// An escalation to the commissioner, linked (`escalation`).
        case raised
        /// An internal escalation taken up by the registered manager or quality lead, with what they are doing.
        case internalTakenUp = "taken_up"
        /// Not escalated, for a reason a second person approved.
        case notEscalating = "not_escalating"

        var label: String {
            switch self {
            case .raised: "Escalation raised"
            case .internalTakenUp: "Taken up internally"
            case .notEscalating: "Not escalated"
            }
        }
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "key") var key: String
    @Field(key: "trigger") var trigger: EscalationTrigger
    @Field(key: "level") var level: EscalationLevel
    /// concern, series, person or action, with `subjectID`.
    @Field(key: "subject_kind") var subjectKind: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "fired_at") var firedAt: Date
    @Field(key: "deadline") var deadline: Date
    @Field(key: "evidence") var evidence: String
    @Field(key: "thresholds_version") var thresholdsVersion: Int
    @OptionalField(key: "answer") var answer: Answer?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answer_note") var answerNote: String?
    /// Whether it was answered after its time (kept, so the heat map and the pack count without a clock).
    @Field(key: "late") var late: Bool

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @OptionalParent(key: "answered_by_id") var answeredBy: User?
    @OptionalParent(key: "escalation_id") var escalation: Escalation?

    init() {}

    var clock: EscalationClock { .of(deadline: deadline, answeredAt: answeredAt, now: Clock.current.now()) }
}

extension EscalationFiring {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _key, _trigger, _level, _subjectKind, _subjectID, _firedAt, _deadline,
            _evidence, _thresholdsVersion, _answer, _answeredAt, _answerNote, _late, _organisation, _service,
            _answeredBy, _escalation
        ]
    }
}

extension TriggerFiring.Subject {
    var kind: String {
        switch self {
        case .concern: "concern"
        case .series: "series"
        case .person: "person"
        case .action: "action"
        }
    }

    var id: UUID {
        switch self {
        case .concern(let id), .series(let id), .person(let id), .action(let id): id
        }
    }
}
