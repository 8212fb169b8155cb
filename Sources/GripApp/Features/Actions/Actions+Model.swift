import GripCore
import Vapor

/// A row of the action list (and My work).
struct ActionRow: Encodable {
    let href: String
    let reference: String
    let title: String
    let service: String
    let band: String
    let bandClass: String
    let score: Int
    let status: String
    let lead: String
    let due: String
    let overdue: Bool
    let nextReview: String
    let reviewOverdue: Bool
    let flags: [ActionExtras.Flag]

    init(_ a: RecoveryAction, today: Day, flags: [RaisedFlag] = []) {
        self.init(
            ActionFacts(a), reference: a.reference, title: a.title, service: a.$service.value?.name ?? "",
            lead: a.$lead.value?.name ?? "", today: today, flags: flags)
    }

    init(_ r: ActionListRow, today: Day, flags: [RaisedFlag] = []) {
        self.init(
            r.facts, reference: r.reference, title: r.title, service: r.serviceName, lead: r.leadName, today: today,
            flags: flags)
    }

    init(
        _ a: ActionFacts, reference: String, title: String, service: String, lead: String, today: Day,
        flags: [RaisedFlag]
    ) {
        self.flags = flags.filter { $0.flag != .overdue && $0.flag != .reviewOverdue }.map {
            ActionExtras.Flag(label: $0.flag.label, explanation: $0.explanation)
        }
        href = Paths.action(a.id)
        self.reference = reference
        self.title = title
        self.service = service
        band = a.riskBand.label
        bandClass = "band-" + a.riskBand.rawValue
        score = a.riskScore
        status = a.status.label
        self.lead = lead
        let d = Day(iso: a.dueDay)
        due = d?.ukFormat ?? a.dueDay
        overdue = d.map { ActionRules.isOverdue(status: a.status, dueDay: $0, today: today) } ?? false
        let r = Day(iso: a.nextReviewDay)
        nextReview = r?.ukFormat ?? a.nextReviewDay
        reviewOverdue = a.status.isLive && ReviewPolicy.isReviewOverdue(nextReview: r, today: today)
    }
}

/// A table of action rows (the list, My work, a service's dashboard), drawn with `Markup` once rather than
/// walked by the template engine row by row (issue 35). A template reads `count` and prints `#markup(x.html)`.
struct RowsTable: Encodable {
    /// The rows, for code (the digest); a template is given only the count and the table.
    let rows: [ActionRow]
    let count: Int
    let html: HTML

    enum CodingKeys: String, CodingKey { case count, html }

    init(rows: [ActionRow]) {
        self.rows = rows
        count = rows.count
        html = Self.draw(rows)
    }

    static func draw(_ rows: [ActionRow]) -> HTML {
        Markup.build(reserving: 600 * rows.count + 400) { m in
            m.element(
                "div",
                ["class": "table-wrap", "role": "region", "aria-label": "Table (scrolls sideways)", "tabindex": "0"]
            ) { m in
                m.element("table") { m in
                    m.element("thead") { m in
                        m.element("tr") { m in
                            for h in ["Ref", "Action", "Service", "Risk", "Status", "Lead", "Due", "Next review"] {
                                m.element("th", ["scope": "col"], text: h)
                            }
                        }
                    }
                    m.element("tbody") { m in
                        for r in rows { row(r, into: &m) }
                    }
                }
            }
        }
    }

    private static func row(_ r: ActionRow, into m: inout Markup) {
        m.element("tr") { m in
            m.element("td", text: r.reference)
            m.element("td") { m in
                m.link(r.href, text: r.title)
                for f in r.flags {
                    m.void("br")
                    m.element("span", ["class": "tag tag-flag", "title": f.explanation], text: f.label)
                }
            }
            m.element("td", text: r.service)
            m.element("td") { m in m.element("span", ["class": "tag " + r.bandClass], text: "\(r.band) \(r.score)") }
            m.element("td", text: r.status)
            m.element("td", text: r.lead)
            m.element("td") { m in
                m.text(r.due)
                if r.overdue {
                    m.text(" ")
                    m.element("strong", ["class": "tag tag-overdue"], text: "Overdue")
                }
            }
            m.element("td") { m in
                m.text(r.nextReview)
                if r.reviewOverdue {
                    m.text(" ")
                    m.element("strong", ["class": "tag tag-overdue"], text: "Review overdue")
                }
            }
        }
    }
}

struct ActionListPage: Encodable {
    let layout: Layout
    let table: RowsTable
    let total: Int
    let page: Int
    let pages: Int
    let previousHref: String?
    let nextHref: String?
    let statusOptions: HTML
    let serviceOptions: HTML
    let bandOptions: HTML
    let leadOptions: HTML
    /// What the framework in force calls its items ("Quality statement").
    let statementLabel: String
    let statementOptions: HTML
    let overdue: Bool
    let canCreate: Bool
    let errors: [FieldError]
    /// The filters, for the export links (every page, not just this one).
    let exportQuery: String
}

struct StatementGroup: Encodable {
    let name: String
    let statements: [Choice]
}

struct ActionFormPage: Encodable {
    let layout: Layout
    let heading: String
    let formAction: String
    let isEdit: Bool
    let version: Int
    let form: FormState
    let services: [Choice]
    let sources: [Choice]
    let leads: [Choice]
    let reviewers: [Choice]
    let routes: [Choice]
    let indicators: [Choice]
    let directions: [Choice]
    let factors: [FactorField]
    /// "Quality statements it serves (… (cqc-qs-2023))": the framework in force.
    let statementsLegend: String
    let statementGroups: [StatementGroup]
    let statuses: [Choice]
    let cancelHref: String
}

struct FactorField: Encodable {
    let key: String
    let label: String
    let hint: String
    let options: [Choice]
    let error: String?
}

struct ActionPage: Encodable {
    struct Step: Encodable {
        let position: Int; let what: String; let owner: String; let whereRecorded: String; let due: String
        let done: String?; let overdue: Bool; let doneHref: String; let canComplete: Bool
    }
    struct History: Encodable {
        let at: String; let actor: String; let operation: String; let changes: [Change]
    }
    struct Change: Encodable { let field: String; let before: String; let after: String }
    struct DueChange: Encodable {
        let at: String; let from: String; let to: String; let reason: String; let controlChange: String; let by: String
    }
    struct Statement: Encodable { let id: String; let name: String; let keyQuestion: String }

    let layout: Layout
    let id: String
    let tab: String
    let tabs: [Choice]
    let reference: String
    /// Each of the action's fields as the page shows it, by name (`ActionFields.all`).
    let shown: [String: String]
    let service: String
    let status: String
    let statusReason: String?
    let band: String
    let bandClass: String
    let score: Int
    let severity: Int
    let likelihood: Int
    let factors: [Choice]
    let matrixVersion: String
    let lead: String
    let reviewer: String
    let route: String
    let source: String?
    let overdue: Bool
    let nextReview: String
    let reviewOverdue: Bool
    let reviewPolicy: String
    /// "Quality statements", as the framework in force names its items, and the version's name.
    let itemsLabel: String
    let frameworkName: String
    let statements: [Statement]
    /// Mappings kept under other framework versions: "cqc-kloe-2017 S1 How do systems…".
    let otherMappings: [String]
    let steps: [Step]
    let dueChanges: [DueChange]
    let history: [History]
    let version: Int
    let canEdit: Bool
    let canMove: Bool
    let transitions: [Choice]
    let editHref: String
    let transitionHref: String
    let dueDayHref: String
    let stepsHref: String
    let dueDayISO: String
    let stepOwners: [Choice]
    let form: FormState
    let needsControlChange: Bool
    let extras: ActionExtras
    /// The held change, for the shared panel (`pending-change.leaf`).
    var pending: PendingPanel? = nil
    /// Share what a closed action taught with other services (issue 36): for the group's oversight.
    var learningHref: String? = nil
}
