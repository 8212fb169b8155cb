import Foundation
import Testing
@testable import GripCore

@Suite struct SPCFileTests {
    @Test func onePerInputRowInOrderWithLimitsAndVerdicts() throws {
        let body = (1...12).map { "s,\($0),\($0 % 2 == 0 ? 12 : 10),\($0 == 1 ? "up" : ""),\($0 == 1 ? "5" : "")" }
            .joined(separator: "\n")
        let out = try SPCFile.analyse("series,period,value,direction,target\n" + body + "\ns,13,30,,\n")
        let rows = out.csv.split(separator: "\n").map(String.init)
        #expect(rows[0] == "series,period,value,mean,lower_limit,upper_limit,variation,assurance")
        #expect(rows.count == 14)
        let last = rows[13].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(last[0] == "s" && last[1] == "13")
        #expect(last[6] == "improvement")
        #expect(
            rows.dropFirst().allSatisfy {
                $0.hasSuffix(",consistently_passing") || $0.hasSuffix(",hit_and_miss")
                    || $0.hasSuffix(",consistently_failing")
            })
    }

    @Test func shortPeriodsHaveEmptyLimitsAndANote() throws {
        let out = try SPCFile.analyse("series,period,value\na,Jan,1\na,Feb,2\n")
        #expect(out.csv.contains("a,Jan,1.00000000000000,1.50000000000000,,,common_cause,\n"))
        #expect(out.notes.count == 1)
        #expect(out.notes[0].contains("at least 12"))
    }

    @Test func rebaseAndBaselineColumns() throws {
        var text = "series,period,value,baseline_points,rebase\n"
        for i in 1...12 { text += "s,\(i),\(i % 2 == 0 ? 12 : 10),12,\n" }
        for i in 13...24 { text += "s,\(i),\(i % 2 == 0 ? 22 : 20),,\(i == 13 ? "1" : "")\n" }
        let rows = try SPCFile.analyse(text).csv.split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        #expect(rows[0][3] == "11.0000000000000")
        #expect(rows[12][3] == "21.0000000000000")
        #expect(rows.allSatisfy { $0[6] == "common_cause" })
    }

    @Test func numbersArePlainDecimals() {
        #expect(SPCFile.format(0) == "0")
        #expect(SPCFile.format(1e20) == "100000000000000000000")
        #expect(SPCFile.format(0.000012345) == "0.0000123450000000000")
        #expect(SPCFile.format(-2.5) == "-2.50000000000000")
        #expect(!SPCFile.format(123456.789).contains("e"))
    }

    @Test(arguments: [
        ("series,period\na,1\n", 1, "needs the columns"),
        ("series,period,value\na,1,x\n", 2, "not a number"),
        ("series,period,value,direction\na,1,1,sideways\n", 2, "must be up, down or empty"),
        ("series,period,value\na,1,1\nb,1,1\na,2,1\n", 4, "not together"),
        ("series,period,value\na,1\n", 2, "expected 3 fields"),
        ("series,period,value,colour\n", 1, "unknown column"),
        ("series,period,value,direction\na,1,1,up\na,2,1,down\n", 3, "changes"),
        ("series,period,value,rebase\na,1,1,yes\n", 2, "rebase"),
        ("", 1, "empty")
    ])
    func badInputNamesTheLine(text: String, line: Int, words: String) {
        do {
            _ = try SPCFile.analyse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(words), "\(error.message)")
        }
    }
}
