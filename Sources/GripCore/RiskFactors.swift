/// The five risk factors of an action, each 1–5.
public struct RiskFactors: Hashable, Sendable, Codable {
    public var harm: Int
    public var peopleAffected: Int
    public var recurrence: Int
    public var regulatoryImpact: Int
    public var controlWeakness: Int

    public init(harm: Int, peopleAffected: Int, recurrence: Int, regulatoryImpact: Int, controlWeakness: Int) {
        self.harm = harm
        self.peopleAffected = peopleAffected
        self.recurrence = recurrence
        self.regulatoryImpact = regulatoryImpact
        self.controlWeakness = controlWeakness
    }

    public static let fieldNames: [(key: String, label: String)] = [
        ("harm", "Potential harm"), ("people_affected", "People affected"),
        ("recurrence", "Likelihood of recurrence"), ("regulatory_impact", "Regulatory impact"),
        ("control_weakness", "Weakness of current controls")
    ]

    var values: [Int] { [harm, peopleAffected, recurrence, regulatoryImpact, controlWeakness] }

    /// Each factor must be a whole number from 1 to 5.
    public func validate() -> [FieldError] {
        zip(RiskFactors.fieldNames, values).compactMap { name, value in
            (1...5).contains(value) ? nil : FieldError(name.key, "\(name.label) must be from 1 to 5 (was \(value)).")
        }
    }
}
