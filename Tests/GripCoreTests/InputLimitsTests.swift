import Foundation
import Testing
@testable import GripCore

@Suite struct InputLimitsTests {
    @Test func oneLineFieldsAndFreeTextHaveTheirOwnLimits() {
        #expect(InputLimits.limit(for: "title") == InputLimits.lineCharacters)
        #expect(InputLimits.limit(for: "steps.3.title") == InputLimits.lineCharacters)
        #expect(InputLimits.limit(for: "items[2][name]") == InputLimits.lineCharacters)
        #expect(InputLimits.limit(for: "service_id") == InputLimits.lineCharacters)
        #expect(InputLimits.limit(for: "due_day") == InputLimits.lineCharacters)
        #expect(InputLimits.limit(for: "roles[]") == InputLimits.textCharacters)
        #expect(InputLimits.limit(for: "discussion") == InputLimits.textCharacters)
        #expect(InputLimits.limit(for: "payload") == Int.max)
        #expect(InputLimits.limit(for: "") == InputLimits.textCharacters)
    }

    @Test func lengthIsCountedInCharactersNotBytes() {
        let atLimit = String(repeating: "é", count: InputLimits.lineCharacters)
        #expect(atLimit.utf8.count > InputLimits.lineCharacters)
        #expect(InputLimits.problem(field: "title", value: atLimit) == nil)
        let over = atLimit + "a"
        #expect(InputLimits.problem(field: "title", value: over) == "title is too long: 321 characters, at most 320.")
        #expect(InputLimits.problem(field: "notes", value: String(repeating: "a", count: 20_000)) == nil)
        #expect(
            InputLimits.problem(field: "notes", value: String(repeating: "a", count: 20_001))?.hasPrefix(
                "notes is too long") == true)
        // Emoji made of several scalars count once each.
        #expect(InputLimits.problem(field: "name", value: String(repeating: "👩‍👩‍👧", count: 300)) == nil)
    }

    @Test func controlCharactersOtherThanTabAndLineBreaksAreRefused() {
        #expect(InputLimits.problem(field: "notes", value: "line one\r\nline two\tend") == nil)
        for bad in ["a\u{0}b", "\u{1B}[31mred", "bell\u{7}", "del\u{7F}"] {
            #expect(
                InputLimits.problem(field: "notes", value: bad)?.contains("control character") == true,
                "\(bad.debugDescription)")
        }
        #expect(
            InputLimits.problem(field: "", value: "\u{0}")
                == "A field contains a control character (such as NUL) that text cannot hold.")
        // Right-to-left marks and other format characters are text, not control characters.
        #expect(InputLimits.problem(field: "notes", value: "\u{202E}abc\u{200B}") == nil)
    }

    @Test func formBodiesAreSplitAndDecoded() {
        let (fields, bad) = InputLimits.formFields(
            Array("_csrf=abc&title=Falls+audit%20%E2%9C%93&empty=&flag&roles%5B%5D=staff".utf8))
        #expect(bad == nil)
        #expect(fields.map(\.0) == ["_csrf", "title", "empty", "flag", "roles[]"])
        #expect(fields.map(\.1) == ["abc", "Falls audit ✓", "", "", "staff"])
        #expect(InputLimits.formFields([]).fields.isEmpty)
        #expect(InputLimits.formFields(Array("a=1&&b=2".utf8)).fields.count == 2)
    }

    @Test func formTextThatIsNotUTF8NamesTheField() {
        #expect(InputLimits.formFields(Array("_csrf=x&title=%FF%FE".utf8)).badEncoding == "title")
        #expect(InputLimits.formFields(Array("title=caf%E9".utf8)).badEncoding == "title")
        #expect(InputLimits.formFields(Array("title=%E2%82".utf8)).badEncoding == "title")
        // A broken escape: % not followed by two hex digits.
        #expect(InputLimits.formFields(Array("title=100%".utf8)).badEncoding == "title")
        #expect(InputLimits.formFields(Array("title=%G1".utf8)).badEncoding == "title")
        // Raw bytes, not escaped.
        #expect(InputLimits.formFields(Array("title=".utf8) + [0xFF]).badEncoding == "title")
        // A bad name: what can be read of it.
        #expect(InputLimits.formFields(Array("ti%FFtle=x".utf8)).badEncoding == "ti%FFtle")
        #expect(InputLimits.formFields(Array("=%FF".utf8)).badEncoding == "a field")
    }

    @Test func jsonStringsAreFoundWithTheirPaths() throws {
        let value = try JSONSerialization.jsonObject(
            with: Data(#"{"title":"x","steps":[{"title":"y"},3,null],"n":1,"ok":true}"#.utf8))
        var out: [(String, String)] = []
        InputLimits.jsonStrings(value, into: &out)
        let pairs = Set(out.map { "\($0.0)=\($0.1)" })
        #expect(
            pairs == ["title=title", "title=x", "steps=steps", "steps.0.title=title", "steps.0.title=y", "n=n", "ok=ok"]
        )
        var top: [(String, String)] = []
        InputLimits.jsonStrings("just text", into: &top)
        #expect(top.count == 1 && top[0].0 == "" && top[0].1 == "just text")
    }
}
