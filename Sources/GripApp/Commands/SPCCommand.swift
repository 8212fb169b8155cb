import Foundation
import GripCore

/// `grip spc FILE.csv`: runs without the database or the web stack.
public enum SPCCommand {
    /// Returns the exit code: 0, or 2 for bad input (with the line number on stderr).
    public static func run(arguments: [String]) -> Int32 {
        func fail(_ message: String) -> Int32 {
            FileHandle.standardError.write(Data("grip spc: \(message)\n".utf8))
            return 2
        }
        let files = arguments.filter { !$0.hasPrefix("-") }
        if arguments.contains("--help") || arguments.contains("-h") {
            print(
                """
                Usage: grip spc FILE.csv  (columns series,period,value[,direction,target,baseline_points,rebase]; \
                '-' reads standard input)
                """
            )
            return 0
        }
        guard files.count == 1 || arguments == ["-"] else { return fail("give one CSV file: grip spc FILE.csv") }
        let path = files.first ?? "-"
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: path) else { return fail("cannot read \(path)") }
            data = d
        }
        guard let text = String(data: data, encoding: .utf8) else { return fail("\(path) is not UTF-8 text") }
        do {
            let output = try SPCFile.analyse(text)
            for note in output.notes { FileHandle.standardError.write(Data("grip spc: \(note)\n".utf8)) }
            FileHandle.standardOutput.write(Data(output.csv.utf8))
            return 0
        } catch {
            return fail("\(path) \(error.description)")
        }
    }
}
