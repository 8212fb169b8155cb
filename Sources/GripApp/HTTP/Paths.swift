import Foundation

/// The one typed place that builds Grip's URLs.
enum Paths {
    static let home = SiteRoute.home.pattern
    static let setup = SiteRoute.setup.pattern
    static let signOut = SiteRoute.signOut.pattern
    static let signInCode = SiteRoute.signInCode.pattern
    static let twoFactor = SiteRoute.accountTwoFactor.pattern
    static func signIn(next: String? = nil) -> String {
        guard let next, next != "/", next.hasPrefix("/"), !next.hasPrefix("//") else { return "/sign-in" }
        return "/sign-in?next="
            + (next.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "")
    }
    static let actions = SiteRoute.actions.pattern
    static let newAction = SiteRoute.newAction.pattern
    static func action(_ id: UUID, tab: String? = nil) -> String {
        SiteRoute.action(id) + (tab.map { "?tab=\($0)" } ?? "")
    }
    static func editAction(_ id: UUID) -> String { SiteRoute.actionEdit(id) }
    static func actionTransition(_ id: UUID) -> String { SiteRoute.actionTransition(id) }
    static func actionDueDay(_ id: UUID) -> String { SiteRoute.actionDueDay(id) }
    static func actionSteps(_ id: UUID) -> String { SiteRoute.actionSteps(id) }
    static func actionStepDone(_ id: UUID, _ step: UUID) -> String { SiteRoute.actionStepDone(id, step) }
    static func actionEvidence(_ id: UUID) -> String { SiteRoute.actionEvidence(id) }
    static func actionEvidenceRequests(_ id: UUID) -> String { SiteRoute.actionEvidenceRequests(id) }
    static func actionReviews(_ id: UUID) -> String { SiteRoute.actionReviews(id) }
    static func actionClose(_ id: UUID) -> String { SiteRoute.actionClose(id) }
    static func actionProgress(_ id: UUID) -> String { SiteRoute.actionProgress(id) }
    static func actionChange(_ id: UUID, _ change: UUID) -> String { SiteRoute.actionChange(id, change) }
    /// The held change in the API (its approve and refuse routes are under it).
    static func apiActionChange(_ id: UUID, _ change: UUID) -> String { SiteRoute.apiActionChanges(id) + "/\(change)" }
    static let apiChanges = SiteRoute.apiChanges.pattern
    static func apiChange(_ id: UUID) -> String { SiteRoute.apiChange(id) }
    static func change(_ id: UUID) -> String { SiteRoute.change(id) }
    static let rules = SiteRoute.rules.pattern
    static func actionReAudits(_ id: UUID) -> String { SiteRoute.actionReAudits(id) }
    static func editEvidence(_ id: UUID) -> String { SiteRoute.evidenceEdit(id) }
    static func evidenceFile(_ id: UUID, _ file: UUID) -> String {
        SiteRoute.evidenceFile(id, file)
    }
    static func apiEvidenceFile(_ id: UUID, _ file: UUID) -> String {
        SiteRoute.apiEvidenceFile(id, file)
    }
    static let dashboard = SiteRoute.dashboard.pattern
    /// The provider dashboard in an order, showing one indicator's small multiples (issue 24).
    static func dashboard(sort: String?, indicator: UUID?, page: Int = 1, fragment: String? = nil) -> String {
        var items: [String] = []
        if let sort, sort != "fragility" { items.append("sort=\(sort)") }
        if let indicator { items.append("indicator=\(indicator.uuidString)") }
        if page > 1 { items.append("page=\(page)") }
        return dashboard + (items.isEmpty ? "" : "?" + items.joined(separator: "&")) + (fragment.map { "#" + $0 } ?? "")
    }
    static let map = SiteRoute.map.pattern
    static func serviceDashboard(_ id: UUID) -> String { SiteRoute.serviceDashboard(id) }
    static let indicators = SiteRoute.indicators.pattern
    static func indicator(_ id: UUID) -> String { SiteRoute.indicator(id) }
    static func series(_ indicator: UUID, _ service: UUID) -> String {
        SiteRoute.indicatorService(indicator, service)
    }
    static let sources = SiteRoute.sources.pattern
    static let frameworks = SiteRoute.frameworks.pattern
    static let frameworksInForce = SiteRoute.frameworksInForce.pattern
    static let frameworksCommissioners = SiteRoute.frameworksCommissioners.pattern
    static let frameworksCrosswalks = SiteRoute.frameworksCrosswalks.pattern
    static let frameworksRemap = SiteRoute.frameworksRemap.pattern
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
    static let apiFrameworks = SiteRoute.apiFrameworks.pattern
    static func apiFramework(_ id: String) -> String { SiteRoute.apiFramework.path([id]) }
    static let admin = SiteRoute.admin.pattern
    static let adminServices = SiteRoute.adminServices.pattern
    static func adminService(_ id: UUID) -> String { SiteRoute.adminService(id) }
    static let adminUsers = SiteRoute.adminUsers.pattern
    static func adminUser(_ id: UUID) -> String { SiteRoute.adminUser(id) }
    static func adminUserReset(_ id: UUID) -> String { SiteRoute.adminUserResetLink(id) }
    static func adminUserDeactivate(_ id: UUID) -> String { SiteRoute.adminUserDeactivate(id) }
    static func adminUserTwoFactorReset(_ id: UUID) -> String { SiteRoute.adminUserTwoFactorReset(id) }
    static let adminSettingsTwoFactor = SiteRoute.adminSettingsTwoFactor.pattern
    static let adminRoutes = SiteRoute.adminRoutes.pattern
    static func adminRoute(_ id: UUID) -> String { SiteRoute.adminRoute(id) }
    static let adminTokens = SiteRoute.adminTokens.pattern
    static func adminTokenRevoke(_ id: UUID) -> String { SiteRoute.adminTokenRevoke(id) }
    static let adminSettings = SiteRoute.adminSettings.pattern
    static func resetPassword(_ token: String) -> String { SiteRoute.resetPassword.path([token]) }

    static let api = "/api/v1"
    static func apiAction(_ id: UUID) -> String { SiteRoute.apiAction(id) }
}

extension Paths {
    static let meetings = SiteRoute.meetings.pattern
    static func route(_ id: UUID) -> String { SiteRoute.route(id) }
    static func routeMeetings(_ id: UUID) -> String { SiteRoute.routeMeetings(id) }
    static func meeting(_ id: UUID) -> String { SiteRoute.meeting(id) }
    static func meetingStart(_ id: UUID) -> String { SiteRoute.meetingStart(id) }
    static func meetingAttendance(_ id: UUID) -> String { SiteRoute.meetingAttendance(id) }
    static func meetingApprove(_ id: UUID) -> String { SiteRoute.meetingApprove(id) }
    static func meetingAddenda(_ id: UUID) -> String { SiteRoute.meetingAddenda(id) }
    static func meetingItem(_ id: UUID, _ item: UUID) -> String {
        SiteRoute.meetingItem(id, item)
    }
    static let decisions = SiteRoute.decisions.pattern
    static let governance = SiteRoute.governance.pattern
    static func decisionDone(_ id: UUID) -> String { SiteRoute.decisionDone(id) }
    static let calendarSettings = SiteRoute.accountCalendar.pattern
    static let mailSettings = SiteRoute.accountMail.pattern
    static func calendarFeed(_ token: String) -> String { "/calendar/\(token).ics" }
    static func escalation(_ id: UUID) -> String { SiteRoute.escalation(id) }
    static let escalationThresholds = SiteRoute.escalationThresholds.pattern
    static func firing(_ id: UUID) -> String { SiteRoute.firing(id) }
    static func safetyModel(_ id: UUID) -> String { SiteRoute.safetyModel(id) }

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
    static let people = SiteRoute.people.pattern
    static let newPerson = SiteRoute.newPerson.pattern
    static func person(_ id: UUID) -> String { SiteRoute.person(id) }
    static func editPerson(_ id: UUID) -> String { SiteRoute.personEdit(id) }
    static func personShares(_ id: UUID) -> String { SiteRoute.personShares(id) }
    static let safeguarding = SiteRoute.safeguarding.pattern
    static func newConcern(person: UUID? = nil) -> String {
        SiteRoute.newConcern.pattern + (person.map { "?person=\($0.uuidString)" } ?? "")
    }
    static func concern(_ id: UUID) -> String { SiteRoute.concern(id) }
    static let interventions = SiteRoute.interventions.pattern
    static func newIntervention(person: UUID? = nil) -> String {
        SiteRoute.newIntervention.pattern + (person.map { "?person=\($0.uuidString)" } ?? "")
    }
    static func intervention(_ id: UUID) -> String { SiteRoute.intervention(id) }
    static let notifications = SiteRoute.notifications.pattern
    static func notification(_ id: UUID) -> String { SiteRoute.notification(id) }
}
