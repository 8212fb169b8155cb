import Foundation

/// An indicator of the default catalogue (DESIGN §2).
public struct IndicatorDefinition: Sendable, Hashable {
    public let name: String
    public let unit: String
    public let period: IndicatorPeriodKind
    public let direction: SPC.Direction
    public let target: Double?
    public let statements: [String]
    /// For a neutral indicator: the side whose special causes are concerns all the same.
    public var warnOn: SPC.WarnOn? = nil

    public static let defaults: [IndicatorDefinition] = [
        .init(name: "Falls", unit: "falls", period: .month, direction: .down, target: nil, statements: ["S2", "S4"]),
        .init(
            name: "Medication errors", unit: "errors", period: .month, direction: .down, target: nil, statements: ["S8"]
        ),
        .init(
            name: "Missed or late calls", unit: "calls", period: .month, direction: .down, target: nil,
            statements: ["R2"]),
        // More concerns raised can be better reporting or more harm: neutral, but a rise is an early warning.
        .init(
            name: "Safeguarding concerns", unit: "concerns", period: .month, direction: .neutral, target: nil,
            statements: ["S3"],
            warnOn: .rise),
        .init(
            name: "Complaints", unit: "complaints", period: .month, direction: .down, target: nil, statements: ["R4"]),
        .init(
            name: "Compliments", unit: "compliments", period: .month, direction: .up, target: nil, statements: ["R4"]),
        .init(name: "Incidents", unit: "incidents", period: .month, direction: .down, target: nil, statements: ["S1"]),
        .init(
            name: "Restrictive interventions", unit: "interventions", period: .month, direction: .down, target: nil,
            statements: ["S4", "C3"]),
        .init(name: "Pressure ulcers", unit: "ulcers", period: .month, direction: .down, target: 0, statements: ["E2"]),
        .init(
            name: "Hospital admissions", unit: "admissions", period: .month, direction: .down, target: nil,
            statements: ["E4"]),
        .init(name: "Agency use", unit: "% of hours", period: .month, direction: .down, target: 10, statements: ["S6"]),
        .init(name: "Vacancies", unit: "posts", period: .month, direction: .down, target: nil, statements: ["S6"]),
        .init(
            name: "Staff turnover", unit: "% a year", period: .month, direction: .down, target: 25,
            statements: ["S6", "C5"]),
        .init(name: "Sickness", unit: "% of hours", period: .month, direction: .down, target: 4, statements: ["C5"]),
        .init(
            name: "Supervision compliance", unit: "%", period: .month, direction: .up, target: 90,
            statements: ["C5", "W6"]),
        .init(
            name: "Training compliance", unit: "%", period: .month, direction: .up, target: 95, statements: ["S6", "E2"]
        ),
        .init(
            name: "Overdue care-plan reviews", unit: "reviews", period: .month, direction: .down, target: 0,
            statements: ["R1", "E1"]),
        .init(name: "Audit scores", unit: "%", period: .month, direction: .up, target: 90, statements: ["W5"])
    ]
}
