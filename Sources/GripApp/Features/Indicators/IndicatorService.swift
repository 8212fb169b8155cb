import Fluent
import SQLKit
import Foundation
import GripCore

/// The indicator catalogue, values (by form or CSV import, all-or-nothing) and series settings.
struct IndicatorService {
    let db: any Database
    let actor: Actor
    /// How many services' values `save` writes at a time, within its one transaction.
    var servicesPerSlice = 10
    /// The day the request or command runs on (one clock, passed down).
    var today = Clock.current.today()

    // MARK: catalogue

    /// `withWarnings`: false only for the migration that seeded catalogues before indicators had a
    /// `warn_on` column (`UpdateIndicatorsAddWarnOn` sets it on those).
    static func seedDefaults(
        organisationID: UUID, actor: AuditActor, withWarnings: Bool = true,
        on db: any Database
    ) async throws {
        guard try await Scoped.query(Indicator.self, organisation: organisationID, on: db).count() == 0 else {
            return
        }
        try await AuditLog.transaction(on: db, organisationID: organisationID, actor: actor) { rec in
            for d in IndicatorDefinition.defaults {
                let i = Indicator(d, organisationID: organisationID)
                if withWarnings, let w = d.warnOn { i.warnOn = w }
                try await i.create(on: rec.db)
                try await rec.record(
                    "indicator", i.requireID(), "created", [AuditChange(field: "name", before: nil, after: d.name)])
            }
        }
    }

    struct IndicatorInput: Sendable {
        var name: String
        var unit: String
        var period: IndicatorPeriodKind?
        var direction: SPC.Direction?
        var target: Double?
        var statementIDs: [String]
        var warnOn: SPC.WarnOn? = nil
    }

    /// Quality leads, nominated individuals and admins keep the catalogue.
    func createIndicator(_ input: IndicatorInput) async throws -> Indicator {
        try actor.require(.keepIndicators)
        var errors: [FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 120 {
            errors.append(FieldError("name", "Name the indicator (at most 120 characters)."))
        }
        if try await Scoped.query(Indicator.self, for: actor, on: db).filter(\.$name == name)
            .first() != nil
        {
            errors.append(FieldError("name", "There is already an indicator called \(name)."))
        }
        let unit = input.unit.trimmingCharacters(in: .whitespacesAndNewlines)
        if unit.isEmpty || unit.count > 40 { errors.append(FieldError("unit", "Give the unit, such as falls or %.")) }
        if input.period == nil { errors.append(FieldError("period", "Choose week or month.")) }
        if input.direction == nil {
            errors.append(FieldError("direction", "Choose which way is improvement (or neutral)."))
        }
        if input.direction == .neutral && input.target != nil {
            errors.append(FieldError("target", "A neutral indicator has no target."))
        }
        if let p = IndicatorRules.warnOnProblem(direction: input.direction, warnOn: input.warnOn) { errors.append(p) }
        let fw =
            input.statementIDs.isEmpty
            ? nil
            : try await FrameworkCatalogue(db: db, organisationID: actor.organisationID).inForce().framework
        if let fw { errors += FrameworkRules.itemProblems(input.statementIDs, in: fw) }
        guard errors.isEmpty, let period = input.period, let direction = input.direction else {
            throw AppError.invalid(errors)
        }
        let actor = self.actor
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let i = Indicator()
            i.$organisation.id = actor.organisationID
            i.name = name
            i.unit = unit
            i.period = period
            i.direction = direction
            i.target = input.target
            i.statements = input.statementIDs.joined(separator: ",")
            i.statementsFramework = fw?.id
            i.warnOn = input.warnOn
            i.version = 1
            try await i.create(on: rec.db)
            try await rec.record(
                "indicator", i.requireID(), "created",
                [
                    AuditChange(field: "warn_on", before: nil, after: input.warnOn?.rawValue),
                    AuditChange(field: "name", before: nil, after: name),
                    AuditChange(field: "unit", before: nil, after: unit),
                    AuditChange(field: "period", before: nil, after: period.rawValue),
                    AuditChange(field: "direction", before: nil, after: direction.rawValue),
                    AuditChange(field: "target", before: nil, after: input.target.map(ActionRules.display))
                ])
            return i
        }
    }

    func indicator(_ id: UUID?) async throws -> Indicator {
        guard let id,
            let i = try await Scoped.query(Indicator.self, for: actor, on: db).filter(
                \.$id == id
            ).first()
        else {
            throw AppError.notFound("indicator")
        }
        return i
    }

    // MARK: values

    struct Entry: Sendable, Hashable {
        let indicatorID: UUID
        let serviceID: UUID
        let period: Day
        let value: Double
    }

    struct ImportProblem: Sendable, Hashable, Encodable {
        let row: Int
        let column: String
        let message: String
    }

    struct ImportFailure: Error, Sendable {
        let problems: [ImportProblem]
    }

    /// Reads `service,indicator,period,value` rows; every problem is reported by row and column, nothing is written.
    func parseImport(_ text: String) async throws -> [Entry] {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch {
            throw ImportFailure(problems: [ImportProblem(row: error.line, column: "", message: error.message)])
        }
        guard let head = records.first else {
            throw ImportFailure(problems: [ImportProblem(row: 1, column: "", message: "The file is empty.")])
        }
        let cols = head.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard cols == ["service", "indicator", "period", "value"] else {
            throw ImportFailure(problems: [
                ImportProblem(
                    row: head.line, column: "",
                    message:
                        """
                        The header must be service,indicator,period,value (found \
                        \(head.fields.joined(separator: ","))).
                        """
                )
            ])
        }
        let services = try await Service.query(on: db).visible(to: actor).all()
        let indicators = try await Scoped.query(Indicator.self, for: actor, on: db).all()
        let serviceByName = Dictionary(services.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        let indicatorByName = Dictionary(indicators.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [ImportProblem] = []
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for r in records.dropFirst() {
            guard r.fields.count == 4 else {
                problems.append(
                    ImportProblem(row: r.line, column: "", message: "Expected 4 fields, found \(r.fields.count)."))
                continue
            }
            let f = r.fields.map(CSV.trimmed)
            let service = serviceByName[f[0].lowercased()]
            if service == nil {
                problems.append(
                    ImportProblem(
                        row: r.line, column: "service", message: "No service called '\(f[0])' that you can see."))
            }
            let indicator = indicatorByName[f[1].lowercased()]
            if indicator == nil {
                problems.append(
                    ImportProblem(
                        row: r.line, column: "indicator", message: "No indicator called '\(f[1])' in the catalogue."))
            }
            if let feed = indicator?.feed {
                problems.append(
                    ImportProblem(
                        row: r.line, column: "indicator",
                        message: "'\(f[1])' is computed from "
                            + "the \(feed.log); it takes no typed values."))
            }
            var period: Day?
            if let indicator {
                period = indicator.period.parse(f[2])
                if period == nil {
                    problems.append(
                        ImportProblem(
                            row: r.line, column: "period",
                            message:
                                """
                                '\(f[2])' is not a \(indicator.period.rawValue): write \
                                \(indicator.period == .month ? "2026-03" : "2026-W10") or a date in it.
                                """
                        ))
                }
            }
            let value = Double(f[3].contains("%") ? f[3].filter { $0 != "%" } : f[3])
            if value == nil || !(value!.isFinite) {
                problems.append(ImportProblem(row: r.line, column: "value", message: "'\(f[3])' is not a number."))
            }
            if let service, let indicator, let period, let value {
                let key = "\(service.id!)|\(indicator.id!)|\(period.iso)"
                if let first = seen[key] {
                    problems.append(
                        ImportProblem(
                            row: r.line, column: "period",
                            message: "The same service, indicator and period is already on row \(first)."))
                } else {
                    seen[key] = r.line
                    entries.append(
                        Entry(indicatorID: indicator.id!, serviceID: service.id!, period: period, value: value))
                }
            }
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        if entries.isEmpty {
            throw ImportFailure(problems: [
                ImportProblem(row: head.line + 1, column: "", message: "There are no rows to import.")
            ])
        }
        return entries
    }

    struct SaveSummary: Sendable {
        var created = 0
        var updated = 0
        var unchanged = 0
    }

    /// Upserts values in one transaction: the same period again updates it. One audit entry per series touched.
    func save(_ entries: [Entry]) async throws -> SaveSummary {
        try actor.require(.enterIndicatorValues)
        let serviceIDs = Set(entries.map(\.serviceID)), indicatorIDs = Set(entries.map(\.indicatorID))
        let visible = try await Service.query(on: db).visible(to: actor).filter(\.$id ~~ serviceIDs).count()
        guard visible == serviceIDs.count else { throw AppError.notFound("service") }
        let known = try await Scoped.query(Indicator.self, for: actor, on: db).filter(
            \.$id ~~ indicatorIDs
        ).count()
        guard known == indicatorIDs.count else { throw AppError.notFound("indicator") }
        if let fed = try await Indicator.query(on: db).filter(\.$id ~~ indicatorIDs).filter(\.$feed != nil).first(),
            let feed = fed.feed
        {
            throw AppError.invalid(
                "indicator",
                "\(fed.name) is computed from the \(feed.log); it takes no typed "
                    + "values.")
        }
        let actor = self.actor
        // A few services at a time (still one transaction): what an import of 100,000 values holds in
        // memory at once is one slice's existing values, new rows and series, not the whole file's.
        let byService = Dictionary(grouping: entries, by: \.serviceID)
        let slices = Batches.chunks(byService.keys.sorted { $0.uuidString < $1.uuidString }, size: servicesPerSlice)
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            var summary = SaveSummary()
            var changes: [String: [AuditChange]] = [:]
            for slice in slices {
                let part = slice.flatMap { byService[$0] ?? [] }
                // Only the series whose values changed are analysed and drawn again (none, for a file
                // uploaded twice).
                let changed = try await Self.save(part, into: &summary, changes: &changes, on: rec.db)
                try await SeriesWarnings.refresh(
                    indicators: Set(changed.map(\.indicatorID)), services: Set(changed.map(\.serviceID)),
                    today: today, on: rec.db)
            }
            try await Self.reopenOnConcern(entries, today: today, rec: rec)
            rec.touch(services: serviceIDs)
            for (series, list) in changes.sorted(by: { $0.key < $1.key }) {
                let parts = series.split(separator: "|")
                try await rec.record(
                    "indicator", UUID(uuidString: String(parts[0]))!, "values_recorded",
                    [AuditChange(field: "service", before: nil, after: String(parts[1]))]
                        + list.sorted { $0.field < $1.field })
            }
            return summary
        }
    }

    /// Upserts one slice of values: the same period again updates it. New values go in multi-row
    /// inserts; changed ones one by one. Returns the entries that changed a value.
    static func save(
        _ entries: [Entry], into summary: inout SaveSummary, changes: inout [String: [AuditChange]],
        on db: any Database
    ) async throws -> [Entry] {
        let serviceIDs = Set(entries.map(\.serviceID)), indicatorIDs = Set(entries.map(\.indicatorID))
        let existing = try await IndicatorValue.query(on: db).filter(\.$service.$id ~~ serviceIDs)
            .filter(\.$indicator.$id ~~ indicatorIDs).filter(\.$period ~~ Set(entries.map(\.period.iso))).all()
        var byKey = Dictionary(
            existing.map { ("\($0.$service.id)|\($0.$indicator.id)|\($0.period)", $0) },
            uniquingKeysWith: { a, _ in a })
        var fresh: [IndicatorValue] = [], freshKeys: Set<String> = [], changed: [Entry] = []
        for e in entries {
            let key = "\(e.serviceID)|\(e.indicatorID)|\(e.period.iso)"
            let series = "\(e.indicatorID)|\(e.serviceID)"
            if let v = byKey[key] {
                if v.value == e.value { summary.unchanged += 1; continue }
                changed.append(e)
                changes[series, default: []].append(
                    AuditChange(
                        field: e.period.iso,
                        before: ActionRules.display(v.value),
                        after: ActionRules.display(e.value)))
                v.value = e.value
                if !freshKeys.contains(key) { try await v.update(on: db) }
                summary.updated += 1
            } else {
                let v = IndicatorValue()
                v.id = UUID()
                v.$indicator.id = e.indicatorID
                v.$service.id = e.serviceID
                v.period = e.period.iso
                v.value = e.value
                fresh.append(v)
                freshKeys.insert(key)
                changed.append(e)
                byKey[key] = v
                changes[series, default: []].append(
                    AuditChange(
                        field: e.period.iso, before: nil,
                        after: ActionRules.display(e.value)))
                summary.created += 1
            }
        }
        try await insert(fresh, on: db)
        return changed
    }

    /// New values in multi-row `INSERT`s of plain columns: Fluent's insert of models reflected on every row and
    /// turned each into a query of its own shape first (issue 35).
    static func insert(_ values: [IndicatorValue], on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let now = Clock.current.now()
        for chunk in Batches.chunks(values, size: 1000) {
            let insert = sql.insert(into: IndicatorValue.schema)
                .columns("id", "updated_at", "period", "value", "indicator_id", "service_id")
            for v in chunk {
                insert.values([v.id ?? UUID(), now, v.period, v.value, v.$indicator.id, v.$service.id])
            }
            try await insert.run()
        }
    }

    /// An action in monitoring whose outcome indicator shows a new special-cause concern (on a
    /// period recorded now, after its closure) is reopened with the signal attached.
    static func reopenOnConcern(_ entries: [Entry], today: Day, rec: AuditRecorder) async throws {
        let indicatorIDs = Set(entries.map(\.indicatorID)), serviceIDs = Set(entries.map(\.serviceID))
        // Monitoring actions always; sustained ones when their route's policy says so (sustained is still watched).
        let watched = try await RecoveryAction.query(on: rec.db).filter(\.$indicator.$id ~~ indicatorIDs)
            .filter(\.$service.$id ~~ serviceIDs).filter(\.$status ~~ [ActionStatus.monitoring, .sustained]).all()
        let sustainedRoutes = Set(watched.filter { $0.status == .sustained }.map { $0.$route.id })
        let reopening =
            sustainedRoutes.isEmpty
            ? []
            : Set(
                try await ReviewRoute.query(on: rec.db)
                    .filter(\.$id ~~ sustainedRoutes).filter(\.$reopenOnConcern == true).all().compactMap(\.id))
        let monitored = watched.filter { $0.status == .monitoring || reopening.contains($0.$route.id) }
        let touched = Dictionary(grouping: entries, by: { "\($0.indicatorID)|\($0.serviceID)" }).mapValues {
            Set($0.map(\.period))
        }
        let relevant = monitored.filter { a in a.$indicator.id.map { touched["\($0)|\(a.$service.id)"] != nil } ?? false
        }
        guard !relevant.isEmpty else { return }
        // The series of every relevant action, two queries per indicator (an import can touch thousands of series).
        let indicators = try await Indicator.query(on: rec.db).filter(
            \.$id ~~ Set(relevant.compactMap { $0.$indicator.id })
        ).all()
        let services = try await Service.query(on: rec.db).filter(\.$id ~~ Set(relevant.map { $0.$service.id })).all()
        var seriesBy: [String: Series] = [:]
        for indicator in indicators {
            let wanted = Set(relevant.filter { $0.$indicator.id == indicator.id }.map { $0.$service.id })
            for (sid, s) in try await series(
                indicator, services: services.filter { wanted.contains($0.id!) },
                today: today, on: rec.db)
            {
                seriesBy["\(indicator.id!)|\(sid)"] = s
            }
        }
        for action in relevant {
            guard let iid = action.$indicator.id, let periods = touched["\(iid)|\(action.$service.id)"],
                let series = seriesBy["\(iid)|\(action.$service.id)"]
            else { continue }
            let indicator = series.indicator
            let closed = action.closedOn.flatMap(Day.init(iso:)).map { indicator.period.parse($0.iso) ?? $0 }
            let signal = series.result.points.indices.last { k in
                series.result.points[k].variation == .concern && periods.contains(series.periods[k])
                    && closed.map { series.periods[k] >= $0 } ?? true
            }
            guard let k = signal else { continue }
            let text =
                """
                Special-cause concern in \(indicator.name): \(ActionRules.display(series.values[k])) \
                \(indicator.unit) in \(indicator.period.display(series.periods[k])).
                """
            let from = action.status
            let reason =
                (from == .sustained
                    ? "Reopened by an early warning after it was sustained (the route's policy). "
                    : "Reopened by an early warning. ") + text
            // Through the lifecycle like every status change: monitoring → reopened, with its reason.
            action.status = try ActionLifecycle.transition(from: action.status, to: .reopened, reason: reason)
            action.statusReason = reason
            action.version += 1
            try await action.update(on: rec.db)
            try await rec.record(
                "action", action.requireID(), "reopened_by_signal",
                [
                    AuditChange(field: "status", before: from.rawValue, after: ActionStatus.reopened.rawValue),
                    AuditChange(field: "signal", before: nil, after: text)
                ])
        }
    }

    // MARK: series

    struct Series: Sendable {
        let indicator: Indicator
        let service: Service
        let periods: [Day]
        let values: [Double]
        let setting: SeriesSetting?
        let result: SPC.Result
        /// A computed series' period in progress, shown as "so far" and read by no SPC rule until it ends.
        var soFar: (period: Day, value: Double)? = nil
    }

    func series(indicatorID: UUID?, serviceID: UUID?) async throws -> Series {
        let indicator = try await indicator(indicatorID)
        let service = try await Access.service(serviceID, for: actor, on: db)
        return try await Self.series(indicator, service, today: today, on: db)
    }

    static func series(
        _ indicator: Indicator, _ service: Service, today: Day, on db: any Database
    ) async throws
        -> Series
    {
        let values = try await IndicatorValue.query(on: db).filter(\.$indicator.$id == indicator.requireID())
            .filter(\.$service.$id == service.requireID()).sort(\.$period).all()
        let setting = try await SeriesSetting.query(on: db).filter(\.$indicator.$id == indicator.requireID())
            .filter(\.$service.$id == service.requireID()).first()
        return analyse(indicator, service, values: values, setting: setting, today: today)
    }

    /// The one place a stored series becomes an SPC analysis (values in period order). A computed series'
    /// period in progress is set apart as "so far" (issue 33).
    static func analyse(
        _ indicator: Indicator, _ service: Service, values: [some PeriodValue], setting: SeriesSetting?,
        today: Day
    ) -> Series {
        let n = completed(indicator, periods: values.map(\.period), today: today)
        let done = Array(values.prefix(n))
        let result = Self.result(
            indicator, values: done.map(\.value), periods: done.map(\.period), setting: setting,
            today: today)
        let running = values.count > n ? values.last.flatMap { v in Day(iso: v.period).map { ($0, v.value) } } : nil
        return Series(
            indicator: indicator, service: service, periods: done.compactMap { Day(iso: $0.period) },
            values: done.map(\.value), setting: setting, result: result, soFar: running)
    }

    /// How many of a series' periods (in order) the SPC rules read: all of a typed series; a computed series'
    /// (from a log) only those that have ended — the month in progress would read a few quiet days as a month.
    static func completed(_ indicator: Indicator, periods: [String], today: Day) -> Int {
        guard indicator.feed != nil else { return periods.count }
        return periods.prefix { p in Day(iso: p).map { !indicator.period.isInProgress($0, today: today) } ?? true }
            .count
    }

    /// The SPC analysis of a series' values (in period order, periods as ISO days) under its settings: only the
    /// periods that `completed` lets the rules read.
    static func result(
        _ indicator: Indicator, values: [Double], periods: [String], setting: SeriesSetting?,
        today: Day
    ) -> SPC.Result {
        let rebases = setting?.rebasePeriods ?? []
        let n = completed(indicator, periods: periods, today: today)
        let points = zip(values.prefix(n), periods.prefix(n)).map {
            SPC.Point(value: $0.0, rebase: rebases.contains($0.1))
        }
        return SPC.analyse(
            points, direction: indicator.direction, target: indicator.target, baselinePoints: setting?.baselinePoints,
            warnOn: indicator.direction == .neutral ? indicator.warnOn : nil)
    }

    /// Many series of one indicator at once (two queries, whatever the number of services).
    static func series(
        _ indicator: Indicator, services: [Service], today: Day, on db: any Database
    ) async throws
        -> [UUID: Series]
    {
        let ids = services.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let values = try await IndicatorValue.query(on: db).filter(\.$indicator.$id == indicator.requireID())
            .filter(\.$service.$id ~~ ids).sort(\.$period).all()
        let settings = try await SeriesSetting.query(on: db).filter(\.$indicator.$id == indicator.requireID()).filter(
            \.$service.$id ~~ ids
        ).all()
        let byService = Dictionary(grouping: values, by: { $0.$service.id })
        let settingBy = Dictionary(settings.map { ($0.$service.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [UUID: Series] = [:]
        for service in services {
            let id = service.id!
            out[id] = analyse(indicator, service, values: byService[id] ?? [], setting: settingBy[id], today: today)
        }
        return out
    }

    /// Sets a series' fixed baseline and rebase periods, through the door: every change needs a reason, and a
    /// watched series (the outcome indicator of a live high or extreme action, or an early warning in its
    /// latest three periods) a second person: a quality lead or the nominated individual.
    func setSeries(
        indicatorID: UUID?, serviceID: UUID?, baselinePoints: Int?, rebases: [Day], reason: String?,
        version: Int?
    ) async throws -> Outcome {
        try actor.require(.changeSeriesSettings)
        let indicator = try await indicator(indicatorID)
        let service = try await Access.service(serviceID, for: actor, on: db)
        if let b = baselinePoints, b < 1 {
            throw AppError.invalid("baseline_points", "Fix the limits after a whole number of points, 12 or more.")
        }
        if let b = baselinePoints, b < SPC.minimumPoints {
            throw AppError.invalid(
                "baseline_points", "Limits need at least \(SPC.minimumPoints) points; \(b) is too few.")
        }
        let series = try await Self.series(indicator, service, today: today, on: db)
        if let existing = series.setting, let version, existing.version != version {
            throw AppError.stale("series", current: existing.version)
        }
        let (iid, sid) = (try indicator.requireID(), try service.requireID())
        let outcome =
            try await RecoveryAction.query(on: db).visible(to: actor).filter(\.$indicator.$id == iid)
            .filter(\.$service.$id == sid)
            .filter(\.$status ~~ ActionStatus.allCases.filter(\.isLive))
            .filter(\.$riskBand ~~ [RiskBand.high, .extreme]).count() > 0
        let watched = SeriesRules.isWatched(outcomeOfLiveHighAction: outcome, result: series.result)
        let rebased = Set((series.setting?.rebasePeriods ?? []).compactMap(Day.init(iso:)))
        let before = (series.setting?.baselinePoints, rebased)
        let payload = SeriesPayload(
            baselinePoints: baselinePoints, rebases: rebases.map(\.iso).sorted(),
            reason: (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        let edits = SeriesRules.edits(before: before, after: (baselinePoints, Set(rebases)), watched: watched)
        if edits.isEmpty { return .applied }  // nothing changes: nothing to judge or write
        let actor = self.actor, today = self.today
        let result = try await ChangeDoor.pass(
            .indicatorSeries, edits: edits, reason: reason, reasonField: "reason", actor: actor, on: db,
            hold: {
                ChangeDoor.Hold(
                    recordType: .indicatorSeries, recordID: iid, serviceID: sid,
                    operation: .seriesSettings, payload: try ChangeDoor.json(payload), weakenings: [],
                    recordVersion: series.setting?.version ?? 0,
                    subject: "\(indicator.name) at \(service.name)", path: Paths.series(iid, sid))
            },
            apply: { rec in
                try await Self.writeSeries(
                    payload, indicator: indicator, service: service, today: today, rec: rec,
                    version: version)
            })
        switch result {
        case .applied: return .applied
        case .held(let c): return .proposed(c)
        }
    }

    enum Outcome: Sendable {
        case applied
        case proposed(PendingChange)
    }

    /// A series' settings as set or proposed.
    struct SeriesPayload: Codable, Sendable {
        let baselinePoints: Int?
        let rebases: [String]
        let reason: String
    }

    static func writeSeries(
        _ p: SeriesPayload, indicator: Indicator, service: Service, today: Day,
        rec: AuditRecorder, version: Int?, extra: [AuditChange] = []
    ) async throws {
        let existing = try await SeriesSetting.query(on: rec.db).filter(\.$indicator.$id == indicator.requireID())
            .filter(\.$service.$id == service.requireID()).first()
        if let existing, let version, existing.version != version {
            throw AppError.stale("series", current: existing.version)
        }
        let s = existing ?? SeriesSetting()
        let before = existing.map { "baseline \($0.baselinePoints.map(String.init) ?? "all"), rebases \($0.rebases)" }
        s.$indicator.id = try indicator.requireID()
        s.$service.id = try service.requireID()
        s.baselinePoints = p.baselinePoints
        s.rebases = p.rebases.joined(separator: ",")
        s.reason = p.reason.isEmpty ? nil : p.reason
        s.changedOn = today.iso
        s.version = (existing?.version ?? 0) + 1
        try await s.save(on: rec.db)
        try await SeriesWarnings.refresh(
            indicators: [indicator.requireID()], services: [service.requireID()],
            today: today, on: rec.db)
        rec.touch(services: [try service.requireID()])
        try await rec.record(
            "indicator", indicator.requireID(), "series_settings",
            [
                AuditChange(field: "service", before: nil, after: service.name),
                AuditChange(
                    field: "settings", before: before,
                    after: "baseline \(p.baselinePoints.map(String.init) ?? "all"), rebases \(s.rebases)"),
                AuditChange(field: "reason", before: nil, after: p.reason.isEmpty ? nil : p.reason)
            ] + extra)
    }

    /// What approving a held series change applies.
    func approved(_ c: PendingChange) async throws -> PendingChanges.Applier {
        let p = try c.payload(SeriesPayload.self)
        let service = try await Access.service(c.$service.id, for: actor, on: db)
        let indicator = try await indicator(c.recordID)
        let current = try await SeriesSetting.query(on: db).filter(\.$indicator.$id == c.recordID)
            .filter(\.$service.$id == c.$service.id).first()?.version
        let today = self.today
        return { rec, note in
            try await Self.writeSeries(
                p, indicator: indicator, service: service, today: today, rec: rec,
                version: current, extra: note)
        }
    }
}

extension IndicatorService {
    /// The organisation's indicators, by name.
    func catalogue() async throws -> [Indicator] {
        try await Scoped.query(Indicator.self, for: actor, on: db).sort(\.$name).all()
    }

    /// A page of the organisation's indicators, by name.
    func catalogue(_ page: PageRequest) async throws -> Page<Indicator> {
        try await Scoped.query(Indicator.self, for: actor, on: db).sort(\.$name).leanPage(page)
    }

    /// The organisation's indicators among these ids.
    func indicators(_ ids: Set<UUID>) async throws -> [Indicator] {
        try await Scoped.query(Indicator.self, for: actor, on: db).filter(\.$id ~~ ids).all()
    }

    /// Which of these services the actor sees.
    func visibleServiceIDs(_ ids: Set<UUID>) async throws -> Set<UUID> {
        Set(try await Service.query(on: db).visible(to: actor).filter(\.$id ~~ ids).all().compactMap(\.id))
    }
}

extension Indicator {
    /// A new indicator from a catalogue definition (version 1; a definition naming quality statements names the
    /// 2023 framework's).
    convenience init(_ d: IndicatorDefinition, organisationID: UUID) {
        self.init()
        $organisation.id = organisationID
        name = d.name
        unit = d.unit
        period = d.period
        direction = d.direction
        target = d.target
        statements = d.statements.joined(separator: ",")
        statementsFramework = d.statements.isEmpty ? nil : Framework.cqc2023.id
        version = 1
    }
}

/// A stored value as an analysis reads it: a period (an ISO day) and its value. A model, or a plain row read
/// with SQLKit where many series are read at once (a pack's: issue 35).
protocol PeriodValue {
    var period: String { get }
    var value: Double { get }
}

extension IndicatorValue: PeriodValue {}

/// One stored value of one series, as a plain row.
struct SeriesValueRow: PeriodValue, Decodable, Sendable {
    let indicatorID: UUID
    let serviceID: UUID
    let period: String
    let value: Double

    enum CodingKeys: String, CodingKey {
        case indicatorID = "indicator_id", serviceID = "service_id", period, value
    }

    /// Every stored value of some (scoped) services' series up to a day, as plain rows, each series' values
    /// in period order (the index's order: nothing sorted).
    static func all(of serviceIDs: [UUID], to day: Day, on db: any Database) async throws -> [SeriesValueRow] {
        guard !serviceIDs.isEmpty else { return [] }
        return try await (db as! any SQLDatabase).select()
            .columns("indicator_id", "service_id", "period", "value")
            .from(IndicatorValue.schema)
            .where("service_id", .in, SQLBind.group(serviceIDs))
            .where("period", .lessThanOrEqual, SQLBind(day.iso))
            .orderBy("service_id").orderBy("indicator_id").orderBy("period")
            .all(decoding: SeriesValueRow.self)
    }
}
