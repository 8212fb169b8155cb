import Foundation

/// `grip spc FILE.csv`: series in, one analysed row per point out (pure, for the command and tests).
public enum SPCFile {
    public struct Failure: Error, Equatable, Sendable {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public struct Output: Sendable {
        public let csv: String
        public let notes: [String]
    }

    static let header = "series,period,value,mean,lower_limit,upper_limit,variation,assurance"

    struct Series {
        var name: String
        var firstLine: Int
        var periods: [String] = []
        var points: [SPC.Point] = []
        var direction: SPC.Direction?
        var directionLine = 0
        var target: Double?
        var baseline: Int?
    }

    public static func analyse(_ text: String) throws(Failure) -> Output {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw Failure(line: error.line, message: error.message) }
        guard let head = records.first else {
            throw Failure(line: 1, message: "the file is empty: expected a header series,period,value")
        }
        let columns = head.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func col(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let cSeries = col("series"), let cPeriod = col("period"), let cValue = col("value") else {
            let missing = ["series", "period", "value"].filter { col($0) == nil }
            throw Failure(
                line: head.line,
                message:
                    """
                    the header needs the columns series, period and value (missing: \
                    \(missing.joined(separator: ", ")))
                    """
            )
        }
        let known = Set(["series", "period", "value", "direction", "target", "baseline_points", "rebase"])
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw Failure(
                line: head.line,
                message: "unknown column '\(unknown)': the columns are \(known.sorted().joined(separator: ", "))")
        }
        let cDirection = col("direction"), cTarget = col("target"), cBaseline = col("baseline_points"),
            cRebase = col("rebase")
        var series: [Series] = []
        var seen: Set<String> = []
        for r in records.dropFirst() {
            guard r.fields.count == columns.count else {
                throw Failure(line: r.line, message: "expected \(columns.count) fields, found \(r.fields.count)")
            }
            func field(_ c: Int?) -> String { c.map { r.fields[$0].trimmingCharacters(in: .whitespaces) } ?? "" }
            let name = field(cSeries)
            if name.isEmpty { throw Failure(line: r.line, message: "series is empty") }
            if series.last?.name != name {
                if seen.contains(name) {
                    throw Failure(
                        line: r.line,
                        message: "the rows of series '\(name)' are not together: keep each series' rows contiguous")
                }
                seen.insert(name)
                series.append(Series(name: name, firstLine: r.line))
            }
            var s = series.removeLast()
            let period = r.fields[cPeriod]
            if period.trimmingCharacters(in: .whitespaces).isEmpty {
                throw Failure(line: r.line, message: "period is empty")
            }
            let rawValue = field(cValue)
            guard let value = Double(rawValue), value.isFinite else {
                throw Failure(line: r.line, message: "value '\(rawValue)' is not a number")
            }
            let rawDirection = field(cDirection).lowercased()
            if !rawDirection.isEmpty {
                guard let d = SPC.Direction(rawValue: rawDirection), d != .neutral else {
                    throw Failure(line: r.line, message: "direction '\(rawDirection)' must be up, down or empty")
                }
                if let old = s.direction, old != d {
                    throw Failure(
                        line: r.line,
                        message:
                            """
                            direction of series '\(name)' changes from \(old.rawValue) (line \(s.directionLine)) \
                            to \(d.rawValue)
                            """
                    )
                }
                if s.direction == nil { s.direction = d; s.directionLine = r.line }
            }
            let rawTarget = field(cTarget)
            if !rawTarget.isEmpty {
                guard let t = Double(rawTarget), t.isFinite else {
                    throw Failure(line: r.line, message: "target '\(rawTarget)' is not a number")
                }
                if let old = s.target, old != t {
                    throw Failure(line: r.line, message: "target of series '\(name)' changes")
                }
                s.target = t
            }
            let rawBaseline = field(cBaseline)
            if !rawBaseline.isEmpty {
                guard let b = Int(rawBaseline), b >= 1 else {
                    throw Failure(
                        line: r.line, message: "baseline_points '\(rawBaseline)' must be a whole number from 1")
                }
                if let old = s.baseline, old != b {
                    throw Failure(line: r.line, message: "baseline_points of series '\(name)' changes")
                }
                s.baseline = b
            }
            let rawRebase = field(cRebase)
            guard ["", "0", "1"].contains(rawRebase) else {
                throw Failure(line: r.line, message: "rebase '\(rawRebase)' must be 1, 0 or empty")
            }
            s.periods.append(period)
            s.points.append(SPC.Point(value: value, rebase: rawRebase == "1"))
            series.append(s)
        }
        var out = [header]
        var notes: [String] = []
        for s in series {
            let direction = s.direction ?? .neutral
            if direction == .neutral && s.target != nil {
                notes.append("series \(s.name): a target is ignored for a neutral series (no direction)")
            }
            let result = SPC.analyse(
                s.points, direction: direction, target: direction == .neutral ? nil : s.target,
                baselinePoints: s.baseline)
            for p in result.periods where p.limits == nil {
                notes.append(
                    """
                    series \(s.name): points \(p.start + 1)–\(p.start + p.count) have no limits: \
                    \(p.noLimitsReason ?? "")
                    """
                )
            }
            if let note = result.assuranceNote { notes.append("series \(s.name): \(note)") }
            let assurance = result.assurance?.rawValue ?? ""
            for (i, p) in result.points.enumerated() {
                out.append(
                    [
                        CSV.escape(s.name), CSV.escape(s.periods[i]), format(p.value), p.mean.map(format) ?? "",
                        p.limits.map { format($0.lower) } ?? "", p.limits.map { format($0.upper) } ?? "",
                        p.variation.rawValue, assurance
                    ].joined(separator: ","))
            }
        }
        return Output(csv: out.joined(separator: "\n") + "\n", notes: notes)
    }

    /// A plain decimal with 15 significant digits and no exponent.
    public static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(v)))) + 1
        let decimals = max(0, min(15 - magnitude, 40))
        var s = String(format: "%.\(decimals)f", v)
        if s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }
}
