import Foundation

extension InputLimits {
    /// RFC 2046: a multipart boundary is 1 to 70 characters.
    public static let boundaryCharacters = 1...70

    /// The problem with a `multipart/form-data` body's framing, in words, or nil when a parser may
    /// read it. Two shapes are refused before any parser sees them, because the multipart parser
    /// Grip uses (MultipartKit 4.7.1) stops the whole server on them instead of reporting an error:
    /// an empty boundary, and a byte outside ASCII where a part's header name is read (its table of
    /// allowed header-name characters has 128 entries). Header values may hold UTF-8 (a browser
    /// sends `filename="Café audit.pdf"` as it is), and part contents may hold anything.
    public static func multipartProblem(_ body: [UInt8], boundary: String) -> String? {
        let b = Array(boundary.utf8)
        guard boundaryCharacters.contains(b.count) else {
            return
                """
                The multipart boundary must be \(boundaryCharacters.lowerBound) to \
                \(boundaryCharacters.upperBound) characters; this one is \(b.count).
                """
        }
        // A part's headers start after "--boundary" and CR LF: at the body's start, or after CR LF in
        // the body. Every occurrence is checked, which covers every place a parser can start reading
        // headers (and a few it would not, which only makes the check stricter).
        let delimiter = Array("--".utf8) + b + [cr, lf]
        var from = 0
        while let start = body[from...].firstRange(of: delimiter)?.lowerBound {
            from = start + 1
            if !headerNamesAreASCII(body, from: start + delimiter.count) {
                return "A part of the multipart body has a header name that is not ASCII text."
            }
        }
        return nil
    }

    private static let cr: UInt8 = 13, lf: UInt8 = 10, colon: UInt8 = 58

    /// Reads one part's header lines as a parser would (name, colon, value, CR LF; an empty line
    /// ends them) and says whether every byte read as part of a name is ASCII. Where a parser
    /// would stop with a syntax error, so does this, with nothing found.
    static func headerNamesAreASCII(_ body: [UInt8], from start: Int) -> Bool {
        var i = start
        while i < body.count {
            var nameLength = 0
            while i < body.count {
                let byte = body[i]
                if byte >= 0x80 { return false }
                if byte == colon && nameLength > 0 { break }
                if byte == cr || byte == colon { return true }  // the headers end, or a parser refuses the line
                nameLength += 1
                i += 1
            }
            guard i < body.count else { return true }
            i += 1
            while i < body.count && body[i] != cr { i += 1 }
            guard i + 1 < body.count, body[i + 1] == lf else { return true }
            i += 2
        }
        return true
    }
}
