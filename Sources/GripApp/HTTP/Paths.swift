import Foundation

/// The one typed place that builds Grip's URLs.
enum Paths {
    static let home = "/"
    static let setup = "/setup"
    static let signOut = "/sign-out"
    static let signInCode = "/sign-in/code"
    static let twoFactor = "/account/two-factor"
    static func signIn(next: String? = nil) -> String {
        guard let next, next != "/", next.hasPrefix("/"), !next.hasPrefix("//") else { return "/sign-in" }
        return "/sign-in?next="
            + (next.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "")
    }
    static let actions = "/actions"
    static let newAction = "/actions/new"
    static func action(_ id: UUID, tab: String? = nil) -> String {
        "/actions/\(id.uuidString)" + (tab.map { "?tab=\($0)" } ?? "")
    }
    static func editAction(_ id: UUID) -> String { "/actions/\(id.uuidString)/edit" }
    static func actionTransition(_ id: UUID) -> String { "/actions/\(id.uuidString)/transition" }
    static func actionDueDay(_ id: UUID) -> String { "/actions/\(id.uuidString)/due-day" }
    static func actionSteps(_ id: UUID) -> String { "/actions/\(id.uuidString)/steps" }
    static func actionStepDone(_ id: UUID, _ step: UUID) -> String {
        "/actions/\(id.uuidString)/steps/\(step.uuidString)/done"
    }
    static func actionEvidence(_ id: UUID) -> String { "/actions/\(id.uuidString)/evidence" }
    static func actionEvidenceRequests(_ id: UUID) -> String { "/actions/\(id.uuidString)/evidence-requests" }
    static func actionReviews(_ id: UUID) -> String { "/actions/\(id.uuidString)/reviews" }
    static func actionClose(_ id: UUID) -> String { "/actions/\(id.uuidString)/close" }
    static func actionProgress(_ id: UUID) -> String { "/actions/\(id.uuidString)/progress" }
    static func actionChange(_ id: UUID, _ change: UUID) -> String {
        "/actions/\(id.uuidString)/changes/\(change.uuidString)"
    }
    static func apiActionChange(_ id: UUID, _ change: UUID) -> String {
        "/api/v1/actions/\(id.uuidString)/changes/\(change.uuidString)"
    }
    static let apiChanges = "/api/v1/changes"
    static func apiChange(_ id: UUID) -> String { "/api/v1/changes/\(id.uuidString)" }
    static let changes = "/changes"
    static func change(_ id: UUID) -> String { "/changes/\(id.uuidString)" }
    static let rules = "/rules"
    static func actionReAudits(_ id: UUID) -> String { "/actions/\(id.uuidString)/reaudits" }
    static func editEvidence(_ id: UUID) -> String { "/evidence/\(id.uuidString)/edit" }
    static func evidenceFile(_ id: UUID, _ file: UUID) -> String {
        "/evidence/\(id.uuidString)/files/\(file.uuidString)"
    }
    static func apiEvidenceFile(_ id: UUID, _ file: UUID) -> String {
        "/api/v1/evidence/\(id.uuidString)/files/\(file.uuidString)"
    }
    static let dashboard = "/dashboard"
    /// The provider dashboard in an order, showing one indicator's small multiples (issue 24).
    static func dashboard(sort: String?, indicator: UUID?, page: Int = 1, fragment: String? = nil) -> String {
        var items: [String] = []
        if let sort, sort != "fragility" { items.append("sort=\(sort)") }
        if let indicator { items.append("indicator=\(indicator.uuidString)") }
        if page > 1 { items.append("page=\(page)") }
        return dashboard + (items.isEmpty ? "" : "?" + items.joined(separator: "&")) + (fragment.map { "#" + $0 } ?? "")
    }
    static let map = "/map"
    static func serviceDashboard(_ id: UUID) -> String { "/services/\(id.uuidString)/dashboard" }
    static let indicators = "/indicators"
    static func indicator(_ id: UUID) -> String { "/indicators/\(id.uuidString)" }
    static func series(_ indicator: UUID, _ service: UUID) -> String {
        "/indicators/\(indicator.uuidString)/services/\(service.uuidString)"
    }
    static let sources = "/sources"
    static let frameworks = "/frameworks"
    static let frameworksInForce = "/frameworks/in-force"
    static let frameworksCommissioners = "/frameworks/commissioners"
    static let frameworksCrosswalks = "/frameworks/crosswalks"
    static let frameworksRemap = "/frameworks/remap"
    static func framework(_ id: String, format: String? = nil) -> String {
        "/frameworks/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)"
            + (format.map { "?format=\($0)" } ?? "")
    }
    static func crosswalk(from: String, to: String, format: String? = nil) -> String {
        let enc = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? s }
        return "/frameworks/crosswalks/\(enc(from))/\(enc(to))" + (format.map { "?format=\($0)" } ?? "")
    }
    static func remap(from: String, to: String) -> String {
        let enc = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        return "/frameworks/remap?from=\(enc(from))&to=\(enc(to))"
    }
    static let apiFrameworks = "/api/v1/frameworks"
    static func apiFramework(_ id: String) -> String { "/api/v1/frameworks/\(id)" }
    static let admin = "/admin"
    static let adminServices = "/admin/services"
    static func adminService(_ id: UUID) -> String { "/admin/services/\(id.uuidString)" }
    static let adminUsers = "/admin/users"
    static func adminUser(_ id: UUID) -> String { "/admin/users/\(id.uuidString)" }
    static func adminUserReset(_ id: UUID) -> String { "/admin/users/\(id.uuidString)/reset-link" }
    static func adminUserDeactivate(_ id: UUID) -> String { "/admin/users/\(id.uuidString)/deactivate" }
    static func adminUserTwoFactorReset(_ id: UUID) -> String { "/admin/users/\(id.uuidString)/two-factor/reset" }
    static let adminSettingsTwoFactor = "/admin/settings/two-factor"
    static let adminRoutes = "/admin/routes"
    static func adminRoute(_ id: UUID) -> String { "/admin/routes/\(id.uuidString)" }
    static let adminTokens = "/admin/tokens"
    static func adminTokenRevoke(_ id: UUID) -> String { "/admin/tokens/\(id.uuidString)/revoke" }
    static let adminSettings = "/admin/settings"
    static func resetPassword(_ token: String) -> String { "/reset-password/\(token)" }

    static let api = "/api/v1"
    static func apiAction(_ id: UUID) -> String { "/api/v1/actions/\(id.uuidString)" }
}

extension Paths {
    static let meetings = "/meetings"
    static func route(_ id: UUID) -> String { "/routes/\(id.uuidString)" }
    static func routeMeetings(_ id: UUID) -> String { "/routes/\(id.uuidString)/meetings" }
    static func meeting(_ id: UUID) -> String { "/meetings/\(id.uuidString)" }
    static func meetingStart(_ id: UUID) -> String { "/meetings/\(id.uuidString)/start" }
    static func meetingAttendance(_ id: UUID) -> String { "/meetings/\(id.uuidString)/attendance" }
    static func meetingApprove(_ id: UUID) -> String { "/meetings/\(id.uuidString)/approve" }
    static func meetingAddenda(_ id: UUID) -> String { "/meetings/\(id.uuidString)/addenda" }
    static func meetingItem(_ id: UUID, _ item: UUID) -> String {
        "/meetings/\(id.uuidString)/items/\(item.uuidString)"
    }
    static let decisions = "/decisions"
    static let governance = "/governance"
    static func decisionDone(_ id: UUID) -> String { "/decisions/\(id.uuidString)/done" }
    static let calendarSettings = "/account/calendar"
    static let mailSettings = "/account/mail"
    static func calendarFeed(_ token: String) -> String { "/calendar/\(token).ics" }
    static func escalation(_ id: UUID) -> String { "/escalations/\(id.uuidString)" }

    /// Where an agenda item's record lives.
    static func agendaRecord(action: UUID?, escalation: UUID?, indicator: UUID?, service: UUID?) -> String? {
        if let action { return Paths.action(action) }
        if let escalation { return Paths.escalation(escalation) }
        if let indicator, let service { return Paths.series(indicator, service) }
        return nil
    }
}

/// People supported and the safeguarding log (issue 23).
extension Paths {
    static let people = "/people"
    static let newPerson = "/people/new"
    static func person(_ id: UUID) -> String { "/people/\(id.uuidString)" }
    static func editPerson(_ id: UUID) -> String { "/people/\(id.uuidString)/edit" }
    static func personShares(_ id: UUID) -> String { "/people/\(id.uuidString)/shares" }
    static let safeguarding = "/safeguarding"
    static func newConcern(person: UUID? = nil) -> String {
        "/safeguarding/new" + (person.map { "?person=\($0.uuidString)" } ?? "")
    }
    static func concern(_ id: UUID) -> String { "/safeguarding/\(id.uuidString)" }
    static let interventions = "/interventions"
    static func newIntervention(person: UUID? = nil) -> String {
        "/interventions/new" + (person.map { "?person=\($0.uuidString)" } ?? "")
    }
    static func intervention(_ id: UUID) -> String { "/interventions/\(id.uuidString)" }
    static let notifications = "/cqc-notifications"
    static func notification(_ id: UUID) -> String { "/cqc-notifications/\(id.uuidString)" }
}
