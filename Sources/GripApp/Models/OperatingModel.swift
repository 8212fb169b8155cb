import Fluent
import Foundation
import GripCore

/// A safety-critical operating model on a service (issue 36): the time-limited checks a service runs in a crisis,
/// who completes and who verifies them, the actions they protect, re-signed by its owner or lapsed, ended only by a
/// stand-down a second person approves. (`GripCore.SafetyModel` holds its rules.)
final class OperatingModel: Model, @unchecked Sendable {
    static let schema = "safety_models"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "title") var title: String
    @Field(key: "start_day") var startDay: String
    @Field(key: "planned_end_day") var plannedEndDay: String
    @Field(key: "re_sign_days") var reSignDays: Int
    @Field(key: "shifts_per_day") var shiftsPerDay: Int
    /// JSON of `[OperatingModel.StoredCheck]`, in the order set up.
    @Field(key: "checks") var checksJSON: String
    @Field(key: "completed_by") var completedBy: String
    @Field(key: "verified_by") var verifiedBy: String
    /// JSON of the ids of the actions it protects (of its service).
    @Field(key: "protects") var protectsJSON: String
    @OptionalField(key: "stood_down_on") var stoodDownOn: String?
    @OptionalField(key: "stand_down_evidence") var standDownEvidence: String?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "owner_id") var owner: User
    @OptionalParent(key: "stood_down_by") var stoodDownBy: User?
    @OptionalParent(key: "stand_down_approved_by") var standDownApprovedBy: User?

    init() {}

    /// A check as stored: nil `timesADay` is once a shift.
    struct StoredCheck: Codable, Sendable, Hashable {
        let key: String
        let title: String
        let timesADay: Int?

        init(_ c: SafetyModel.Check) {
            key = c.key
            title = c.title
            if case .perDay(let n) = c.frequency { timesADay = n } else { timesADay = nil }
        }

        var check: SafetyModel.Check {
            .init(key: key, title: title, frequency: timesADay.map { .perDay($0) } ?? .perShift)
        }
    }

    var checks: [SafetyModel.Check] {
        ((try? JSONDecoder().decode([StoredCheck].self, from: Data(checksJSON.utf8))) ?? []).map(\.check)
    }

    var protects: [UUID] { (try? JSONDecoder().decode([UUID].self, from: Data(protectsJSON.utf8))) ?? [] }

    /// The model as the rules see it, with its owner's signatures.
    func facts(signedOn: [Day]) -> SafetyModel.Facts {
        SafetyModel.Facts(
            startDay: Day(iso: startDay)!, plannedEndDay: Day(iso: plannedEndDay)!, reSignDays: reSignDays,
            shiftsPerDay: shiftsPerDay, signedOn: signedOn, stoodDownOn: stoodDownOn.flatMap(Day.init(iso:)))
    }
}

/// The owner's signature keeping a model in force.
final class OperatingModelSignature: Model, @unchecked Sendable {
    static let schema = "safety_model_signatures"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "model_id") var model: OperatingModel
    @Parent(key: "signed_by") var signedBy: User

    init() {}
}

/// One check done, as the person who did it recorded it.
final class SafetyCheckRecord: Model, @unchecked Sendable {
    static let schema = "safety_check_records"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "check_key") var checkKey: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "model_id") var model: OperatingModel
    @Parent(key: "recorded_by") var recordedBy: User

    init() {}
}

/// A senior lead's verification of a day's check: how, whether the record held, what was found.
final class SafetyVerification: Model, @unchecked Sendable {
    static let schema = "safety_verifications"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "day") var day: String
    @Field(key: "check_key") var checkKey: String
    @Field(key: "method") var method: SafetyModel.VerificationMethod
    @Field(key: "held") var held: Bool
    @Field(key: "found") var found: String

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "service_id") var service: Service
    @Parent(key: "model_id") var model: OperatingModel
    @Parent(key: "verifier_id") var verifier: User

    init() {}
}

extension OperatingModel {
    var properties: [any AnyProperty] {
        [
            _id, _version, _createdAt, _title, _startDay, _plannedEndDay, _reSignDays, _shiftsPerDay, _checksJSON,
            _completedBy, _verifiedBy, _protectsJSON, _stoodDownOn, _standDownEvidence, _organisation, _service,
            _owner, _stoodDownBy, _standDownApprovedBy
        ]
    }
}

extension OperatingModelSignature {
    var properties: [any AnyProperty] { [_id, _createdAt, _day, _organisation, _model, _signedBy] }
}

extension SafetyCheckRecord {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _day, _checkKey, _organisation, _service, _model, _recordedBy]
    }
}

extension SafetyVerification {
    var properties: [any AnyProperty] {
        [_id, _createdAt, _day, _checkKey, _method, _held, _found, _organisation, _service, _model, _verifier]
    }
}
