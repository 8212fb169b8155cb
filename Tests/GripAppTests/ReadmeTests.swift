import Foundation
import GripCore
import Testing

@testable import GripApp

/// The README's governance table is the change policy itself (`grip rules`), so the two cannot drift.
@Suite struct ReadmeTests {
    static var readme: String? {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { dir.deleteLastPathComponent() }
        return try? String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test func theGovernanceTableIsTheChangePolicy() throws {
        let text = try #require(Self.readme)
        let begin = try #require(text.range(of: "<!-- change-policy:begin -->\n"))
        let end = try #require(text.range(of: "<!-- change-policy:end -->"))
        #expect(
            String(text[begin.upperBound..<end.lowerBound]) == ChangePolicy.markdown(),
            "regenerate it with `grip rules`")
    }
}
