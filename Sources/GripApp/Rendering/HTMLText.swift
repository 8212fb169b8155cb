/// Text made safe inside HTML (element content and quoted attributes), for the markup Grip builds
/// in Swift rather than in a template: charts, and table rows where a page has hundreds of them.
enum HTMLText {
    static func escape(_ s: String) -> String {
        var clean = true
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 {
            clean = false
            break
        }
        if clean { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
