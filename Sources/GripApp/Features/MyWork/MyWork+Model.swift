import Foundation
import GripCore

/// What is due or waiting for one person, highest risk first: My work, and the same content in the daily e-mail
/// digest (issue 24). Built by `MyWorkQuery` without a request.
struct MyWork: Encodable {
    struct StepRow: Encodable {
        let what: String
        let action: String
        let href: String
        let due: String
        let overdue: Bool
    }

    struct RequestRow: Encodable {
        let what: String
        let action: String
        let href: String
        let due: String
        let overdue: Bool
        let from: String
    }

    struct ServiceOverviewRow: Encodable {
        let name: String
        let href: String
        let live: Int
        let overdue: Int
        let extremeHigh: Int
    }

    struct SafetyCheckRow: Encodable {
        let title: String
        let href: String
        let service: String
        let today: String
        let complete: Bool
        let lapsed: Bool
    }

    struct LearningRow: Encodable {
        let service: String
        let summary: String
        let href: String
        let status: String
        let overdue: Bool
    }

    struct ApprovalRow: Encodable {
        let action: String
        let href: String
        let what: String
        let reason: String
        let by: String
        let at: String
    }

    struct UpdateDue: Encodable {
        let service: String
        let href: String
        let level: String
        let due: String
        let overdue: Bool
    }

    let name: String
    let role: String
    /// Thresholds that fired on my services and wait for an answer, soonest deadline first (issue 36).
    let escalationsDue: [FiringsWebController.FiringRow]
    /// Safety-critical operating models running on my services: today's checks done of those due (issue 36).
    let safetyChecks: [SafetyCheckRow]
    /// Learning shared with my services whose check is still open, soonest due first (issue 36).
    let learningChecks: [LearningRow]
    let approvals: [ApprovalRow]
    let reAudits: RowsTable
    let signOff: RowsTable
    let reviewsDue: RowsTable
    let leading: RowsTable
    let monitoring: RowsTable
    let requests: [RequestRow]
    let steps: [StepRow]
    let servicesOverview: [ServiceOverviewRow]
    let isCommissioner: Bool
    let updatesDue: [UpdateDue]
    let notices: [Notifications.Notice]
    let careLogs: CareLogWork
}

/// My work's page: the person's work and the page's frame.
struct HomePage: Encodable {
    let layout: Layout
    let work: MyWork

    enum CodingKeys: String, CodingKey {
        case layout, name, role, escalationsDue, safetyChecks, learningChecks, approvals, reAudits, signOff, reviewsDue,
            leading,
            monitoring,
            requests, steps,
            servicesOverview, isCommissioner, updatesDue, notices, careLogs
    }

    /// The template reads the work's fields at the top level, beside `layout`.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(layout, forKey: .layout)
        try c.encode(work.name, forKey: .name)
        try c.encode(work.role, forKey: .role)
        try c.encode(work.escalationsDue, forKey: .escalationsDue)
        try c.encode(work.safetyChecks, forKey: .safetyChecks)
        try c.encode(work.learningChecks, forKey: .learningChecks)
        try c.encode(work.approvals, forKey: .approvals)
        try c.encode(work.reAudits, forKey: .reAudits)
        try c.encode(work.signOff, forKey: .signOff)
        try c.encode(work.reviewsDue, forKey: .reviewsDue)
        try c.encode(work.leading, forKey: .leading)
        try c.encode(work.monitoring, forKey: .monitoring)
        try c.encode(work.requests, forKey: .requests)
        try c.encode(work.steps, forKey: .steps)
        try c.encode(work.servicesOverview, forKey: .servicesOverview)
        try c.encode(work.isCommissioner, forKey: .isCommissioner)
        try c.encode(work.updatesDue, forKey: .updatesDue)
        try c.encode(work.notices, forKey: .notices)
        try c.encode(work.careLogs, forKey: .careLogs)
    }
}
