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
            items.append(NavItem(label: "Learning", href: SiteRoute.learning.pattern, current: section == "learning"))
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
