import Foundation

/// Validation of an item of evidence's own values (DESIGN §2), with lengths from `InputLimits`.
/// For a change, nil means "keep as it is"; for a new item, nil is "missing". Statements are checked against
/// `framework`, the version in force (nil when none are given).
public enum EvidenceRules {
    public static func problems(
        category: String?, kindChosen: Bool, day: Day?, summary: String?,
        statementIDs: [String]?,
        creating: Bool, framework: Framework?, today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        let categories = Reference.evidenceCategories.map(\.id)
        if let c = category {
            if !categories.contains(c) {
                errors.append(
                    FieldError(
                        "category",
                        "Unknown evidence category '\(c)': use one of "
                            + "\(categories.joined(separator: ", "))."))
            }
        } else if creating {
            errors.append(FieldError("category", "Choose the CQC evidence category."))
        }
        if !kindChosen && creating { errors.append(FieldError("kind", "Choose the kind of evidence.")) }
        if let d = day {
            if d > today { errors.append(FieldError("date", "The evidence date cannot be in the future.")) }
        } else if creating {
            errors.append(FieldError("date", "Enter the date of the evidence as a real date."))
        }
        if let s = summary?.trimmingCharacters(in: .whitespacesAndNewlines) {
            if s.isEmpty { errors.append(FieldError("summary", "Summarise what the evidence shows.")) }
            let max = InputLimits.narrativeCharacters
            if s.count > max { errors.append(FieldError("summary", "Keep the summary to \(max) characters.")) }
        } else if creating {
            errors.append(FieldError("summary", "Summarise what the evidence shows."))
        }
        if let framework, let ids = statementIDs {
            errors += FrameworkRules.itemProblems(Array(Set(ids)).sorted(), in: framework)
        }
        return errors
    }
}

/// Validation of a provider escalation's own values (the service is checked against the data).
public enum EscalationRules {
    public static func problems(
        categoryChosen: Bool, facts: String, safeguards: String, actionsTaken: String,
        supportNeeded: String,
        respondBy: Day?, jointReviewDay: Day?, today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if !categoryChosen { errors.append(FieldError("category", "Choose the concern category.")) }
        let max = InputLimits.narrativeCharacters
        for (value, field, what) in [
            (
                facts, "facts",
                "State the facts: what has happened, to whom (by reference "
                    + "code), since when."
            ),
            (safeguards, "safeguards", "Say what immediate safeguards are in place."),
            (actionsTaken, "actions_taken", "Say what the provider has already done."),
            (
                supportNeeded, "support_needed",
                "Say what decision or support is needed from "
                    + "partners."
            )
        ] {
            let t = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { errors.append(FieldError(field, what)) }
            if t.count > max { errors.append(FieldError(field, "Keep it to \(max) characters: concise and factual.")) }
        }
        if let r = respondBy {
            if r < today { errors.append(FieldError("respond_by", "The respond-by day cannot be in the past.")) }
        } else {
            errors.append(FieldError("respond_by", "Enter the day a response is needed by, as a real date."))
        }
        if let j = jointReviewDay, let r = respondBy, j < r {
            errors.append(FieldError("joint_review_day", "The joint review comes after the respond-by day."))
        }
        return errors
    }
}
