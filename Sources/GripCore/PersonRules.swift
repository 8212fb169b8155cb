import Foundation

/// Rules for a person supported: minimised, so a reference code and never a name.
public enum PersonRules {
    public static let maxReference = 20
    public static let maxPlacement = 80
    public static let maxRepresentative = 80
    /// A representative not involved for this long is flagged.
    public static let involvementStaleDays = 90

    /// A reference code: 2 to 20 letters, digits, hyphens, slashes or dots, with at least one digit (so a name
    /// alone is refused), and no spaces.
    public static func referenceProblem(_ raw: String) -> FieldError? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.isEmpty { return FieldError("reference", "Give the person's reference code (for example RS-014).") }
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/.")
        if s.count < 2 || s.count > maxReference || s.unicodeScalars.contains(where: { !allowed.contains($0) })
            || !s.contains(where: \.isNumber)
        {
            return FieldError(
                "reference",
                "Use a reference code such as RS-014 — letters, digits and hyphens, up to "
                    + "\(maxReference) characters, with at least one digit — never the person's name.")
        }
        return nil
    }

    public static func problems(_ p: PersonFacts, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if let e = referenceProblem(p.reference) { errors.append(e) }
        let placement = p.placement.trimmingCharacters(in: .whitespacesAndNewlines)
        if placement.isEmpty {
            errors.append(
                FieldError("placement", "Say where the person lives or is supported: a flat, room or package."))
        } else if placement.count > maxPlacement {
            errors.append(FieldError("placement", "Keep the placement under \(maxPlacement) characters."))
        }
        if !p.profile.ratings.isEmpty, p.reviewDue == nil {
            errors.append(FieldError("review_due", "Give the day the risk profile is next reviewed."))
        }
        let rep = p.representative.trimmingCharacters(in: .whitespacesAndNewlines)
        if rep.count > maxRepresentative {
            errors.append(
                FieldError(
                    "representative",
                    "Keep the representative under \(maxRepresentative) characters: "
                        + "their relationship (for example \"Mother\" or \"Advocate\"), not their life story."))
        }
        if rep.isEmpty, p.contact != nil || p.lastInvolved != nil {
            errors.append(FieldError("representative", "Say who the representative is (their relationship)."))
        }
        if let last = p.lastInvolved, last > today {
            errors.append(FieldError("last_involved", "The last involvement cannot be in the future."))
        }
        return errors
    }

    /// The profile's review day has passed.
    public static func isReviewOverdue(_ reviewDue: Day?, today: Day) -> Bool {
        reviewDue.map { $0 < today } ?? false
    }

    /// The representative has not been involved for `involvementStaleDays`, or never.
    public static func involvementIsStale(representative: String, lastInvolved: Day?, today: Day) -> Bool {
        guard !representative.trimmingCharacters(in: .whitespaces).isEmpty else { return false }
        guard let last = lastInvolved else { return true }
        return today.days(since: last) > involvementStaleDays
    }
}
