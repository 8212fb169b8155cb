import Foundation

/// Rules for choosing frameworks and re-mapping to them.
public enum FrameworkRules {
    /// Why a version cannot be put in force as the organisation's regulator framework from `effectiveOn`.
    public static func choiceProblem(_ fw: Framework, effectiveOn: Day, today: Day) -> FieldError? {
        if fw.kind != .regulator {
            return FieldError(
                "framework",
                "\(fw.id) is a \(fw.kind.rawValue) framework: the framework in force is the "
                    + "regulator's. Choose it for a commissioner instead.")
        }
        if effectiveOn > today {
            return FieldError(
                "effective_on", "The day it took effect cannot be in the future: put it in force on that day.")
        }
        if effectiveOn < fw.effectiveFrom.adding(days: -366) {
            return FieldError(
                "effective_on",
                "\(fw.id) takes effect on \(fw.effectiveFrom.ukFormat); a day more than a "
                    + "year before that is surely a mistake.")
        }
        return nil
    }

    /// Why a commissioner's framework cannot be recorded: the commissioner unnamed or named at length, or a day in
    /// the future.
    public static func commissionerProblems(name: String, effectiveOn: Day, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if name.isEmpty {
            errors.append(FieldError("commissioner", "Name the commissioner, as your services list them."))
        }
        if name.count > 200 {
            errors.append(FieldError("commissioner", "Keep the commissioner's name to 200 characters."))
        }
        if effectiveOn > today {
            errors.append(FieldError("effective_on", "The day it took effect cannot be in the future."))
        }
        return errors
    }

    /// Why items chosen under a version cannot be used: unknown ids, or one listed twice.
    public static func itemProblems(_ ids: [String], in fw: Framework, field: String = "statements") -> [FieldError] {
        var errors: [FieldError] = []
        let unknown = ids.filter { !fw.contains($0) }
        if !unknown.isEmpty {
            let example = fw.items.prefix(2).map(\.id).joined(separator: " or ")
            errors.append(
                FieldError(
                    field,
                    "\(unknown.joined(separator: ", ")) \(unknown.count == 1 ? "is" : "are") not in "
                        + "\(fw.id). Use ids such as \(example)."))
        }
        if Set(ids).count != ids.count {
            errors.append(FieldError(field, "A \(fw.itemLabel.lowercased()) is listed twice."))
        }
        return errors
    }
}
