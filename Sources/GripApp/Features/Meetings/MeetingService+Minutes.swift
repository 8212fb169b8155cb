import Fluent
import Foundation
import GripCore

/// Minutes: attendance, per-item discussion, challenges, decisions and follow-up actions;
/// approval locks them, and corrections are then addenda. Every change is checked against
/// the lock inside its own transaction, so no route can change approved minutes.
extension MeetingService {
    /// Runs a change to draft minutes: the meeting re-read under the organisation's write lock,
    /// refused if approved (409) or not started (422), its version checked when one is sent, and moved on.
    func changingMinutes<T: Sendable>(
        _ meetingID: UUID, version: Int?, _ body: @escaping @Sendable (AuditRecorder, Meeting) async throws -> T
    ) async throws -> T {
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let m = try await Meeting.find(meetingID, on: rec.db) else { throw AppError.notFound("meeting") }
            if let r = MeetingRules.canChangeMinutes(status: m.status) { throw MeetingService.refusal(r) }
            if let version, version != m.version { throw AppError.stale("meeting", current: m.version) }
            let out = try await body(rec, m)
            m.version += 1
            try await m.update(on: rec.db)
            return out
        }
    }

    /// An item of this meeting.
    func item(_ itemID: UUID?, of m: Meeting) async throws -> MeetingItem {
        guard let itemID,
            let item = try await MeetingItem.query(on: db).filter(\.$meeting.$id == m.requireID()).filter(
                \.$id == itemID
            ).first()
        else {
            throw AppError.notFound("agenda item")
        }
        return item
    }

    /// Active people of the organisation, by id (for attendance, challengers and owners).
    func people(_ ids: [UUID]) async throws -> [UUID: User] {
        guard !ids.isEmpty else { return [:] }
        let users = try await Scoped.query(User.self, for: actor, on: db).filter(
            \.$id ~~ Set(ids)
        ).filter(\.$active == true).all()
        return Dictionary(users.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func setAttendance(
        _ id: UUID?, version: Int?, presence: [UUID: Presence], othersPresent: String
    ) async throws -> Meeting {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canChangeMinutes(status: m.status) { throw Self.refusal(r) }
        guard let version else {
            throw AppError.invalid("version", "Send the version of the meeting you are changing.")
        }
        let known = try await people(Array(presence.keys))
        var errors: [FieldError] = []
        if known.count != presence.count {
            errors.append(FieldError("attendance", "One of the people is not an active member of this organisation."))
        }
        let others = othersPresent.trimmingCharacters(in: .whitespacesAndNewlines)
        if others.count > 1000 {
            errors.append(FieldError("others_present", "Keep others present to 1000 characters."))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        let summary = Presence.allCases.map { p in
            "\(p.label): "
                + presence.filter { $0.value == p }.compactMap { known[$0.key]?.name }.sorted().joined(separator: ", ")
        }.joined(separator: "; ")
        return try await changingMinutes(try m.requireID(), version: version) { rec, fresh in
            try await MeetingAttendance.query(on: rec.db).filter(\.$meeting.$id == fresh.requireID()).delete()
            for (user, p) in presence {
                let a = MeetingAttendance()
                a.$meeting.id = try fresh.requireID()
                a.$user.id = user
                a.presence = p
                try await a.create(on: rec.db)
            }
            let before = fresh.othersPresent
            fresh.othersPresent = others
            try await rec.record(
                "meeting", fresh.requireID(), "attendance",
                [
                    AuditChange(field: "attendance", before: nil, after: summary),
                    AuditChange(
                        field: "others_present", before: before.isEmpty ? nil : before,
                        after: others.isEmpty ? nil : others)
                ])
            return fresh
        }
    }

    func saveDiscussion(_ id: UUID?, itemID: UUID?, version: Int?, discussion: String) async throws -> MeetingItem {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canChangeMinutes(status: m.status) { throw Self.refusal(r) }
        let item = try await item(itemID, of: m)
        let problems = MeetingRules.discussionProblems(discussion)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard let version else { throw AppError.invalid("version", "Send the version of the item you are changing.") }
        let text = discussion.trimmingCharacters(in: .whitespacesAndNewlines)
        let itemID = try item.requireID()
        return try await changingMinutes(try m.requireID(), version: nil) { rec, _ in
            guard let fresh = try await MeetingItem.find(itemID, on: rec.db) else {
                throw AppError.notFound("agenda item")
            }
            guard fresh.version == version else { throw AppError.stale("agenda item", current: fresh.version) }
            let before = fresh.discussion
            fresh.discussion = text
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record(
                "meeting_item", itemID, "minuted",
                [AuditChange(field: "discussion", before: before.isEmpty ? nil : before, after: text)])
            return fresh
        }
    }

    func addChallenge(
        _ id: UUID?, itemID: UUID?, challengerID: UUID?, challenge: String, answer: String
    ) async throws -> MeetingChallenge {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canChangeMinutes(status: m.status) { throw Self.refusal(r) }
        let item = try await item(itemID, of: m)
        let challenger = try await people(challengerID.map { [$0] } ?? [])[challengerID ?? UUID()]
        let problems = MeetingRules.challengeProblems(
            challengerChosen: challenger != nil, challenge: challenge, answer: answer)
        guard problems.isEmpty, let challenger else { throw AppError.invalid(problems) }
        let c = challenge.trimmingCharacters(in: .whitespacesAndNewlines),
            a = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let itemID = try item.requireID(), challengerID = try challenger.requireID(), name = challenger.name
        return try await changingMinutes(try m.requireID(), version: nil) { rec, _ in
            let row = MeetingChallenge()
            row.$item.id = itemID
            row.$challenger.id = challengerID
            row.challenge = c
            row.answer = a
            try await row.create(on: rec.db)
            try await rec.record(
                "meeting_item", itemID, "challenge",
                [
                    AuditChange(field: "challenger", before: nil, after: name),
                    AuditChange(field: "challenge", before: nil, after: c),
                    AuditChange(field: "answer", before: nil, after: a)
                ])
            return row
        }
    }

    func addDecision(_ id: UUID?, itemID: UUID?, text: String, ownerID: UUID?, dueDay: Day?) async throws -> Decision {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canChangeMinutes(status: m.status) { throw Self.refusal(r) }
        let item = try await item(itemID, of: m)
        let owner = try await people(ownerID.map { [$0] } ?? [])[ownerID ?? UUID()]
        let problems = MeetingRules.decisionProblems(
            text: text, ownerChosen: owner != nil, dueDay: dueDay, meetingDay: m.meetingDay)
        guard problems.isEmpty, let owner, let dueDay else { throw AppError.invalid(problems) }
        // The decision belongs to the item's service; other business to the route's only service, if it has one.
        var serviceID = item.$service.id
        if serviceID == nil {
            let covered = try await RouteService.query(on: db).filter(\.$route.$id == m.$route.id).all()
            if covered.count == 1 { serviceID = covered[0].$service.id }
        }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let itemID = try item.requireID(), ownerID = try owner.requireID(), ownerName = owner.name,
            org = actor.organisationID, sid = serviceID
        return try await changingMinutes(try m.requireID(), version: nil) { rec, fresh in
            let d = Decision()
            d.$organisation.id = org
            d.$meeting.id = try fresh.requireID()
            d.$item.id = itemID
            d.$service.id = sid
            d.$owner.id = ownerID
            d.text = t
            d.dueDay = dueDay.iso
            d.status = .open
            d.doneNote = ""
            d.version = 1
            try await d.create(on: rec.db)
            try await rec.record(
                "decision", d.requireID(), "decided",
                [
                    AuditChange(field: "text", before: nil, after: t),
                    AuditChange(field: "owner", before: nil, after: ownerName),
                    AuditChange(field: "due_day", before: nil, after: dueDay.iso)
                ])
            return d
        }
    }

    /// A follow-up action raised on an action's item: it takes the action's service, source, statements,
    /// measure, risk, route and indicator; the person gives its title, lead, reviewer and due day.
    func addFollowUp(
        _ id: UUID?, itemID: UUID?, title: String, leadID: UUID?, reviewerID: UUID?, dueDay: Day?
    ) async throws -> RecoveryAction {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canChangeMinutes(status: m.status) { throw Self.refusal(r) }
        let item = try await item(itemID, of: m)
        guard let parentID = item.$action.id, let parent = try await RecoveryAction.find(parentID, on: db) else {
            throw AppError.invalid(
                "item",
                """
                Follow-up actions are raised on an action's item; for other items, raise a new action from the \
                actions page.
                """
            )
        }
        var errors: [FieldError] = []
        if leadID == nil { errors.append(FieldError("lead", "Choose who leads the follow-up action.")) }
        if reviewerID == nil { errors.append(FieldError("reviewer", "Choose the senior reviewer.")) }
        if dueDay == nil { errors.append(FieldError("due_day", "Enter the due day as a real date.")) }
        if title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(FieldError("title", "Title is required."))
        }
        guard errors.isEmpty else { throw AppError.invalid(errors) }
        // The follow-up serves what its parent serves under the framework in force.
        let fw = try await FrameworkCatalogue(db: db, organisationID: actor.organisationID).inForce().framework
        let statements = try await ActionMapping.query(on: db).filter(\.$action.$id == parentID)
            .filter(\.$framework == fw.id).all().map(\.itemID)
        // A copy of its parent, with its own title, people and due day.
        var input = ActionInput(try parent.values(statements: statements))
        input.title = title
        input.leadID = leadID
        input.reviewerID = reviewerID
        input.dueDay = dueDay
        input.initialStatus = .open
        let meetingID = try m.requireID(), iid = try item.requireID()
        return try await ActionService(db: db, actor: actor, today: today).create(input) { rec, action in
            guard let fresh = try await Meeting.find(meetingID, on: rec.db) else { throw AppError.notFound("meeting") }
            if let r = MeetingRules.canChangeMinutes(status: fresh.status) { throw MeetingService.refusal(r) }
            let link = MeetingFollowUp()
            link.$item.id = iid
            link.$action.id = try action.requireID()
            try await link.create(on: rec.db)
            fresh.version += 1
            try await fresh.update(on: rec.db)
            try await rec.record(
                "meeting_item", iid, "follow_up",
                [AuditChange(field: "action", before: nil, after: "\(action.reference) \(action.title)")])
        }
    }

    func approve(_ id: UUID?, version: Int?) async throws -> Meeting {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canChangeMinutes(status: m.status) { throw Self.refusal(r) }
        guard let version else {
            throw AppError.invalid("version", "Send the version of the minutes you are approving.")
        }
        let presence = try await MeetingAttendance.query(on: db).filter(\.$meeting.$id == m.requireID()).all().map(
            \.presence)
        let problems = MeetingRules.approvalProblems(attendance: presence)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let actor = self.actor
        return try await changingMinutes(try m.requireID(), version: version) { rec, fresh in
            fresh.status = .approved
            fresh.$approvedBy.id = actor.id
            fresh.approvedAt = Clock.current.now()
            rec.touch(routes: [fresh.$route.id])
            try await rec.record(
                "meeting", fresh.requireID(), "approved",
                [
                    AuditChange(
                        field: "status", before: MeetingStatus.held.rawValue, after: MeetingStatus.approved.rawValue)
                ])
            return fresh
        }
    }

    /// A correction or addition to approved minutes, kept in order with its author and time.
    func addAddendum(_ id: UUID?, text: String) async throws -> MeetingAddendum {
        try requireManager()
        let m = try await find(id)
        if let r = MeetingRules.canAddAddendum(status: m.status) { throw AppError.invalid("meeting", r.message) }
        let problems = MeetingRules.addendumProblems(text)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let actor = self.actor, meetingID = try m.requireID()
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let last = try await MeetingAddendum.query(on: rec.db).filter(\.$meeting.$id == meetingID).sort(
                \.$seq, .descending
            ).first()
            let a = MeetingAddendum()
            a.$meeting.id = meetingID
            a.$author.id = actor.id
            a.seq = (last?.seq ?? 0) + 1
            a.text = t
            try await a.create(on: rec.db)
            try await rec.record(
                "meeting", meetingID, "addendum", [AuditChange(field: "addendum \(a.seq)", before: nil, after: t)])
            return a
        }
    }
}
