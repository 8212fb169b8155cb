import Fluent
import Foundation
import GripCore
import Vapor

/// The daily digest (issue 24): each person's My work, highest risk first, composed once a day per person who wants
/// it, when there is something due or waiting.
enum MailDigests {
    /// Queues the day's digests of one organisation (or every organisation whose digests are not composed yet for
    /// `day`); how many were queued. A person already sent the day's digest is skipped, so running twice queues none.
    @discardableResult
    static func queue(day: Day, now: Date, organisationID: UUID? = nil, on db: any Database) async throws -> Int {
        var orgs = Organisation.query(on: db)
        if let organisationID {
            orgs = orgs.filter(\.$id == organisationID)
        } else {
            orgs = orgs.group(.or) { $0.filter(\.$digestDay == nil).filter(\.$digestDay < day.iso) }
        }
        let base = MailSettings.baseURL()
        var queued = 0
        for org in try await orgs.all() {
            let oid = try org.requireID()
            let people = try await Scoped.query(User.self, organisation: oid, on: db).filter(\.$active == true)
                .filter(\.$mailPreference != .none).sort(\.$name).all()
            let done = Set(
                try await Scoped.query(MailMessage.self, organisation: oid, on: db)
                    .filter(\.$kind == .digest).filter(\.$digestDay == day.iso).all().map { $0.$user.id })
            for person in people where !done.contains(try person.requireID()) && MailFormat.isAddress(person.email) {
                let work = try await MyWorkQuery(db: db, actor: try Actor(person), now: now).load()
                let content = content(of: work)
                guard !content.isEmpty else { continue }
                let text = MailText.digest(to: person.name, day: day, content: content, baseURL: base)
                try await MailMessage(
                    organisationID: oid, userID: try person.requireID(), to: person.email,
                    kind: .digest, subject: text.subject, body: text.body, digestDay: day, now: now
                )
                .create(on: db)
                queued += 1
            }
            org.digestDay = day.iso
            try await org.update(on: db)
        }
        return queued
    }

    /// My work as a digest: what waits for the person first, then what is due, each action with its risk.
    static func content(of w: MyWork) -> DigestContent {
        func actions(_ t: RowsTable, onlyOverdue: Bool = false, review: Bool = false) -> [DigestContent.Item] {
            t.rows.filter { !onlyOverdue || $0.overdue }.map { r in
                .init(
                    text: "\(r.reference) \(r.title)" + (r.service.isEmpty ? "" : " (\(r.service))"), path: r.href,
                    when: review
                        ? "review \(r.reviewOverdue ? "was due" : "due") \(r.nextReview)"
                        : "\(r.band) risk, due \(r.due)",
                    overdue: review ? r.reviewOverdue : r.overdue, risk: r.score)
            }
        }
        func logs(_ items: [CareLogWork.Item], overdue: Bool) -> [DigestContent.Item] {
            items.map { .init(text: $0.what, path: $0.href, when: $0.when, overdue: overdue) }
        }
        let covered: Set<String> = [
            Notifications.Kind.reviewOverdue.rawValue, Notifications.Kind.evidenceRequested.rawValue,
            Notifications.Kind.updateOverdue.rawValue
        ]
        return DigestContent(sections: [
            .init(
                title: "Escalation due",
                items: w.escalationsDue.map {
                    .init(
                        text: "\($0.service): \($0.trigger) – \($0.evidence)", path: $0.href,
                        when: "act by \($0.deadline) (\($0.clock.lowercased()))", overdue: $0.late)
                }),
            .init(
                title: "Changes waiting for your decision",
                items: w.approvals.map {
                    .init(
                        text: "\($0.action): \($0.what)", path: $0.href, when: "proposed by \($0.by), \($0.at)",
                        overdue: false)
                }),
            .init(title: "Awaiting your sign-off", items: actions(w.signOff)),
            .init(title: "Notifications to CQC overdue", items: logs(w.careLogs.notificationsOverdue, overdue: true)),
            .init(
                title: "Safeguarding concerns awaiting a decision",
                items: logs(w.careLogs.concernsAwaiting, overdue: false)),
            .init(title: "Debriefs overdue", items: logs(w.careLogs.debriefsOverdue, overdue: true)),
            .init(title: "Re-audits due", items: actions(w.reAudits)),
            .init(title: "Reviews due in the next 7 days", items: actions(w.reviewsDue, review: true)),
            .init(title: "Actions you lead that are overdue", items: actions(w.leading, onlyOverdue: true)),
            .init(
                title: "Evidence requested from you",
                items: w.requests.map {
                    .init(
                        text: "\($0.what) (\($0.action))", path: $0.href, when: "due \($0.due), asked by \($0.from)",
                        overdue: $0.overdue)
                }),
            .init(
                title: "Your steps",
                items: w.steps.map {
                    .init(text: "\($0.what) (\($0.action))", path: $0.href, when: "due \($0.due)", overdue: $0.overdue)
                }),
            .init(
                title: "Updates to the commissioner",
                items: w.updatesDue.map {
                    .init(
                        text: "\($0.service) (\($0.level))", path: $0.href, when: "due \($0.due)", overdue: $0.overdue)
                }),
            .init(
                title: "News",
                items: w.notices.filter { !covered.contains($0.kind) }.map {
                    .init(text: "\($0.label): \($0.text)", path: $0.href, when: $0.day, overdue: $0.overdue)
                })
        ])
    }
}
