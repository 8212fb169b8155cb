import GripCore
import Vapor

/// What every page's layout needs: title, navigation for the role, CSRF token, flash message.
struct Layout: Encodable {
    struct NavItem: Encodable { let label: String; let href: String; let current: Bool }
    let title: String
    let csrf: String
    let userName: String?
    let roleLabel: String?
    let organisation: String?
    let nav: [NavItem]
    let flash: String?

    init(_ req: Request, title: String, section: String? = nil) {
        self.title = title
        self.csrf = req.hasSession ? req.csrfToken : ""
        let actor = req.auth.get(Actor.self)
        self.userName = actor?.name
        self.roleLabel = actor?.role.label
        self.organisation = nil
        var items: [NavItem] = []
        if let actor, !actor.may(.readProviderWork) {
            // Commissioners read the recovery position of their services (DESIGN §4).
            items.append(NavItem(label: "Dashboard", href: Paths.dashboard, current: section == "dashboard"))
            items.append(NavItem(label: "Recovery map", href: Paths.map, current: section == "map"))
            items.append(
                NavItem(label: "Escalations", href: SiteRoute.escalations.pattern, current: section == "escalations"))
            items.append(NavItem(label: "People", href: Paths.people, current: section == "people"))
            items.append(NavItem(label: "Governance", href: Paths.governance, current: section == "governance"))
            items.append(NavItem(label: "Reports", href: SiteRoute.reports.pattern, current: section == "reports"))
        } else if let actor {
            items.append(NavItem(label: "My work", href: Paths.home, current: section == "home"))
            items.append(NavItem(label: "Dashboard", href: Paths.dashboard, current: section == "dashboard"))
            items.append(NavItem(label: "Actions", href: Paths.actions, current: section == "actions"))
            items.append(NavItem(label: "Indicators", href: Paths.indicators, current: section == "indicators"))
            items.append(NavItem(label: "Recovery map", href: Paths.map, current: section == "map"))
            items.append(NavItem(label: "Meetings", href: Paths.meetings, current: section == "meetings"))
            items.append(NavItem(label: "Decision log", href: Paths.decisions, current: section == "decisions"))
            items.append(NavItem(label: "Shared governance", href: Paths.governance, current: section == "governance"))
            items.append(
                NavItem(label: "Escalations", href: SiteRoute.escalations.pattern, current: section == "escalations"))
            items.append(NavItem(label: "People", href: Paths.people, current: section == "people"))
            items.append(NavItem(label: "Safeguarding", href: Paths.safeguarding, current: section == "safeguarding"))
            items.append(
                NavItem(
                    label: "Restrictive practice", href: Paths.interventions,
                    current: section == "interventions"))
            items.append(
                NavItem(
                    label: "CQC notifications", href: Paths.notifications,
                    current: section == "notifications"))
            if actor.may(.readPacks) {
                items.append(NavItem(label: "Reports", href: SiteRoute.reports.pattern, current: section == "reports"))
            }
            if actor.may(.manageSources) {
                items.append(NavItem(label: "Sources of concern", href: Paths.sources, current: section == "sources"))
            }
            if actor.may(.administer) {
                items.append(NavItem(label: "Admin", href: Paths.admin, current: section == "admin"))
            }
        }
        self.nav = items
        if req.hasSession, let f = req.session.data["flash"] {
            self.flash = f
            req.session.data["flash"] = nil
        } else {
            self.flash = nil
        }
    }
}

extension Request {
    func flash(_ message: String) { session.data["flash"] = message }

    /// Renders a page with a status (a form re-rendered with its errors answers 4xx).
    func render<T: Encodable>(
        _ template: String, _ context: T, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let res = try await view.render(template, context).encodeResponse(for: self)
        res.status = status
        return res
    }
}

/// An option of a select, radio or checkbox list.
struct Choice: Encodable {
    let value: String
    let label: String
    let selected: Bool
}

/// Per-field messages and the values the person typed, for re-rendering a form.
struct FormState: Encodable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var summary: [FieldError] = []

    init(values: [String: String] = [:], errors: [FieldError] = []) {
        self.values = values
        self.summary = errors
        for e in errors where self.errors[e.field] == nil { self.errors[e.field] = e.message }
    }
}

enum FormParse {
    static func day(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Day? {
        InputParse.day(raw, field, label, into: &errors)
    }

    static func number(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Double? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
        if s.isEmpty { return nil }
        if let d = Double(s), d.isFinite { return d }
        errors.append(FieldError(field, "\(label) must be a number, such as 75 or 2.5."))
        return nil
    }

    static func int(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Int? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let i = Int(s) { return i }
        errors.append(FieldError(field, "\(label) must be a whole number."))
        return nil
    }

    static func uuid(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> UUID? {
        InputParse.uuid(raw, field, label, into: &errors)
    }

    static func uuids(_ raw: [String]?, _ field: String, into errors: inout [FieldError]) -> [UUID] {
        (raw ?? []).compactMap { s in
            if let u = UUID(uuidString: s) { return u }
            errors.append(FieldError(field, "Choose from the list."))
            return nil
        }
    }
}
