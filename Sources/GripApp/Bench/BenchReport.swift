import Foundation
import GripCore

/// The figures of one `grip bench` run: printed as a table and written as JSON (`--out`).
struct BenchReport: Encodable {
    struct Row: Encodable {
        var operation: String
        var clients: Int
        var count: Int
        var errors: Int
        var p50Ms: Double?
        var p95Ms: Double?
        var p99Ms: Double?
        var maxMs: Double?
        var throughputPerSecond: Double?
        var seconds: Double?
        var peakServerMB: Double?
        var timesFloor: Double?
        var target: String?
        var targetMet: Bool?
        var detail: String?

        var line: String {
            func ms(_ v: Double?) -> String {
                v.map { $0 >= 100 ? String(format: "%.0f", $0) : String(format: "%.1f", $0) } ?? "–"
            }
            let name =
                operation.count > 40
                ? String(operation.prefix(39)) + "…" : operation.padding(toLength: 40, withPad: " ", startingAt: 0)
            let verdict = target.map { "\($0) \(targetMet == true ? "met" : "MISSED")" } ?? ""
            if let seconds {
                return name + String(format: " %3d %6d %5d", clients, count, errors)
                    + String(format: "%9.2f s", seconds)
                    + String(repeating: " ", count: 13)
                    + (peakServerMB.map { String(format: "%7.0f", $0) } ?? "      –")
                    + "        " + verdict + (detail.map { "  (\($0))" } ?? "")
            }
            return name + String(format: " %3d %6d %5d", clients, count, errors)
                + [ms(p50Ms), ms(p95Ms), ms(p99Ms)].map { $0.leftPad(8) }.joined()
                + (throughputPerSecond.map { String(format: "%8.0f", $0) } ?? "       –")
                + (peakServerMB.map { String(format: "%7.0f", $0) } ?? "      –")
                + (timesFloor.map { String(format: "%7.1f×", $0) } ?? "        ")
                + " " + verdict
        }
    }

    var scale: String
    var database: String
    var clients: Int
    /// Servers under test sharing the database (their peak memory is the largest of theirs).
    var instances: Int
    var machine: BenchMachine
    var data: [String: Int]
    var generationSeconds: Double
    var startupMB: Double?
    var rows: [Row] = []
    /// Where the brief's targets apply: group scale (PostgreSQL allowed twice the time).
    var targetsApply: Bool
    var onPostgres: Bool
    var firstErrors: [String] = []
    /// SQL statements per request, counted once the timings are done (`BenchStatements`).
    var statements: [BenchStatements.Count] = []

    init(options: BenchOptions, machine: BenchMachine, manifest: BenchData.Manifest, generationSeconds: Double) {
        scale = options.scale.rawValue
        database = options.database.rawValue
        clients = options.clients
        instances = options.instances
        self.machine = machine
        data = manifest.counts
        self.generationSeconds = generationSeconds
        targetsApply = options.scale == .group && options.clients == 16 && options.instances == 1
        onPostgres = options.database == .postgres
    }

    func judge(_ target: BenchTarget?) -> BenchTarget? {
        guard targetsApply, let target else { return nil }
        return onPostgres ? target.onPostgres : target
    }

    mutating func add(
        _ name: String, clients n: Int, outcome: BenchLoad.Outcome, peakMB: Double?, floor: LatencySummary?,
        target: BenchTarget?
    ) {
        let s = outcome.summary
        let t = judge(target)
        let times = floor.flatMap { f in s?.timesFloor(f) }
        var met: Bool?
        if let t, let s, let value = t.value(of: s, timesFloor: times) {
            met = outcome.errors == 0 && t.met(by: value)
        } else if t != nil {
            met = false
        }
        rows.append(
            Row(
                operation: name, clients: n, count: s?.count ?? 0, errors: outcome.errors, p50Ms: s?.p50, p95Ms: s?.p95,
                p99Ms: s?.p99,
                maxMs: s?.max, throughputPerSecond: s?.throughput, peakServerMB: peakMB,
                timesFloor: times, target: t?.label, targetMet: met))
        if let e = outcome.firstError { firstErrors.append("\(name): \(e)") }
    }

    mutating func add(single name: String, seconds: Double, detail: String, target: BenchTarget?, peakMB: Double? = nil)
    {
        let t = judge(target)
        rows.append(
            Row(
                operation: name, clients: 1, count: 1, errors: 0, seconds: seconds, peakServerMB: peakMB,
                target: t?.label,
                targetMet: t.map { $0.met(by: seconds) }, detail: detail))
    }

    var peakServerMB: Double? { rows.compactMap(\.peakServerMB).max() }

    func table() -> String {
        var lines = [
            """
            operation                                  cl  count   err     p50     p95     p99   req/s peakMB  \
            ×floor target
            """
        ]
        lines += rows.map(\.line)
        if let peak = peakServerMB {
            let t = judge(BenchTarget(.megabytesBelow, 300))
            lines.append(
                "Server peak memory" + (instances > 1 ? " (the larger of \(instances) servers)" : "")
                    + String(format: ": %.0f MB (%.0f MB after start)", peak, startupMB ?? 0)
                    + (t.map { "; target \($0.label) \($0.met(by: peak) ? "met" : "MISSED")" } ?? ""))
        }
        if !targetsApply { lines.append("Targets are judged at group scale with 16 clients and one server only.") }
        if !statements.isEmpty {
            lines.append("")
            lines.append(
                "SQL statements per request (one client, steady state; "
                    + "sign-in checks and transactions included)")
            lines += statements.map {
                $0.operation.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%5d", $0.statements)
            }
        }
        for e in firstErrors { lines.append("First error — \(e)") }
        return lines.joined(separator: "\n")
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
