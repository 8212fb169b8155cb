import Fluent
import Foundation

/// A provider: the tenant boundary. Holds the head of its audit hash chain.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    /// The id of the regulator framework version in force (`cqc-qs-2023`).
    @Field(key: "framework_version") var frameworkVersion: String
    /// The day the framework in force took effect for the organisation (nil: since it was set up).
    @OptionalField(key: "framework_effective_on") var frameworkEffectiveOn: String?
    @Field(key: "risk_matrix_version") var riskMatrixVersion: String
    @Field(key: "review_policy_version") var reviewPolicyVersion: String
    @Field(key: "audit_seq") var auditSeq: Int
    @Field(key: "audit_head") var auditHead: String
    @Field(key: "next_action_number") var nextActionNumber: Int
    @Field(key: "next_escalation_number") var nextEscalationNumber: Int
    /// Roles that must use two-factor sign-in, comma-separated (`TwoFactorPolicy`).
    @Field(key: "two_factor_roles") var twoFactorRoles: String
    /// The last day this organisation's e-mail digests were composed (issue 24).
    @OptionalField(key: "digest_day") var digestDay: String?

    init() {}

    init(
        id: UUID? = nil, name: String, frameworkVersion: String, riskMatrixVersion: String, reviewPolicyVersion: String
    ) {
        self.id = id
        self.name = name
        self.frameworkVersion = frameworkVersion
        self.riskMatrixVersion = riskMatrixVersion
        self.reviewPolicyVersion = reviewPolicyVersion
        self.auditSeq = 0
        self.auditHead = AuditHash.genesis
        self.nextActionNumber = 1
        self.nextEscalationNumber = 1
        self.twoFactorRoles = ""
    }
}

// Fluent finds a model's fields by reflection for every row it reads (a third of a busy page's time);
// these lists name them in declaration order instead. `ModelFieldListTests` checks each against reflection.
extension Organisation {
    var properties: [any AnyProperty] {
        [
            _id, _createdAt, _name, _frameworkVersion, _frameworkEffectiveOn, _riskMatrixVersion, _reviewPolicyVersion,
            _auditSeq, _auditHead, _nextActionNumber, _nextEscalationNumber,
            _twoFactorRoles, _digestDay
        ]
    }
}
