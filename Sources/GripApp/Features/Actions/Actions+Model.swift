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
        self.flags = flags.filter { $0.flag != .overdue && $0.flag != .reviewOverdue }.map {
            ActionExtras.Flag(label: $0.flag.label, explanation: $0.explanation)
        }
        href = Paths.action(a.id!)
        reference = a.reference
        title = a.title
        service = a.$service.value?.name ?? ""
        band = a.riskBand.label
        bandClass = "band-" + a.riskBand.rawValue
        score = a.riskScore
        status = a.status.label
        lead = a.$lead.value?.name ?? ""
        let d = Day(iso: a.dueDay)
        due = d?.ukFormat ?? a.dueDay
        overdue = d.map { ActionRules.isOverdue(status: a.status, dueDay: $0, today: today) } ?? false
        let r = Day(iso: a.nextReviewDay)
        nextReview = r?.ukFormat ?? a.nextReviewDay
        reviewOverdue = a.status.isLive && ReviewPolicy.isReviewOverdue(nextReview: r, today: today)
    }
}

/// A table of action rows, passed to the shared `actions/rows` template.
struct RowsTable: Encodable {
    let rows: [ActionRow]
}

struct ActionListPage: Encodable {
    let layout: Layout
    let table: RowsTable
    let total: Int
    let page: Int
    let pages: Int
    let previousHref: String?
    let nextHref: String?
    let statusOptions: [Choice]
    let serviceOptions: [Choice]
    let bandOptions: [Choice]
    let leadOptions: [Choice]
    /// What the framework in force calls its items ("Quality statement").
    let statementLabel: String
    let statementOptions: [Choice]
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
}
