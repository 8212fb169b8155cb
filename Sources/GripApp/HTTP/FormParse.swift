import GripCore
import Vapor

enum FormParse {
    static func day(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Day? {
        InputParse.day(raw, field, label, into: &errors)
    }

    static func number(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Double? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
        if s.isEmpty { return nil }
        if let d = Double(s), d.isFinite { return d }
        errors.append(FieldError(field, "\(label) must be a number, such as 75 or 2.5."))
        return nil
    }

    static func int(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Int? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let i = Int(s) { return i }
        errors.append(FieldError(field, "\(label) must be a whole number."))
        return nil
    }

    static func uuid(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> UUID? {
        InputParse.uuid(raw, field, label, into: &errors)
    }

    static func uuids(_ raw: [String]?, _ field: String, into errors: inout [FieldError]) -> [UUID] {
        (raw ?? []).compactMap { s in
            if let u = UUID(uuidString: s) { return u }
            errors.append(FieldError(field, "Choose from the list."))
            return nil
        }
    }
}
