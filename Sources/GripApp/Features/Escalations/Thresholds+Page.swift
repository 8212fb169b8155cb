import Fluent
import GripCore
import Vapor

/// The escalation thresholds page (issue 36): what fires an *Escalation due*, to whom, and how long they have. Every
/// signed-in person reads it (commissioners too: it says when the provider escalates to them); the provider admin
/// changes it, each save a new version.
struct ThresholdsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.escalationThresholds, use: show)
        routes.post(.escalationThresholds, use: save)
    }

    struct Row: Encodable {
        let trigger: String
        let label: String
        let level: String
        let timeToAct: String
        let count: String
        let countHint: String
        let active: Bool
        let levels: [Choice]
        let times: [Choice]
        let takesCount: Bool
        /// The form's messages for this row's fields (level, time to act, count), if any.
        let levelError: String?
        let timeError: String?
        let countError: String?
    }

    struct Page: Encodable {
        let layout: Layout
        let version: Int
        let saved: String
        let rows: [Row]
        let categories: [Choice]
        let watchedSeries: String
        let watchedList: [String]
        let holidayYears: String
        let canEdit: Bool
        let form: FormState
    }

    /// The times to act a form offers: the same day, a few hours, or working days.
    static let times: [TimeToAct] =
        [.sameDay] + [1, 2, 4, 8, 24, 48].map(TimeToAct.hours) + [1, 2, 3, 5, 10].map(TimeToAct.workingDays)

    static func page(_ req: Request, form: FormState = FormState()) async throws -> Page {
        let actor = try req.actor
        try actor.require(.viewActions)
        let inForce = try await ThresholdsInForce.load(for: actor, on: req.db)
        let set = inForce.set
        let typed = !form.values.isEmpty
        func value(_ key: String, _ stored: String) -> String { typed ? form.values[key] ?? "" : stored }
        let rows = set.thresholds.map { t in
            let key = t.trigger.rawValue
            let level = value("level_\(key)", t.level.rawValue), time = value("time_\(key)", t.timeToAct.code)
            return Row(
                trigger: key, label: t.trigger.label, level: t.level.label,
                timeToAct: t.timeToAct.label.capitalisedFirst,
                count: value("count_\(key)", t.count.map(String.init) ?? ""),
                countHint: t.trigger.countRange.map { "\($0.lowerBound) to \($0.upperBound)" } ?? "",
                active: typed ? form.values["active_\(key)"] == "yes" : t.active,
                levels: EscalationLevel.allCases.map {
                    Choice(value: $0.rawValue, label: $0.label, selected: $0.rawValue == level)
                },
                times: (Self.times.contains(t.timeToAct) ? Self.times : Self.times + [t.timeToAct]).map {
                    Choice(value: $0.code, label: $0.label, selected: $0.code == time)
                },
                takesCount: t.trigger.countRange != nil, levelError: form.errors["level_\(key)"],
                timeError: form.errors["time_\(key)"], countError: form.errors["count_\(key)"])
        }
        let reportable =
            typed
            ? Set((form.values["reportable"] ?? "").split(separator: ",").map(String.init))
            : Set(set.reportableCategories.map(\.rawValue))
        let holidays = req.application.bankHolidays.years
        return Page(
            layout: Layout(req, title: "Escalation thresholds", section: "escalations"), version: set.version,
            saved: inForce.savedAt.map {
                "Version \(set.version), saved \(UKTime.format($0)) by \(inForce.savedBy ?? "")."
            }
                ?? "Grip's shipped thresholds (version 1); nobody has changed them yet.",
            rows: rows,
            categories: SafeguardingCategory.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: reportable.contains($0.rawValue))
            },
            watchedSeries: value("watched_series", set.watchedSeries.joined(separator: "\n")),
            watchedList: set.watchedSeries,
            holidayYears: "\(holidays.lowerBound) to \(holidays.upperBound)",
            canEdit: actor.may(.administer), form: form)
    }

    @Sendable func show(req: Request) async throws -> View {
        try await req.view.render("escalations/thresholds", try await Self.page(req))
    }

    struct Form: Content { var version: String?; var reportable: [String]?; var watched_series: String? }

    /// The form as a set: each trigger's level, time, count and switch; the reportable categories; the series, one
    /// a line. Problems are named by the form's own fields.
    static func parse(_ req: Request) throws -> (EscalationThresholdSet, Int?, [String: String], [FieldError]) {
        let form = try req.content.decode(Form.self)
        var values: [String: String] = [:], errors: [FieldError] = []
        var thresholds: [EscalationThreshold] = []
        for trigger in EscalationTrigger.allCases {
            let key = trigger.rawValue
            let level = (try? req.content.get(String.self, at: "level_\(key)")) ?? ""
            let time = (try? req.content.get(String.self, at: "time_\(key)")) ?? ""
            let count = ((try? req.content.get(String.self, at: "count_\(key)")) ?? "")
                .trimmingCharacters(in: .whitespaces)
            let active = (try? req.content.get(String.self, at: "active_\(key)")) == "yes"
            values["level_\(key)"] = level
            values["time_\(key)"] = time
            values["count_\(key)"] = count
            values["active_\(key)"] = active ? "yes" : ""
            guard let l = EscalationLevel(rawValue: level) else {
                errors.append(FieldError("level_\(key)", "Choose who “\(trigger.label)” goes to."))
                continue
            }
            guard let t = TimeToAct(code: time) else {
                errors.append(FieldError("time_\(key)", "Choose the time to act for “\(trigger.label)”."))
                continue
            }
            var n: Int?
            if trigger.countRange != nil {
                guard let parsed = Int(count) else {
                    errors.append(FieldError("count_\(key)", "Give the count for “\(trigger.label)” as a number."))
                    continue
                }
                n = parsed
            }
            thresholds.append(EscalationThreshold(trigger, l, t, count: n, active: active))
        }
        var categories: [SafeguardingCategory] = []
        for raw in form.reportable ?? [] {
            guard let c = SafeguardingCategory(rawValue: raw) else {
                errors.append(FieldError("reportable", "“\(raw)” is not a safeguarding category."))
                continue
            }
            categories.append(c)
        }
        values["reportable"] = categories.map(\.rawValue).joined(separator: ",")
        let series = (form.watched_series ?? "").split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        values["watched_series"] = form.watched_series ?? ""
        let set = EscalationThresholdSet(
            version: 0, thresholds: thresholds, reportableCategories: categories, watchedSeries: series)
        // The set's own problems, in the form's words: thresholds[i].count is count_<trigger>.
        if errors.isEmpty {
            errors = set.problems().map { e in
                guard e.field.hasPrefix("thresholds["), let close = e.field.firstIndex(of: "]"),
                    let i = Int(e.field.dropFirst("thresholds[".count).prefix(while: { $0 != "]" })),
                    thresholds.indices.contains(i)
                else { return e.field.hasPrefix("watched_series") ? FieldError("watched_series", e.message) : e }
                let part = e.field[e.field.index(close, offsetBy: 2)...]
                return FieldError(
                    "\(part == "time_to_act" ? "time" : part)_\(thresholds[i].trigger.rawValue)", e.message)
            }
        }
        return (set, form.version.flatMap { Int($0) }, values, errors)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let actor = try req.actor
        try actor.require(.administer)
        let (set, version, values, errors) = try Self.parse(req)
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let saved = try await ThresholdService(db: req.db, actor: actor).save(set, expected: version)
            req.flash("Saved the escalation thresholds as version \(saved.version).")
            return req.redirect(to: Paths.escalationThresholds)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            let form = FormState(
                values: values, errors: e.fieldErrors.isEmpty ? [FieldError("form", e.reason)] : e.fieldErrors)
            return try await req.render(
                "escalations/thresholds", try await Self.page(req, form: form), status: e.status)
        }
    }
}
