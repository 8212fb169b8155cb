import Foundation
import Testing
@testable import GripCore

/// Multipart framing refused before a parser sees it (MultipartKit 4.7.1 stops the server on these).
@Suite struct InputLimitsMultipartTests {
    let boundary = "grip-b"

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// A well-formed body: a text field and a file whose name and contents hold UTF-8.
    var good: [UInt8] {
        bytes("--grip-b\r\nContent-Disposition: form-data; name=\"summary\"\r\n\r\nSeen on the round\r\n")
            + bytes(
                """
                --grip-b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Café \
                audit.csv\"\r\nContent-Type: text/csv\r\n\r\n
                """
            )
            + bytes("name\nÉlodie\n") + [0xFF, 0x0A, 0xC3, 0x97] + bytes("\r\n--grip-b--\r\n")
    }

    @Test func aBrowsersBodyPassesWithUTF8InHeaderValuesAndAnyContents() {
        #expect(InputLimits.multipartProblem(good, boundary: boundary) == nil)
        // A preamble before the first boundary, and an empty body, are fine too.
        #expect(InputLimits.multipartProblem(bytes("preamble\r\n") + good, boundary: boundary) == nil)
        #expect(InputLimits.multipartProblem([], boundary: boundary) == nil)
        // A byte above 127 straight after a line break inside a part's contents is not a header.
        #expect(
            InputLimits.multipartProblem(
                bytes("--grip-b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n") + [0xC3, 0x97]
                    + bytes("\r\n--grip-b--\r\n"), boundary: boundary) == nil)
    }

    @Test func theBoundaryIsOneToSeventyCharacters() {
        #expect(
            InputLimits.multipartProblem(good, boundary: "")
                == "The multipart boundary must be 1 to 70 characters; this one is 0.")
        #expect(InputLimits.multipartProblem(bytes("--x\r\n\r\n--x--"), boundary: "x") == nil)
        #expect(InputLimits.multipartProblem([], boundary: String(repeating: "b", count: 70)) == nil)
        #expect(
            InputLimits.multipartProblem([], boundary: String(repeating: "b", count: 71))?.contains("this one is 71")
                == true)
    }

    @Test func aHeaderNameOutsideASCIIIsRefusedWhereverThePartIs() {
        let message = "A part of the multipart body has a header name that is not ASCII text."
        // What the API fuzzer sent: the first part's first header name starts with "×".
        #expect(InputLimits.multipartProblem(bytes("--grip-b\r\n×>--grip-b--\r\n"), boundary: boundary) == message)
        // After a good header line.
        #expect(
            InputLimits.multipartProblem(
                bytes("--grip-b\r\nContent-Type: text/plain\r\nNäme: x\r\n\r\nv\r\n--grip-b--\r\n"), boundary: boundary)
                == message)
        // Part way through a name.
        #expect(
            InputLimits.multipartProblem(
                bytes("--grip-b\r\nContent-Dispositioné: x\r\n\r\n--grip-b--"), boundary: boundary) == message)
        // In a later part.
        #expect(
            InputLimits.multipartProblem(
                Array(good.dropLast(12)) + bytes("--grip-b\r\n") + [0x80] + bytes(": x\r\n\r\n--grip-b--\r\n"),
                boundary: boundary) == message)
        // A raw byte at the very end of the body.
        #expect(InputLimits.multipartProblem(bytes("--grip-b\r\n") + [0xF0], boundary: boundary) == message)
    }

    @Test func whereAParserWouldRefuseTheLineThereIsNothingMoreToCheck() {
        // An empty line ends the headers: what follows is contents.
        #expect(InputLimits.multipartProblem(bytes("--grip-b\r\n\r\n×: x\r\n--grip-b--"), boundary: boundary) == nil)
        // A header line without its LF, and a name that starts with a colon: the parser reports a syntax error.
        #expect(InputLimits.multipartProblem(bytes("--grip-b\r\nA: b\rÉ: c"), boundary: boundary) == nil)
        #expect(InputLimits.multipartProblem(bytes("--grip-b\r\n:É"), boundary: boundary) == nil)
        // The boundary without CR LF after it is not the start of a part's headers.
        #expect(InputLimits.multipartProblem(bytes("--grip-bÉ: x"), boundary: boundary) == nil)
    }
}
