import Fluent
import GripCore
import Vapor

/// Minutes for one agenda item: discussion, challenges, decisions and follow-up actions.
extension MeetingsWebController {
    struct ItemPage: Encodable {
        let layout: Layout
        let meetingID: String
        let meetingHref: String
        let meetingTitle: String
        let section: String
        let itemID: String
        let title: String
        let recordHref: String?
        let version: Int
        let discussion: String
        let challenges: [ChallengeView]
        let decisions: [DecisionView]
        let followUps: [FollowUpView]
        let canMinute: Bool
        let locked: Bool
        let isActionItem: Bool
        let people: [Choice]
        let leads: [Choice]
        let reviewers: [Choice]
        let previous: String?
        let next: String?
        /// The form that failed (for the summary) and each form's values and messages.
        let form: FormState
        let discussionForm: FormState
        let challengeForm: FormState
        let decisionForm: FormState
        let followUpForm: FormState
    }

    enum Which { case none, discussion, challenge, decision, followUp }

    func itemPage(_ req: Request, which: Which = .none, form: FormState = FormState()) async throws -> ItemPage {
        let service = try Self.service(req)
        let today = req.today
        let m = try await service.find(Self.id(req))
        let item = try await service.item(Self.id(req, "item"), of: m)
        let minutes = try await MeetingMinutes.load(m, on: req.db)
        let view = Self.itemView(item, minutes: minutes)
        let people = try await MeetingsQuery(db: req.db).people(for: service.actor)
        var parent: RecoveryAction?
        if let a = item.$action.id { parent = try await RecoveryAction.find(a, on: req.db) }
        func state(_ w: Which, defaults: [String: String] = [:]) -> FormState {
            w == which ? form : FormState(values: defaults)
        }
        let decisionForm = state(.decision, defaults: ["due_day": max(m.meetingDay, today).adding(days: 14).iso])
        let followUpForm = state(
            .followUp,
            defaults: [
                "follow_due_day": max(m.meetingDay, today).adding(days: 28).iso,
                "follow_lead": parent.map { $0.$lead.id.uuidString } ?? "",
                "follow_reviewer": parent.map { $0.$reviewer.id.uuidString } ?? ""
            ])
        let challengeForm = state(.challenge)
        func choices(_ field: String, _ f: FormState, _ users: [User]) -> [Choice] {
            users.map {
                Choice(
                    value: $0.id!.uuidString, label: "\($0.name) (\($0.role.label.lowercased()))",
                    selected: f.values[field] == $0.id!.uuidString)
            }
        }
        let n = minutes.items.firstIndex { $0.id == item.id } ?? 0
        return ItemPage(
            layout: Layout(
                req, title: "Item \(item.position): \(Self.title(m, route: minutes.route))", section: "meetings"),
            meetingID: m.id!.uuidString, meetingHref: Paths.meeting(m.id!),
            meetingTitle: Self.title(m, route: minutes.route),
            section: Self.sectionTitle(item.section), itemID: item.id!.uuidString, title: item.title,
            recordHref: view.recordHref,
            version: item.version, discussion: item.discussion, challenges: view.challenges, decisions: view.decisions,
            followUps: view.followUps,
            canMinute: service.canManage && m.status == .held, locked: m.status == .approved,
            isActionItem: parent != nil,
            people: choices("challenger", challengeForm, people),
            leads: choices("follow_lead", followUpForm, people.filter { ActionRules.mayLead($0.role) }),
            reviewers: choices("follow_reviewer", followUpForm, people.filter { ActionRules.mayReview($0.role) }),
            previous: n > 0 ? Paths.meetingItem(m.id!, minutes.items[n - 1].id!) : nil,
            next: n + 1 < minutes.items.count ? Paths.meetingItem(m.id!, minutes.items[n + 1].id!) : nil,
            form: form,
            discussionForm: state(.discussion, defaults: ["discussion": item.discussion]),
            challengeForm: challengeForm,
            decisionForm: FormState(values: decisionForm.values, errors: decisionForm.summary),
            followUpForm: followUpForm)
    }

    @Sendable func itemPage(req: Request) async throws -> View {
        try await req.view.render("meetings/item", try await itemPage(req))
    }

    func itemHref(_ req: Request) -> String { Paths.meetingItem(Self.id(req)!, Self.id(req, "item")!) }

    func itemFailure(_ req: Request, _ which: Which, _ e: AppError, values: [String: String]) async throws -> Response {
        try await req.render(
            "meetings/item",
            try await itemPage(req, which: which, form: FormState(values: values, errors: e.fieldErrors)),
            status: e.status)
    }

    @Sendable func discussion(req: Request) async throws -> Response {
        struct Form: Content { var discussion: String?; var version: Int? }
        let f = try req.content.decode(Form.self)
        do {
            _ = try await Self.service(req).saveDiscussion(
                Self.id(req), itemID: Self.id(req, "item"), version: f.version, discussion: f.discussion ?? "")
            req.flash("Discussion saved.")
            return req.redirect(to: itemHref(req))
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await itemFailure(req, .discussion, e, values: ["discussion": f.discussion ?? ""])
        }
    }

    @Sendable func challenge(req: Request) async throws -> Response {
        struct Form: Content { var challenger: String?; var challenge: String?; var answer: String? }
        let f = try req.content.decode(Form.self)
        var errors: [FieldError] = []
        let who = FormParse.uuid(f.challenger, "challenger", "who challenged", into: &errors)
        let values = ["challenger": f.challenger ?? "", "challenge": f.challenge ?? "", "answer": f.answer ?? ""]
        do {
            if !errors.isEmpty {
                throw AppError.invalid(
                    errors
                        + MeetingRules.challengeProblems(
                            challengerChosen: true, challenge: f.challenge ?? "", answer: f.answer ?? ""))
            }
            _ = try await Self.service(req).addChallenge(
                Self.id(req), itemID: Self.id(req, "item"), challengerID: who,
                challenge: f.challenge ?? "", answer: f.answer ?? "")
            req.flash("Challenge minuted.")
            return req.redirect(to: itemHref(req) + "#challenges")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await itemFailure(req, .challenge, e, values: values)
        }
    }

    @Sendable func decision(req: Request) async throws -> Response {
        struct Form: Content { var decision: String?; var owner: String?; var due_day: String? }
        let f = try req.content.decode(Form.self)
        var errors: [FieldError] = []
        let owner = FormParse.uuid(f.owner, "owner", "an owner", into: &errors)
        let due = FormParse.day(f.due_day, "due_day", "The due day", into: &errors)
        let values = ["decision": f.decision ?? "", "owner": f.owner ?? "", "due_day": f.due_day ?? ""]
        do {
            if !errors.isEmpty {
                let rest = MeetingRules.decisionProblems(
                    text: f.decision ?? "", ownerChosen: true, dueDay: due ?? Day(iso: "9999-12-31"),
                    meetingDay: Day(iso: "0001-01-01")!)
                throw AppError.invalid(errors + rest)
            }
            let d = try await Self.service(req).addDecision(
                Self.id(req), itemID: Self.id(req, "item"), text: f.decision ?? "", ownerID: owner, dueDay: due)
            req.flash("Decision logged: \(d.text)")
            return req.redirect(to: itemHref(req) + "#decisions")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await itemFailure(req, .decision, e, values: values)
        }
    }

    @Sendable func followUp(req: Request) async throws -> Response {
        struct Form: Content {
            var follow_title: String?; var follow_lead: String?; var follow_reviewer: String?;
            var follow_due_day: String?
        }
        let f = try req.content.decode(Form.self)
        var errors: [FieldError] = []
        let lead = FormParse.uuid(f.follow_lead, "lead", "a lead", into: &errors)
        let reviewer = FormParse.uuid(f.follow_reviewer, "reviewer", "a reviewer", into: &errors)
        let due = FormParse.day(f.follow_due_day, "due_day", "The due day", into: &errors)
        let values = [
            "follow_title": f.follow_title ?? "", "follow_lead": f.follow_lead ?? "",
            "follow_reviewer": f.follow_reviewer ?? "",
            "follow_due_day": f.follow_due_day ?? ""
        ]
        // The action's own field names, shown against this form's fields.
        func prefixed(_ e: AppError) -> AppError {
            let known: Set<String> = ["title", "lead", "reviewer", "due_day"]
            return AppError(
                e.status, e.reason,
                fields: e.fieldErrors.map {
                    known.contains($0.field) ? FieldError("follow_" + $0.field, $0.message) : $0
                })
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let a = try await Self.service(req).addFollowUp(
                Self.id(req), itemID: Self.id(req, "item"), title: f.follow_title ?? "",
                leadID: lead, reviewerID: reviewer, dueDay: due)
            req.flash("Follow-up action \(a.reference) raised.")
            return req.redirect(to: itemHref(req) + "#follow-ups")
        } catch let e as AppError where e.status == .unprocessableEntity {
            return try await itemFailure(req, .followUp, prefixed(e), values: values)
        }
    }
}
