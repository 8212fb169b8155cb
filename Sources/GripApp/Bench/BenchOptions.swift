import Foundation

/// `grip bench [--scale small|group|national] [--database sqlite|postgres] [--out FILE.json]
/// [--clients N] [--instances N] [--port N] [--keep]`: every flag checked before anything runs.
struct BenchOptions: Equatable, Sendable {
    enum Store: String, Sendable { case sqlite, postgres }

    var scale: BenchScale = .small
    var database: Store = .sqlite
    var out: String?
    var clients = 16
    var port = 18_181
    var keep = false
    /// Servers under test sharing the database, on consecutive ports from `port`; the clients take
    /// turns between them (more than one needs PostgreSQL: SQLite's one writer lives in one process).
    var instances = 1

    static let usage =
        """
        grip bench [--scale small|group|national] [--database sqlite|postgres] [--out FILE.json] [--clients N] \
        [--instances N] [--port N] [--keep]
        """

    /// Parses the flags, naming every problem (a flag may be written `--flag value` or `--flag=value`).
    static func parse(_ arguments: [String]) -> (BenchOptions, [String]) {
        var o = BenchOptions()
        var problems: [String] = []
        var i = 0
        while i < arguments.count {
            var flag = arguments[i], value: String?
            if let eq = flag.firstIndex(of: "="), flag.hasPrefix("--") {
                value = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            func take() -> String? {
                if let value { return value }
                guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else {
                    problems.append("\(flag): give a value")
                    return nil
                }
                i += 1
                return arguments[i]
            }
            /// A whole number in `range`, or a problem naming the flag, what it takes and what it got.
            func number(_ v: String?, in range: ClosedRange<Int>, _ what: String) -> Int? {
                guard let v else { return nil }
                if let n = Int(v), range.contains(n) { return n }
                problems.append("\(flag): use \(what) (not '\(v)')")
                return nil
            }
            switch flag {
            case "--scale":
                if let v = take() {
                    if let s = BenchScale(rawValue: v) {
                        o.scale = s
                    } else {
                        problems.append("--scale: use small, group or national (not '\(v)')")
                    }
                }
            case "--database":
                if let v = take() {
                    if let s = Store(rawValue: v) {
                        o.database = s
                    } else {
                        problems.append("--database: use sqlite or postgres (not '\(v)')")
                    }
                }
            case "--out":
                if let v = take() {
                    if v.isEmpty { problems.append("--out: give a file name") } else { o.out = v }
                }
            case "--clients":
                if let n = number(take(), in: 1...256, "a whole number from 1 to 256") { o.clients = n }
            case "--instances":
                if let n = number(take(), in: 1...8, "a whole number from 1 to 8") { o.instances = n }
            case "--port":
                if let n = number(take(), in: 1024...65535, "a port from 1024 to 65535") { o.port = n }
            case "--keep":
                o.keep = true
            default:
                problems.append("unknown flag '\(arguments[i])': \(usage)")
            }
            i += 1
        }
        if o.instances > 1 && o.database != .postgres {
            problems.append(
                "--instances: more than one server needs --database postgres (SQLite's one writer is one process)")
        }
        if o.port + o.instances - 1 > 65535 {
            problems.append("--port: \(o.instances) servers need ports \(o.port)…\(o.port + o.instances - 1)")
        }
        return (o, problems)
    }
}
