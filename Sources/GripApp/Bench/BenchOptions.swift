import Foundation

/// `grip bench [--scale small|group|national] [--database sqlite|postgres] [--out FILE.json]
/// [--clients N] [--port N] [--keep]`: every flag checked before anything runs.
struct BenchOptions: Equatable, Sendable {
    enum Store: String, Sendable { case sqlite, postgres }

    var scale: BenchScale = .small
    var database: Store = .sqlite
    var out: String?
    var clients = 16
    var port = 18_181
    var keep = false

    static let usage =
        """
        grip bench [--scale small|group|national] [--database sqlite|postgres] [--out FILE.json] [--clients N] \
        [--port N] [--keep]
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
                if let v = take() {
                    if let n = Int(v), (1...256).contains(n) {
                        o.clients = n
                    } else {
                        problems.append("--clients: use a whole number from 1 to 256 (not '\(v)')")
                    }
                }
            case "--port":
                if let v = take() {
                    if let n = Int(v), (1024...65535).contains(n) {
                        o.port = n
                    } else {
                        problems.append("--port: use a port from 1024 to 65535 (not '\(v)')")
                    }
                }
            case "--keep":
                o.keep = true
            default:
                problems.append("unknown flag '\(arguments[i])': \(usage)")
            }
            i += 1
        }
        return (o, problems)
    }
}
