/// Password rules for people (NCSC guidance: length over complexity).
public enum PasswordPolicy {
    public static let minimumLength = 10

    public static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "The password must be at least \(minimumLength) characters." }
        if password.count > 200 { return "The password must be at most 200 characters." }
        if password.allSatisfy({ $0 == password.first }) { return "The password cannot be one repeated character." }
        return nil
    }
}

/// E-mail shape check: enough to catch typing mistakes, not RFC 5322.
public enum EmailAddress {
    public static func normalised(_ raw: String) -> String? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !s.contains(" "), s.count <= 254
        else { return nil }
        return s
    }
}
