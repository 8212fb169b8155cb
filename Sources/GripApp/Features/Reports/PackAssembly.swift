import Foundation
import GripCore

/// What goes in each pack (DESIGN §2, Reports), from `PackData`: no HTTP, no database.
enum PackAssembly {
    /// A special-cause concern in the latest periods of a series (as on the dashboards).
    static func hasRecentConcern(_ s: IndicatorService.Series) -> Bool { s.result.latestConcern() != nil }

    static func header(_ d: PackData, _ kind: Pack.Kind, generated: Date) -> Pack {
        Pack(
            kind: kind.rawValue, title: kind.title, organisation: d.organisation.name, period: d.period.label,
            from: d.period.from.iso,
            to: d.period.to.iso, generated: UKTime.format(generated), services: d.services.map(\.name),
            framework: d.framework.name, frameworkID: d.framework.id, sections: [])
    }

    /// "5 Dec 2026", for a table's column of days.
    static func shortDay(_ iso: String?) -> String {
        guard let d = iso.flatMap(Day.init(iso:)) else { return iso ?? "" }
        return "\(d.day) \(Day.monthNames[d.month - 1].prefix(3)) \(d.year)"
    }

    static func day(_ iso: String?) -> String { iso.flatMap { Day(iso: $0)?.ukFormat } ?? (iso ?? "") }

    static func actionLine(_ a: RecoveryAction, _ d: PackData, detail: String) -> Pack.Line {
        Pack.Line(
            label: a.reference, text: a.title, detail: "\(a.service.name) · \(a.riskBand.label) risk · \(detail)",
            href: d.link(Paths.action(a.id!)))
    }

    /// Closed actions by where they stand after closure (as of the pack's day).
    static func afterClosure(_ d: PackData) -> [AfterClosure: [RecoveryAction]] {
        Dictionary(
            grouping: d.actions.compactMap { a -> (AfterClosure, RecoveryAction)? in
                AfterClosure.of(
                    status: a.status, closedOn: a.closedOn.flatMap(Day.init(iso:)),
                    reAuditDue: a.reAuditDueDay.flatMap(Day.init(iso:)), today: d.today
                ).map { ($0, a) }
            }, by: \.0
        ).mapValues { $0.map(\.1) }
    }

    static func completed(_ d: PackData) -> [RecoveryAction] {
        d.actions.filter {
            PackRules.completed(status: $0.status, closedOn: $0.closedOn.flatMap(Day.init(iso:)), in: d.period)
        }
    }

    static func overdue(_ d: PackData) -> [RecoveryAction] {
        d.actions.filter { a in
            Day(iso: a.dueDay).map { PackRules.overdue(status: a.status, dueDay: $0, period: d.period, today: d.today) }
                ?? false
        }
        .sorted { ($0.riskScore, $1.dueDay) > ($1.riskScore, $0.dueDay) }
    }

    /// Why an overdue action is late: the recorded due-day change, else the latest review, else its status note.
    static func reason(_ a: RecoveryAction, _ d: PackData) -> String {
        if let c = d.latestDueChange[a.id!] {
            return "Due day moved: \(c.reason)" + (c.controlChange.isEmpty ? "" : " Control: \(c.controlChange)")
        }
        if let r = d.latestReview[a.id!], !r.commentary.isEmpty {
            return "Latest review (\(day(r.day)), \(r.rag.label)): \(r.commentary)"
        }
        if let s = a.statusReason, !s.isEmpty { return s }
        return "No reason recorded."
    }

    static func chart(_ s: IndicatorService.Series, _ d: PackData) -> Pack.Chart {
        let n = s.values.count
        let latest = s.values.last, last = s.periods.last
        let title = "\(s.indicator.name), \(s.service.name)"
        let svg = XmRChart(
            id: "p-\(s.indicator.id!.uuidString.prefix(6))-\(s.service.id!.uuidString.prefix(6))", title: title,
            labels: s.periods.map { s.indicator.period.label($0) }, result: s.result, target: s.indicator.target,
            unit: s.indicator.unit
        ).svg
        return Pack.Chart(
            title: title, href: d.link(Paths.series(s.indicator.id!, s.service.id!)),
            narrative: PackRules.narrative(
                indicator: s.indicator.name, service: s.service.name, unit: s.indicator.unit, latest: latest,
                latestLabel: last.map { s.indicator.period.display($0) }, mean: s.result.points.last?.mean,
                variation: s.result.points.last?.variation, points: n),
            svg: svg)
    }

    static func charts(named names: [String], _ d: PackData) -> [Pack.Chart] {
        d.series.filter { names.contains($0.indicator.name) }
            .sorted {
                ($0.service.name, names.firstIndex(of: $0.indicator.name)!) < (
                    $1.service.name, names.firstIndex(of: $1.indicator.name)!
                )
            }
            .map { chart($0, d) }
    }

    static func evidenceLine(_ e: PackEvidence, _ d: PackData, names: [String: String]) -> Pack.Line {
        let actions = (d.evidenceActions[e.id] ?? []).compactMap { d.actionByID[$0] }
        let first = actions.first
        return Pack.Line(
            label: "\(names[e.category] ?? e.category), \(e.kind.label.lowercased())", text: e.summary,
            detail: "\(day(e.day))" + (first.map { " · \($0.service.name) · \($0.reference)" } ?? ""),
            href: first.map { d.link(Paths.action($0.id!, tab: "evidence")) })
    }

    static func escalationLines(_ d: PackData) -> [Pack.Line] {
        d.escalations.map { e in
            Pack.Line(
                label: e.reference, text: "\(e.category.label) at \(e.service.name)",
                detail: "\(e.status.label) · raised \(day(e.raisedOn)) · respond by \(day(e.respondBy))",
                href: d.link(Paths.escalation(e.id!)))
        }
    }

    /// Each late escalation of the period (issue 36): the threshold, where, what it fired on, when it was due and
    /// how it was answered.
    static func lateEscalationLines(_ d: PackData, now: Date) -> [Pack.Line] {
        d.lateEscalations.map { f in
            let clock = EscalationClock.of(deadline: f.deadline, answeredAt: f.answeredAt, now: now)
            let answer = f.answer.map { "\($0.label), \(clock.label)" } ?? "Not answered: \(clock.label)"
            return Pack.Line(
                label: "Late escalation", text: "\(f.trigger.label) at \(f.$service.value?.name ?? "")",
                detail: "\(f.evidence) · fired \(UKTime.format(f.firedAt)) · act by \(TimeToAct.describe(f.deadline))"
                    + " · \(answer)",
                href: nil)
        }
    }

    /// Each safety-critical operating model that ran in the period (issue 36): in force since, completion,
    /// verification, lapses, stand-down.
    static func safetyModelLines(_ d: PackData) -> [Pack.Line] {
        d.safetyModels.map { m in
            func pct(_ v: Double?) -> String { v.map { "\(Int($0.rounded())) %" } ?? "none due" }
            let lapses =
                m.lapses.isEmpty
                ? "never lapsed"
                : "lapsed "
                    + m.lapses.map { l in
                        l.to.map { "\(l.from.ukFormat) to \($0.ukFormat)" } ?? "since \(l.from.ukFormat)"
                    }
                    .joined(separator: "; ")
            let end =
                m.stoodDownOn.map { "stood down \($0.ukFormat) on this evidence: \(m.standDownEvidence ?? "")" }
                ?? "not stood down (planned end \(m.plannedEnd.ukFormat))"
            return Pack.Line(
                label: "Safety-critical model", text: "\(m.title) at \(m.service)",
                detail: "In force since \(m.since.ukFormat) · completion \(pct(m.completion)) (\(m.done) of \(m.due) "
                    + "checks) · verification \(pct(m.verification)) of those done · \(lapses) · \(end)",
                href: d.link(Paths.safetyModel(m.id)))
        }
    }

    // MARK: the commissioner reporting pack

    static func commissioner(_ d: PackData, generated: Date = Clock.current.now()) -> Pack {
        var pack = header(d, .commissioner, generated: generated)
        let names = Reference.evidenceCategoryTitles
        let done = completed(d), late = overdue(d)
        let warnings = d.series.filter(hasRecentConcern)
        let after = afterClosure(d)
        // The one-page summary: the position, what changed since the last pack, what needs a decision.
        var summary = Pack.Section(id: "summary", title: "Summary")
        summary.intro =
            "Where each service stands at the end of the period, what changed since the last pack "
            + "(\(d.period.previous.label)) and what needs the commissioner's decision. The detail follows; the "
            + "appendices hold every chart and record behind it."
        summary.tables = [position(d, late: late, warnings: warnings)]
        summary.figures = [
            .init(label: "Actions completed (sustained after re-audit)", value: done.count, href: "#completed"),
            .init(
                label: "Closed, awaiting re-audit", value: after[.awaitingReAudit]?.count ?? 0, href: "#after-closure"),
            .init(label: "Closed, re-audit overdue", value: after[.reAuditOverdue]?.count ?? 0, href: "#after-closure"),
            .init(label: "Reopened after closure", value: after[.reopened]?.count ?? 0, href: "#after-closure"),
            .init(label: "Actions overdue", value: late.count, href: "#overdue"),
            .init(label: "Late escalations", value: d.lateEscalations.count, href: "#late-escalations"),
            .init(label: "Safety-critical operating models", value: d.safetyModels.count, href: "#safety-models"),
            .init(label: "Indicators with a special-cause concern", value: warnings.count, href: "#safeguarding"),
            .init(label: "Escalations", value: d.escalations.count, href: "#escalations"),
            .init(
                label: "Challenges minuted at approved meetings",
                value: d.shared.reduce(0) { $0 + $1.challenges.count }, href: "#governance")
        ]
        summary.subsections = [changes(d, done: done, warnings: warnings), asks(d, late: late, warnings: warnings)]
        var completedSection = Pack.Section(id: "completed", title: "Actions completed")
        completedSection.intro =
            "Only an action sustained by a passed re-audit counts as completed; closed actions "
            + "still awaiting their re-audit are listed under After closure."
        completedSection.lines = done.map {
            actionLine($0, d, detail: "closed \(day($0.closedOn)) · \($0.status.label.lowercased())")
        }
        var afterSection = Pack.Section(id: "after-closure", title: "After closure: re-audits")
        afterSection.lines = [AfterClosure.reAuditOverdue, .awaitingReAudit, .reopened].flatMap { state in
            (after[state] ?? []).map {
                actionLine(
                    $0, d,
                    detail: "\(state.label) · closed \(day($0.closedOn))"
                        + ($0.reAuditDueDay.map { " · re-audit due \(day($0))" } ?? ""))
            }
        }
        afterSection.empty = "No closed action is awaiting its re-audit or has reopened."
        // Every cancelled action, with its reason and who approved it: an appendix, so the body stays four pages.
        var cancelledSection = Pack.Section(id: "cancelled", title: "Actions cancelled")
        cancelledSection.intro =
            "A high or extreme action is cancelled only when a second person approves it; until "
            + "then it counts everywhere."
        cancelledSection.lines = d.actions.filter { $0.status == .cancelled }.map { a in
            let approval =
                d.cancellationApprovers[a.id!].map { "approved by \($0)" }
                ?? (a.riskBand.isHighOrExtreme
                    ? "no approval recorded"
                    : "\(a.riskBand.rawValue) risk: no approval needed")
            return actionLine(a, d, detail: "reason: \(a.statusReason ?? "not recorded") · " + approval)
        }
        cancelledSection.empty = "No action of these services is cancelled."
        var overdueSection = Pack.Section(id: "overdue", title: "Actions overdue, with reasons")
        overdueSection.lines = late.map { actionLine($0, d, detail: "due \(day($0.dueDay)) · \(reason($0, d))") }
        overdueSection.empty = "No action was overdue at the end of the period."
        var safeguarding = Pack.Section(id: "safeguarding", title: "Safeguarding and incidents")
        safeguarding.intro =
            "Each indicator's latest value and the signal of its statistical process control (XmR) "
            + "chart up to the end of the period: common cause, a special-cause concern or improvement, or (for "
            + "neutral indicators) high or low. The charts are in the appendix."
        safeguarding.tables = indicatorTable(
            "Safeguarding and incident indicators",
            PackRules.safeguardingIndicators, d)
        safeguarding.empty = "No safeguarding or incident indicator has values yet."
        var workforce = Pack.Section(id: "workforce", title: "Workforce stability")
        workforce.tables = indicatorTable("Workforce indicators", PackRules.workforceIndicators, d)
        workforce.empty = "No workforce indicator has values yet."
        var charts = Pack.Section(id: "charts", title: "Charts")
        charts.intro =
            "Statistical process control (XmR) charts up to the end of the period; the narrative reads each "
            + "chart's signal."
        var safeguardingCharts = Pack.Section(id: "charts-safeguarding", title: "Safeguarding and incidents")
        safeguardingCharts.charts = self.charts(named: PackRules.safeguardingIndicators, d)
        var workforceCharts = Pack.Section(id: "charts-workforce", title: "Workforce stability")
        workforceCharts.charts = self.charts(named: PackRules.workforceIndicators, d)
        charts.subsections = [safeguardingCharts, workforceCharts].filter { !$0.charts.isEmpty }
        charts.empty = "No indicator has values yet."
        var audits = Pack.Section(id: "audits", title: "Audit outcomes and recurring themes")
        audits.lines = d.evidence.filter { $0.kind == .audit }.map { evidenceLine($0, d, names: names) }
        audits.lines += d.reAudits.compactMap { r in
            guard let a = d.actionByID[r.$action.id] else { return nil }
            return Pack.Line(
                label: r.passed ? "Re-audit passed" : "Re-audit failed", text: r.finding,
                detail: "\(day(r.day)) · \(a.service.name) · \(a.reference) \(a.title)",
                href: d.link(Paths.action(a.id!, tab: "closure")))
        }
        let raised = d.sources.filter { s in Day(iso: s.raisedOn).map { d.period.contains($0) } ?? false }
        let themes = PackRules.recurringThemes(
            d.actions.filter { a in
                raised.contains { $0.id == a.$source.id }
                    || (d.latestReview[a.id!].map { Day(iso: $0.day).map { d.period.contains($0) } ?? false } ?? false)
            }.map(\.theme))
        audits.intro =
            themes.isEmpty
            ? "No theme recurred across actions in the period."
            : "Recurring themes: " + themes.map { "\($0.theme) (\($0.count) actions)" }.joined(separator: "; ") + "."
        var feedback = Pack.Section(id: "feedback", title: "Feedback and what changed")
        feedback.lines = d.evidence
            .filter { $0.kind == .feedback || $0.category == "people" || $0.category == "partners" }
            .map { e in
                let line = evidenceLine(e, d, names: names)
                let changed = (d.evidenceActions[e.id] ?? []).compactMap { d.actionByID[$0] }
                    .map { "\($0.reference) \($0.title) (\($0.status.label.lowercased()))" }
                return Pack.Line(
                    label: line.label, text: line.text,
                    detail: line.detail
                        + (changed.isEmpty
                            ? ""
                            : " · What changed: "
                                + changed.joined(separator: "; ")),
                    href: line.href)
            }
        var escalations = Pack.Section(id: "escalations", title: "Escalations")
        escalations.lines = escalationLines(d)
        // Each late escalation of the period, in an appendix (the body keeps to four pages; its summary counts them).
        var lateSection = Pack.Section(id: "late-escalations", title: "Late escalations")
        lateSection.intro =
            "Thresholds that fired in the period and were answered after their time to act, or not at all."
        lateSection.lines = lateEscalationLines(d, now: generated)
        lateSection.empty = "None: every escalation due in the period was answered in time."
        var modelsSection = Pack.Section(id: "safety-models", title: "Safety-critical operating models")
        modelsSection.intro =
            "The time-limited checks services ran in the period: since when, how many of the checks due were done and "
            + "verified, whether the owner let it lapse, and its stand-down."
        modelsSection.lines = safetyModelLines(d)
        modelsSection.empty = "None ran in the period."
        let governance = sharedGovernance(d)
        var next = Pack.Section(id: "next", title: "Next steps")
        let horizon = max(d.period.to, d.today).adding(days: 30)
        next.intro = "Live actions and open decisions due by \(horizon.ukFormat), soonest first (overdue ones above)."
        let lateIDs = Set(late.compactMap(\.id))
        let coming = d.actions.filter { a in
            a.status.isLive && !lateIDs.contains(a.id!) && (Day(iso: a.dueDay).map { $0 <= horizon } ?? false)
        }.sorted { ($0.dueDay, $0.reference) < ($1.dueDay, $1.reference) }
        let decided = d.decisions.filter { Day(iso: $0.dueDay).map { $0 <= horizon } ?? false }
        let nextRows: [[Pack.Table.Cell]] =
            coming.map { a in
                [
                    .init(text: a.reference, href: d.link(Paths.action(a.id!))), .init(text: a.title),
                    .init(text: a.service.name), .init(text: a.lead.name), .init(text: shortDay(a.dueDay), nowrap: true)
                ]
            }
            + decided.map { dec in
                [
                    .init(text: "Decision", href: d.link(Paths.meetingItem(dec.$meeting.id, dec.$item.id))),
                    .init(text: dec.text), .init(text: dec.$service.id.flatMap { d.serviceByID[$0]?.name } ?? "All"),
                    .init(text: dec.owner.name), .init(text: shortDay(dec.dueDay), nowrap: true)
                ]
            }
        if !nextRows.isEmpty {
            next.tables = [
                Pack.Table(
                    caption: "",
                    header: ["Record", "What", "Service", "Owner", "Due"], rows: nextRows)
            ]
        }
        next.empty = "Nothing else falls due by \(horizon.ukFormat)."
        pack.sections = [
            summary, overdueSection, completedSection, afterSection, safeguarding, workforce, escalations,
            next
        ]
        var appendices = [charts, audits, feedback, governance, lateSection, modelsSection, cancelledSection]
        // Made under a commissioner's own framework (PAMMS): the remedial plan councils ask for, by their standards.
        if d.framework.kind != .regulator { appendices.insert(planByItem(d), at: 0) }
        pack.appendices = lettered(appendices)
        return pack
    }

    /// "Appendix A: …", "Appendix B: …" in order.
    static func lettered(_ sections: [Pack.Section]) -> [Pack.Section] {
        sections.enumerated().map { k, s in
            var out = Pack.Section(id: s.id, title: "Appendix \(Character(UnicodeScalar(65 + k)!)): \(s.title)")
            out.intro = s.intro
            out.figures = s.figures
            out.lines = s.lines
            out.charts = s.charts
            out.tables = s.tables
            out.subsections = s.subsections
            out.list = s.list
            out.empty = s.empty
            return out
        }
    }

    /// The summary's position: each service's oversight, live and overdue actions, early warnings, open escalations
    /// and the next update the commissioner asked for.
    static func position(_ d: PackData, late: [RecoveryAction], warnings: [IndicatorService.Series]) -> Pack.Table {
        let lateBy = Dictionary(grouping: late, by: { $0.$service.id }).mapValues(\.count)
        let liveBy = Dictionary(grouping: d.actions.filter(\.status.isLive), by: { $0.$service.id }).mapValues(\.count)
        let warnBy = Dictionary(grouping: warnings, by: { $0.service.id! }).mapValues(\.count)
        let openBy = Dictionary(grouping: d.escalations.filter(\.status.isOpen), by: { $0.$service.id })
            .mapValues(\.count)
        return Pack.Table(
            caption: "Position at the end of the period",
            header: [
                "Service", "Commissioner oversight", "Live actions", "Overdue", "Early warnings",
                "Open escalations", "Next update due"
            ],
            rows: d.services.map { s in
                let id = s.id!, position = d.oversight[id]
                return [
                    .init(text: s.name, href: d.link(Paths.serviceDashboard(id))),
                    .init(text: position?.current?.level.label ?? OversightLevel.routine.label),
                    .init(text: String(liveBy[id] ?? 0), numeric: true),
                    .init(text: String(lateBy[id] ?? 0), numeric: true),
                    .init(text: String(warnBy[id] ?? 0), numeric: true),
                    .init(text: String(openBy[id] ?? 0), numeric: true),
                    .init(text: position?.nextUpdateDue?.ukFormat ?? "None asked")
                ]
            })
    }

    /// What changed since the last pack (the period of the same length before this one): counts of dated records
    /// in both periods, and each oversight level set in this one.
    static func changes(_ d: PackData, done: [RecoveryAction], warnings: [IndicatorService.Series]) -> Pack.Section {
        let prev = d.period.previous
        var section = Pack.Section(id: "changes", title: "What changed since the last pack")
        section.list = true
        func inPeriod(_ iso: String?, _ p: ReportPeriod) -> Bool {
            iso.flatMap(Day.init(iso:)).map(p.contains) ?? false
        }
        var lastLevel: [UUID: OversightLevel] = [:]
        for o in d.oversightHistory {
            let sid = o.$service.id
            if inPeriod(o.since, d.period), let service = d.serviceByID[sid] {
                let was = lastLevel[sid] ?? .routine
                section.lines.append(
                    Pack.Line(
                        label: "Oversight", text: "\(service.name): \(o.level.label.lowercased()) from \(day(o.since))",
                        detail: was == o.level ? "" : "was \(was.label.lowercased())",
                        href: d.link(Paths.serviceDashboard(sid) + "#oversight")))
            }
            lastLevel[sid] = o.level
        }
        if !section.lines.contains(where: { $0.label == "Oversight" }) {
            section.lines.append(
                Pack.Line(
                    label: "Oversight", text: "No level changed in the period.", detail: "",
                    href: nil))
        }
        let donePrev = d.actions.filter {
            PackRules.completed(status: $0.status, closedOn: $0.closedOn.flatMap(Day.init(iso:)), in: prev)
        }
        func count(_ p: ReportPeriod, _ when: (RecoveryAction) -> String?) -> Int {
            d.actions.filter { inPeriod(when($0), p) }.count
        }
        let opened: (RecoveryAction) -> String? = { $0.createdAt.map { Day.today(now: $0).iso } }
        let sourcesIn = { (p: ReportPeriod) in d.sources.filter { inPeriod($0.raisedOn, p) }.count }
        let escalationsIn = d.escalations.filter { inPeriod($0.raisedOn, d.period) }.count
        let warningsBefore = d.series.filter { concernAt(prev.to, $0) }.count
        let figures: [(String, Int, Int, String)] = [
            ("Actions completed", done.count, donePrev.count, "#completed"),
            ("Actions closed", count(d.period, \.closedOn), count(prev, \.closedOn), "#after-closure"),
            ("Actions opened", count(d.period, opened), count(prev, opened), "#next"),
            ("New findings recorded", sourcesIn(d.period), sourcesIn(prev), "#audits"),
            (
                "Re-audits passed", d.reAudits.filter(\.passed).count, d.previousReAudits.filter(\.passed).count,
                "#audits"
            ),
            (
                "Re-audits failed", d.reAudits.filter { !$0.passed }.count,
                d.previousReAudits.filter { !$0.passed }.count,
                "#audits"
            ),
            ("Escalations raised", escalationsIn, d.previousEscalationsRaised, "#escalations"),
            ("Indicators with a special-cause concern", warnings.count, warningsBefore, "#safeguarding")
        ]
        section.lines += figures.map { label, now, was, href in
            Pack.Line(label: label, text: CommissionerSummary.change(now, was: was), detail: "", href: href)
        }
        return section
    }

    /// Whether a series showed a special-cause concern in its latest periods as it stood on `day`.
    static func concernAt(_ day: Day, _ s: IndicatorService.Series) -> Bool {
        let n = s.periods.firstIndex { $0 > day } ?? s.periods.count
        guard n > 0 else { return false }
        let result = IndicatorService.result(
            s.indicator, values: Array(s.values.prefix(n)),
            periods: s.periods.prefix(n).map(\.iso), setting: s.setting,
            today: day.adding(days: 1))
        return result.latestConcern() != nil
    }

    /// What needs the commissioner's decision: escalations waiting on them, oversight levels to confirm or step down,
    /// and open decisions from approved minutes that a commissioner owns.
    static func asks(_ d: PackData, late: [RecoveryAction], warnings: [IndicatorService.Series]) -> Pack.Section {
        var section = Pack.Section(id: "decisions-needed", title: "What needs the commissioner's decision")
        section.list = true
        section.empty = "Nothing in this pack waits for the commissioner's decision."
        section.lines = d.escalations.compactMap { e in
            CommissionerSummary.escalationAsk(e.status, respondBy: Day(iso: e.respondBy), today: d.today).map { ask in
                Pack.Line(
                    label: e.reference, text: "\(e.category.label) at \(e.service.name)", detail: ask,
                    href: d.link(Paths.escalation(e.id!)))
            }
        }
        for s in d.services {
            let id = s.id!
            guard let current = d.oversight[id]?.current,
                let ask = CommissionerSummary.oversightAsk(
                    level: current.level, since: Day(iso: current.since),
                    overdue: late.filter { $0.$service.id == id }.count,
                    warnings: warnings.filter { $0.service.id == id }.count,
                    openEscalations: d.escalations.filter { $0.$service.id == id && $0.status.isOpen }.count)
            else { continue }
            section.lines.append(
                Pack.Line(
                    label: "Oversight", text: s.name, detail: ask,
                    href: d.link(Paths.serviceDashboard(id) + "#oversight")))
        }
        section.lines += d.decisions.filter { Party.of($0.owner.role) == .commissioner }.map { dec in
            Pack.Line(
                label: "Decision", text: dec.text, detail: "yours, due \(day(dec.dueDay))",
                href: d.link(Paths.meetingItem(dec.$meeting.id, dec.$item.id)))
        }
        return section
    }

    /// Each named indicator at each service with values: its latest value with a small chart, its mean, and what the
    /// chart says. None when no such indicator has values.
    static func indicatorTable(_ caption: String, _ names: [String], _ d: PackData) -> [Pack.Table] {
        let series = d.series.filter { names.contains($0.indicator.name) && !$0.values.isEmpty }
            .sorted {
                (names.firstIndex(of: $0.indicator.name)!, $0.service.name)
                    < (names.firstIndex(of: $1.indicator.name)!, $1.service.name)
            }
        guard !series.isEmpty else { return [] }
        return [
            Pack.Table(
                caption: caption, header: ["Indicator", "Service", "Latest", "Mean", "Signal"],
                rows: series.map { s in
                    let last = s.result.points.last
                    let unit = s.indicator.unit
                    let spark = XmRChart(
                        id: "t-\(s.indicator.id!.uuidString.prefix(6))-\(s.service.id!.uuidString.prefix(6))",
                        title: "\(s.indicator.name), \(s.service.name)",
                        labels: s.periods.map { s.indicator.period.label($0) }, result: s.result,
                        target: s.indicator.target, unit: unit, small: true, size: (72, 20)
                    ).svg
                    let latest = s.values.last.map { "\(ActionRules.display($0)) \(unit)" } ?? ""
                    let when = s.periods.last.map { ", \(s.indicator.period.short($0))" } ?? ""
                    return [
                        .init(text: s.indicator.name, href: d.link(Paths.series(s.indicator.id!, s.service.id!))),
                        .init(text: s.service.name),
                        .init(text: latest + when, svg: spark, nowrap: true),
                        .init(
                            text: last?.mean.map { ActionRules.display(($0 * 10).rounded() / 10) } ?? "–", numeric: true
                        ),
                        .init(text: last.map { ChartWords.signal($0.variation) } ?? "", nowrap: true)
                    ]
                })
        ]
    }

    /// Live and recently closed actions under each item of the pack's framework, with owner and timeline: the shape
    /// of a council's remedial action plan (PAMMS asks for one within 14 days of its assessment).
    static func planByItem(_ d: PackData) -> Pack.Section {
        let fw = d.framework
        var section = Pack.Section(id: "plan", title: "Action plan by \(fw.itemLabel.lowercased())")
        var byItem: [String: [RecoveryAction]] = [:]
        for a in d.actions where a.status != .cancelled && a.status != .sustained {
            for item in d.statements[a.id!] ?? [] { byItem[item, default: []].append(a) }
        }
        let unmapped = d.actions.filter { a in a.status.isLive && (d.statements[a.id!] ?? []).isEmpty }
        section.intro =
            "Under \(fw.name). Each action with its accountable owner, due day, risk and where it stands."
            + (unmapped.isEmpty
                ? ""
                : " \(unmapped.count) live action\(unmapped.count == 1 ? " is" : "s are") not mapped "
                    + "to this framework: re-map \(unmapped.count == 1 ? "it" : "them") from the frameworks page "
                    + "to list "
                    + "\(unmapped.count == 1 ? "it" : "them") here.")
        for g in fw.groups {
            var group = Pack.Section(id: "plan-\(g.id.lowercased())", title: g.title)
            for item in g.items {
                let actions = (byItem[item.id] ?? []).sorted { ($0.dueDay, $0.reference) < ($1.dueDay, $1.reference) }
                group.lines += actions.map { a in
                    Pack.Line(
                        label: item.id, text: "\(a.reference) \(a.title)",
                        detail: "\(item.title) · owner \(a.lead.name) · due \(day(a.dueDay)) · "
                            + "\(a.riskBand.label) risk · \(a.status.label.lowercased()) · \(a.service.name)",
                        href: d.link(Paths.action(a.id!)))
                }
            }
            group.empty = "No action under this \(fw.groupLabel.lowercased())."
            section.subsections.append(group)
        }
        section.empty = "No action is mapped to this framework."
        return section
    }

    /// "Governance: challenge and decisions": from approved minutes only, items about the pack's services.
    static func sharedGovernance(_ d: PackData) -> Pack.Section {
        var section = Pack.Section(id: "governance", title: "Governance: challenge and decisions")
        let meetings = Set(d.shared.map { $0.meeting.id! }).count
        let decisions = d.shared.flatMap(\.decisions)
        section.intro =
            "From the approved minutes of \(meetings) meeting\(meetings == 1 ? "" : "s") in the period: "
                + """
                each challenge with its answer, and each decision with its owner and where it stands. Draft minutes \
                are not included.
                """
        for i in d.shared {
            let at = "\(i.routeName), \(i.meeting.meetingDay.ukFormat) · \(i.service.name) · \(i.item.title)"
            let href = d.link(Paths.meetingItem(i.meeting.id!, i.item.id!))
            section.lines += i.challenges.map { c in
                Pack.Line(
                    label: "Challenge", text: "\(c.challenger.name): \(c.challenge)",
                    detail: (c.answer.isEmpty ? "No answer minuted" : "Answer: \(c.answer)") + " · \(at)",
                    href: href)
            }
            section.lines += i.decisions.map { dec in
                let state =
                    dec.status == .done
                    ? "done \(day(dec.doneOn ?? ""))"
                    : (Day(iso: dec.dueDay).map { $0 < d.today } ?? false) ? "open, overdue" : "open"
                return Pack.Line(
                    label: "Decision", text: dec.text,
                    detail: "owner \(dec.owner.name) · due \(day(dec.dueDay)) · \(state) · \(at)",
                    href: href)
            }
        }
        section.empty =
            decisions.isEmpty && meetings > 0
            ? "The approved minutes in the period record no challenge or decision."
            : "No approved minutes about these services in the period."
        return section
    }

    // MARK: the CQC re-inspection evidence pack

    static func cqc(_ d: PackData, generated: Date = Clock.current.now()) -> Pack {
        var pack = header(d, .cqc, generated: generated)
        let fw = d.framework
        let names = Reference.evidenceCategoryTitles
        // Which statements each action and each item of evidence supports.
        var actionsBy: [String: [RecoveryAction]] = [:]
        for a in d.actions where a.status != .cancelled {
            for s in d.statements[a.id!] ?? [] { actionsBy[s, default: []].append(a) }
        }
        var evidenceBy: [String: [PackEvidence]] = [:]
        for e in d.evidence {
            var ss = Set(d.evidenceStatements[e.id] ?? [])
            for aid in d.evidenceActions[e.id] ?? [] { ss.formUnion(d.statements[aid] ?? []) }
            for s in ss { evidenceBy[s, default: []].append(e) }
        }
        var thin: [Pack.Line] = []
        for kq in fw.groups {
            var section = Pack.Section(id: "kq-\(kq.id.lowercased())", title: kq.title)
            for st in kq.items {
                let actions = actionsBy[st.id] ?? []
                let sources = d.sources.filter { $0.statementID == st.id && $0.statementFramework == fw.id }
                guard !actions.isEmpty || !sources.isEmpty else { continue }
                var sub = Pack.Section(id: "st-\(st.id.lowercased())", title: "\(st.id) \(st.title)")
                sub.lines += sources.map { s in
                    Pack.Line(
                        label: "Original finding", text: s.title, detail: "\(s.kind.label) · \(day(s.raisedOn))",
                        href: d.link(Paths.sources))
                }
                let closed = actions.filter { a in
                    a.closedOn.flatMap(Day.init(iso:)).map { $0 <= d.period.to } ?? false
                        && (a.status == .monitoring || a.status == .sustained)
                }
                // Only sustained is completed (as in the commissioner pack); closed is awaiting, or overdue for,
                // its re-audit.
                sub.lines += closed.map { a in
                    let state = AfterClosure.of(
                        status: a.status, closedOn: a.closedOn.flatMap(Day.init(iso:)),
                        reAuditDue: a.reAuditDueDay.flatMap(Day.init(iso:)), today: d.today)
                    return Pack.Line(
                        label: state?.packLabel(reAuditDue: a.reAuditDueDay.flatMap(Day.init(iso:)))
                            ?? "Closed", text: "\(a.reference) \(a.title)",
                        detail: "\(a.service.name) · closed \(day(a.closedOn))",
                        href: d.link(Paths.action(a.id!)))
                }
                let ids = Set(actions.compactMap(\.id))
                sub.lines += d.reAudits.filter { ids.contains($0.$action.id) }.compactMap { r in
                    guard let a = d.actionByID[r.$action.id] else { return nil }
                    return Pack.Line(
                        label: r.passed ? "Re-audit passed" : "Re-audit failed", text: r.finding,
                        detail: "\(day(r.day)) · \(a.reference)",
                        href: d.link(Paths.action(a.id!, tab: "closure")))
                }
                let evidence = evidenceBy[st.id] ?? []
                // By the six evidence categories, in CQC's order.
                for cat in Reference.evidenceCategories {
                    sub.lines += evidence.filter { $0.category == cat.id }.map { evidenceLine($0, d, names: names) }
                }
                sub.lines += d.challenges.filter { c in c.item.$action.id.map { ids.contains($0) } ?? false }.map { c in
                    Pack.Line(
                        label: "Minutes showing challenge",
                        text:
                            "\(c.challenge.challenger.name): \(c.challenge.challenge) – Answer: \(c.challenge.answer)",
                        detail: "\(c.meeting.route.name), \(c.meeting.meetingDay.ukFormat)",
                        href: d.link(Paths.meetingItem(c.meeting.id!, c.item.id!)))
                }
                sub.charts = d.series.filter { s in
                    s.indicator.statementsFramework == fw.id && s.indicator.statementIDs.contains(st.id)
                }.map { chart($0, d) }
                let categories = Set(evidence.map(\.category))
                if PackRules.isThin(categories: categories) {
                    sub.intro = "Thin evidence: " + PackRules.thinReason(categories: categories, names: names)
                    thin.append(
                        Pack.Line(
                            label: st.id, text: st.title,
                            detail: PackRules.thinReason(categories: categories, names: names),
                            href: "#st-\(st.id.lowercased())"))
                }
                section.subsections.append(sub)
            }
            if !section.subsections.isEmpty { pack.sections.append(section) }
        }
        var thinSection = Pack.Section(id: "thin", title: "Statements with thin evidence")
        thinSection.intro =
            """
            A statement is thin when its evidence in the period covers fewer than three of the six categories, or \
            nothing from outcomes or people's experience.
            """
        thinSection.lines = thin
        thinSection.empty =
            """
            Every statement with actions has evidence from at least three categories, including outcomes or \
            people's experience.
            """
        var summary = Pack.Section(id: "summary", title: "Summary")
        summary.figures = [
            .init(
                label: "Quality statements with actions or findings",
                value: pack.sections.reduce(0) { $0 + $1.subsections.count }, href: "#thin"),
            .init(label: "Statements with thin evidence", value: thin.count, href: "#thin"),
            .init(label: "Items of evidence in the period", value: d.evidence.count, href: "#kq-safe")
        ]
        let notifications = notificationsSection(d)
        summary.figures.append(
            .init(
                label: "Notifications to CQC overdue", value: notifications.overdue,
                href: "#notifications"))
        pack.sections.insert(summary, at: 0)
        pack.sections.append(thinSection)
        pack.sections.append(notifications.section)
        // Actions with no item under this version (made under another, not yet re-mapped) are named, not lost.
        let unmapped = d.actions.filter { $0.status != .cancelled && (d.statements[$0.id!] ?? []).isEmpty }
        if !unmapped.isEmpty {
            var section = Pack.Section(id: "unmapped", title: "Actions not mapped to \(fw.id)")
            section.intro =
                "Mapped under another framework version, or under none: re-map them from the "
                + "frameworks page to place them under this version's \(fw.itemsLabel.lowercased())."
            section.lines = unmapped.map { actionLine($0, d, detail: $0.status.label.lowercased()) }
            pack.sections.append(section)
            summary.figures.append(
                .init(
                    label: "Actions not mapped to this version", value: unmapped.count,
                    href: "#unmapped"))
            pack.sections[0] = summary
        }
        return pack
    }

    /// Statutory notifications in the period and any still unsent (issue 23), overdue and late ones flagged.
    static func notificationsSection(_ d: PackData) -> (section: Pack.Section, overdue: Int) {
        var section = Pack.Section(id: "notifications", title: "Notifications to CQC")
        section.intro = "Deaths (Regulation 16) and Regulation 18 events, due with CQC within a day of the event."
        let end = LocalTime.parse(d.period.to.adding(days: 1).iso + "T00:00") ?? Clock.current.now()
        let asOf = min(end, Clock.current.now())
        var overdue = 0
        section.lines = d.notifications.map { n in
            let isOverdue = NotificationRules.isOverdue(occurredAt: n.occurredAt, sentAt: n.sentAt, now: asOf)
            if isOverdue { overdue += 1 }
            let state =
                n.sentAt.map {
                    "sent \(UKTime.format($0))" + (n.reference.isEmpty ? "" : " (\(n.reference))")
                        + (NotificationRules.wasLate(occurredAt: n.occurredAt, sentAt: n.sentAt) ? " · LATE" : "")
                }
                ?? (isOverdue ? "NOT SENT · OVERDUE" : "not sent yet")
            return Pack.Line(
                label: "Reg \(n.event.regulation)", text: n.event.label,
                detail: "\(n.service.name)" + (n.person.map { " · \($0.reference)" } ?? "")
                    + " · happened \(UKTime.format(n.occurredAt)) · \(state)",
                href: d.link(Paths.notification(n.id!)))
        }
        section.empty = "No notifiable event in the period."
        return (section, overdue)
    }

    // MARK: the provider oversight report

    static func oversight(_ d: PackData, generated: Date = Clock.current.now()) -> Pack {
        var pack = header(d, .oversight, generated: generated)
        let done = completed(d), late = overdue(d)
        var summary = Pack.Section(id: "summary", title: "Across the services")
        summary.figures = [
            .init(label: "Live actions", value: d.actions.filter { $0.status.isLive }.count, href: "#services"),
            .init(
                label: "Extreme or high risk live actions",
                value: d.actions.filter { $0.status.isLive && $0.riskBand.isHighOrExtreme }.count, href: "#services"),
            .init(label: "Completed in the period", value: done.count, href: "#completed"),
            .init(label: "Overdue", value: late.count, href: "#overdue"),
            .init(label: "Meetings held", value: d.meetings.count, href: "#governance"),
            .init(label: "Open decisions", value: d.decisions.count, href: "#governance"),
            .init(label: "Escalations", value: d.escalations.count, href: "#escalations"),
            .init(label: "Drift signals", value: d.drift.values.reduce(0) { $0 + $1.count }, href: "#drift")
        ]
        var services = Pack.Section(id: "services", title: "By service")
        services.lines = d.services.map { s in
            let mine = d.actions.filter { $0.$service.id == s.id }
            let live = mine.filter { $0.status.isLive }
            let warnings = d.series.filter { $0.service.id == s.id && hasRecentConcern($0) }
            let level = d.oversight[s.id!]?.current?.level.label ?? OversightLevel.routine.label
            return Pack.Line(
                label: s.name,
                text:
                    """
                    \(live.count) live actions, \(live.filter { $0.riskBand.isHighOrExtreme }.count) extreme or \
                    high; \(late.filter { $0.$service.id == s.id }.count) overdue; \
                    \(done.filter { $0.$service.id == s.id }.count) completed
                    """,
                detail:
                    """
                    Commissioner: \(level.lowercased()) · early warnings: \
                    \(warnings.isEmpty ? "none" : warnings.map(\.indicator.name).joined(separator: ", "))
                    """,
                href: d.link(Paths.serviceDashboard(s.id!)))
        }
        var completedSection = Pack.Section(id: "completed", title: "Completed in the period")
        completedSection.lines = done.map { actionLine($0, d, detail: "closed \(day($0.closedOn))") }
        var overdueSection = Pack.Section(id: "overdue", title: "Overdue, with reasons")
        overdueSection.lines = late.map { actionLine($0, d, detail: "due \(day($0.dueDay)) · \(reason($0, d))") }
        var governance = Pack.Section(id: "governance", title: "Governance")
        governance.lines = d.meetings.map { m in
            Pack.Line(
                label: m.meetingDay.ukFormat, text: m.route.name, detail: m.status.label,
                href: d.link(Paths.meeting(m.id!)))
        }
        governance.lines += d.decisions.map { dec in
            Pack.Line(
                label: "Open decision", text: dec.text,
                detail: "owner \(dec.owner.name) · due \(day(dec.dueDay))"
                    + ((Day(iso: dec.dueDay).map { $0 < d.today } ?? false) ? " · overdue" : ""),
                href: d.link(Paths.meetingItem(dec.$meeting.id, dec.$item.id)))
        }
        var warnings = Pack.Section(id: "warnings", title: "Early warnings")
        warnings.charts = d.series.filter(hasRecentConcern).map { chart($0, d) }
        warnings.empty = "No special-cause concern in the latest periods."
        var escalations = Pack.Section(id: "escalations", title: "Escalations")
        escalations.lines = escalationLines(d)
        var drift = Pack.Section(id: "drift", title: "Drift signals")
        drift.intro =
            "Signs of a recovery slipping back before the outcomes show it, as of \(d.today.ukFormat) "
            + "(\(Drift.policyVersion))."
        drift.lines = d.services.flatMap { s in
            (d.drift[s.id!] ?? []).map {
                Pack.Line(
                    label: $0.kind.label, text: $0.reason, detail: s.name,
                    href: d.link(Paths.serviceDashboard(s.id!) + "#drift"))
            }
        }
        drift.empty =
            "No drift signal: reviews and re-audits on time, evidence keeping up, challenge minuted, "
            + "early warnings answered."
        pack.sections = [summary, services, completedSection, overdueSection, governance, drift, warnings, escalations]
        return pack
    }
}
