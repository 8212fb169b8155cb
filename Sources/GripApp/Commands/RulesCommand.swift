import Foundation
import GripCore

/// `grip rules`: the change policy in force, generated from its data (`ChangePolicy.rows`) — the README's
/// governance table is this command's output. Needs no database.
public enum RulesCommand {
    /// Returns the exit code: 0, or 2 for a bad flag (named on stderr).
    public static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print("Usage: grip rules [--format markdown|csv]  (the change policy in force, \(ChangePolicy.version))")
            return 0
        }
        var format = "markdown"
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--format":
                guard let value = rest.popFirst(), ["markdown", "csv"].contains(value) else {
                    FileHandle.standardError.write(Data("grip rules: --format is markdown or csv\n".utf8))
                    return 2
                }
                format = value
            default:
                FileHandle.standardError.write(Data("grip rules: unknown flag \(flag) (try --help)\n".utf8))
                return 2
            }
        }
        FileHandle.standardOutput.write(Data((format == "csv" ? csv() : ChangePolicy.markdown()).utf8))
        return 0
    }

    static func csv() -> String {
        let header = [
            "record", "subject", "label", "proposer", "needs", "condition", "needs_when", "approver", "checks"
        ]
        let rows = ChangePolicy.rows.map { r in
            [
                r.record.rawValue, r.subject, r.label, r.proposer.rawValue, r.need.rawValue, r.condition ?? "",
                r.needWhen.rawValue, r.approver?.rawValue ?? "", r.checks ?? ""
            ]
        }
        return ([header] + rows).map { $0.map(CSV.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
