import Fluent
import Foundation
import GripCore
import Vapor

@testable import GripApp

/// An open firing of an escalation threshold, written as the sweep would write it (issue 36): for tests of the
/// answers, which do not depend on what fired it.
enum FiringFixture {
    static func make(
        _ app: Application, organisation: UUID, service: UUID, level: EscalationLevel = .internal,
        trigger: EscalationTrigger = .redReviews, key: String, firedAt: Date = Date().addingTimeInterval(-3600),
        deadline: Date = Date().addingTimeInterval(86_400)
    ) async throws -> EscalationFiring {
        let f = EscalationFiring()
        f.$organisation.id = organisation
        f.$service.id = service
        f.version = 1
        f.key = key
        f.trigger = trigger
        f.level = level
        f.subjectKind = "action"
        f.subjectID = UUID()
        f.firedAt = firedAt
        f.deadline = deadline
        f.evidence = "A-0001 (high risk): 2 red assurance reviews in a row."
        f.thresholdsVersion = 1
        f.late = false
        try await f.create(on: app.db)
        return f
    }
}
