import Fluent
import Foundation
import GripCore

/// Two and a half years of monthly indicators per demo service, with real signals in them:
/// a shift after recovery started, a rising trend, an outlier and a worsening run.
enum DemoIndicators {
    /// A small deterministic generator, so the demo is the same every time.
    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double((state >> 33) % 10_000) / 10_000 - 0.5
        }
    }

    static let months = 30

    static func seed(
        db: any Database, organisationID: UUID, services: [String: Service],
        actions: [String: RecoveryAction], managers: [String: Actor], actor: Actor, approver: Actor,
        today: Day
    ) async throws {
        let indicators = try await Scoped.query(Indicator.self, organisation: organisationID, on: db).all()
        let byName = Dictionary(indicators.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let thisMonth = Day(year: today.year, month: today.month, day: 1)!
        func month(_ back: Int) -> Day {
            var y = thisMonth.year, m = thisMonth.month - back
            while m < 1 { m += 12; y -= 1 }
            return Day(year: y, month: m, day: 1)!
        }
        // k = 0 is the oldest month; the last month (k = months - 1) is the previous full month.
        typealias Shape = (_ k: Int, _ noise: inout Noise) -> Double
        let recoveryStart = months - 8
        let plan: [(service: String, indicator: String, shape: Shape)] = [
            ("oakwood", "Falls", { k, n in (k < recoveryStart ? 9 : 5) + 2.4 * n.next() }),
            ("oakwood", "Medication errors", { k, n in k == months - 2 ? 19 : 6 + 2.6 * n.next() }),
            ("oakwood", "Safeguarding concerns", { k, n in 3 + 2 * n.next() }),
            ("oakwood", "Agency use", { k, n in (k < recoveryStart ? 22 : 14) + 4 * n.next() }),
            (
                "oakwood", "Supervision compliance",
                { k, n in k < months - 7 ? 58 + 6 * n.next() : 58 + Double(k - (months - 8)) * 4 + n.next() }
            ),
            ("oakwood", "Training compliance", { k, n in 81 + 5 * n.next() }),
            ("oakwood", "Audit scores", { k, n in (k < recoveryStart ? 62 : 78) + 6 * n.next() }),
            ("oakwood", "Complaints", { k, n in 2 + 1.6 * n.next() }),
            (
                "maple", "Restrictive interventions",
                { k, n in k < months - 7 ? 6 + 3 * n.next() : 9 + 1.5 * abs(n.next()) }
            ),
            ("maple", "Supervision compliance", { k, n in 71 + 6 * n.next() }),
            ("maple", "Incidents", { k, n in 8 + 3 * n.next() }),
            ("maple", "Compliments", { k, n in 3 + 2 * n.next() }),
            ("home", "Missed or late calls", { k, n in k < recoveryStart ? 48 + 10 * n.next() : 24 + 6 * n.next() }),
            ("home", "Staff turnover", { k, n in 38 - Double(max(0, k - recoveryStart)) * 0.8 + 2 * n.next() }),
            ("home", "Training compliance", { k, n in 88 + 4 * n.next() }),
            ("home", "Complaints", { k, n in 4 + 2 * n.next() })
        ]
        var entries: [IndicatorService.Entry] = []
        for (index, p) in plan.enumerated() {
            guard let indicator = byName[p.indicator], let service = services[p.service] else { continue }
            var noise = Noise(state: UInt64(1000 + index * 7919))
            for k in 0..<months {
                let raw = p.shape(k, &noise)
                let value =
                    indicator.unit.contains("%") ? min(100, max(0, (raw * 10).rounded() / 10)) : max(0, raw.rounded())
                entries.append(
                    .init(indicatorID: indicator.id!, serviceID: service.id!, period: month(months - k), value: value))
            }
        }
        // A short series: Maple Court began counting safeguarding concerns ten months ago. Below 12 points
        // it is read as a run chart, and five rising months are a run-chart trend (it warns on a rise).
        if let indicator = byName["Safeguarding concerns"], let maple = services["maple"] {
            let short: [Double] = [2, 1, 2, 1, 2, 1, 2, 3, 4, 5]
            for (k, v) in short.enumerated() {
                entries.append(
                    .init(
                        indicatorID: indicator.id!, serviceID: maple.id!, period: month(short.count - k),
                        value: v))
            }
        }
        let service = IndicatorService(db: db, actor: actor)
        _ = try await service.save(entries)
        // Outcome measures: actions linked to the indicator that shows whether outcomes change.
        let links: [(title: String, indicator: String, by: String)] = [
            ("Every MAR chart complete and checked daily", "Medication errors", "oakwood"),
            ("Three staff on every night shift", "Agency use", "oakwood"),
            ("Debrief within 24 hours after every physical intervention", "Restrictive interventions", "maple"),
            ("No missed calls", "Missed or late calls", "home"),
            ("Falls risk assessments current for everyone", "Falls", "oakwood")
        ]
        for l in links {
            guard let a = actions[l.title], let indicator = byName[l.indicator], let by = managers[l.by],
                let fresh = try await RecoveryAction.find(a.id, on: db)
            else { continue }
            var input = ActionInput()
            input.indicatorID = .some(indicator.id)
            _ = try await ActionService(db: db, actor: by, today: today).update(
                fresh.id!, input, version: fresh.version)
        }
        // The month recovery started is a rebase point for Oakwood's agency use (too few points since: the chart
        // says so). It is the outcome indicator of an extreme action, so the quality lead's change waits for the
        // nominated individual (the change policy), who approves it.
        for (s, name) in [("oakwood", "Agency use")] {
            let outcome = try await service.setSeries(
                indicatorID: byName[name]?.id, serviceID: services[s]?.id, baselinePoints: nil,
                rebases: [month(months - recoveryStart)],
                reason: "The new staffing model started this month: limits from before it no longer describe the "
                    + "process.", version: nil)
            if case .proposed(let c) = outcome {
                _ = try await PendingChanges(db: db, actor: approver, today: today)
                    .decide(c.id, approve: true, reason: nil, version: c.version)
            }
        }
    }
}
