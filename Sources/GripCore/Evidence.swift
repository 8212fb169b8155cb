import Foundation

/// The kinds of evidence Grip records (API values).
public enum EvidenceKind: String, CaseIterable, Sendable, Codable {
    case careRecord = "care_record"
    case audit, observation, supervision, feedback, minutes, training, rota
    case incidentData = "incident_data"

    public var label: String {
        switch self {
        case .careRecord: "Care record sample"
        case .audit: "Audit"
        case .observation: "Observation"
        case .supervision: "Supervision note"
        case .feedback: "Feedback"
        case .minutes: "Minutes"
        case .training: "Training record"
        case .rota: "Rota"
        case .incidentData: "Incident data"
        }
    }
}

/// The CQC evidence categories by the reference file's ids.
public enum EvidenceCategories {
    public static let peoplesExperience = "people"
    public static let observation = "observation"
    public static let outcomes = "outcomes"
    /// Direct evidence for high and extreme actions: seen, or heard from people who use the service.
    public static let direct: Set<String> = [peoplesExperience, observation]
}

/// Progress RAG of a review, always shown with its word.
public enum RAG: String, CaseIterable, Sendable, Codable {
    case red, amber, green
    public var label: String { rawValue.capitalized }
}

/// One item of evidence as the gate and flags see it.
public struct EvidenceFact: Sendable, Hashable {
    public let category: String
    public let date: Day
    public init(category: String, date: Day) {
        self.category = category
        self.date = date
    }
}
