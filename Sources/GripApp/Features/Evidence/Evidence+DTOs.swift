import Fluent
import GripCore
import Vapor

struct EvidenceFileDTO: Content {
    let id: UUID
    let filename: String
    let contentType: String
    let size: Int
    let href: String
}

struct EvidenceDTO: Content {
    let id: UUID
    let category: String
    let kind: EvidenceKind
    let date: Day
    let summary: String
    let recordedBy: PersonDTO
    let actionIds: [UUID]
    /// Items under the framework in force; `mappings` holds every version's.
    let statements: [String]
    let mappings: [MappingDTO]
    let files: [EvidenceFileDTO]
    let version: Int
}

struct EvidenceCreateDTO: Content {
    var category: String
    var kind: EvidenceKind
    var date: Day
    var summary: String
    var statements: [String]?
    var requestId: UUID?
    var actionIds: [UUID]?
}

/// The multipart form of an evidence upload (field names as sent).
struct EvidenceMultipartDTO: Content {
    var category: String?
    var kind: String?
    var date: String?
    var summary: String?
    var statements: [String]?
    var request_id: String?
    var file: File?
}

struct ReviewCreateDTO: Content {
    var date: Day?
    var rag: RAG
    var measureValue: Double?
    var commentary: String
    var decision: String?
    var controlChange: String?
    var escalation: String?
}

struct ProgressUpdateCreateDTO: Content {
    var date: Day?
    var reportedMeasure: Double?
    var commentary: String
}

struct ProgressUpdateDTO: Content {
    let id: UUID
    let actionId: UUID
    let date: Day
    let reportedMeasure: Double?
    let commentary: String
    let author: PersonDTO
}

struct ReviewDTO: Content {
    let id: UUID
    let actionId: UUID
    let date: Day
    let rag: RAG
    let measureValue: Double?
    let commentary: String
    let decision: String
    let controlChange: String?
    let escalation: String?
    let reviewer: PersonDTO
    let nextReviewDay: Day
}

struct EvidenceRequestCreateDTO: Content {
    var personId: UUID
    var what: String
    var dueDay: Day
}

struct EvidenceRequestDTO: Content {
    let id: UUID
    let actionId: UUID
    let what: String
    let dueDay: Day
    let requestedOf: PersonDTO
    let fulfilled: Bool
}

struct ClosureDTO: Content {
    struct Condition: Content { let code: ClosureCondition; let message: String }
    let closable: Bool
    let unmet: [Condition]
}

struct CloseDTO: Content {
    struct Override: Content { var condition: ClosureCondition; var reason: String }
    var override: Override?
}

struct ReAuditCreateDTO: Content {
    var passed: Bool
    var finding: String
    var sample: String?
    var method: String?
    var controlChange: String?
    var evidenceId: UUID?
    var date: Day?
}
