import Foundation
import GripCore

/// The complete, checked values of an action, ready to store. A proposal stores them as they are
/// (`ProposedValues`), so their names are its stored keys. What each field means and how it is read,
/// checked, shown and stored is in `ActionFields.all`.
struct ActionValues: Sendable, Codable, Equatable {
    var title = ""
    var theme = ""
    var serviceID = UUID.unset
    var sourceID: UUID?
    var statementIDs: [String] = []
    var baseline = ""
    var baselineDay = Day.unset
    var metric = ""
    var direction = TargetDirection.higher
    var baselineValue = 0.0
    var targetValue = 0.0
    var targetDay = Day.unset
    var factors = RiskFactors(harm: 1, peopleAffected: 1, recurrence: 1, regulatoryImpact: 1, controlWeakness: 1)
    var leadID = UUID.unset
    var reviewerID = UUID.unset
    var routeID = UUID.unset
    var indicatorID: UUID?
    var interimControls = ""
    var dueDay = Day.unset
}

extension UUID {
    /// A placeholder for a value not yet given (never stored: `ActionInput.merged` reports it missing).
    fileprivate static let unset = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}

extension Day {
    fileprivate static let unset = Day(year: 2000, month: 1, day: 1)!
}

/// What a person or integration sends to create or change an action: some of its values, by key path
/// (`input.title = "…"`, `input.harm = 3`). For a change, an unset value means "keep as it is"; for a
/// creation, "missing". `input.sourceID = .some(nil)` clears the source.
@dynamicMemberLookup
struct ActionInput: @unchecked Sendable {  // key paths are immutable; every value is Sendable
    private var given: [PartialKeyPath<ActionValues>: any Sendable] = [:]
    /// Only on creation: `draft` or `open` (default open).
    var initialStatus: ActionStatus?
    /// Why a change that weakens oversight is needed (it then waits for a second person).
    var changeReason: String?

    init() {}

    /// Every value of `values` given (a follow-up action starts as a copy of its parent).
    init(_ values: ActionValues) {
        for f in ActionFields.all { f.give(values, &self) }
    }

    subscript<T: Sendable>(_ path: WritableKeyPath<ActionValues, T>) -> T? {
        get { given[path].map { $0 as! T } }
        set { given[path] = newValue }
    }

    subscript<T: Sendable>(dynamicMember path: WritableKeyPath<ActionValues, T>) -> T? {
        get { self[path] }
        set { self[path] = newValue }
    }

    /// A risk factor by its name (`input.harm`).
    subscript(dynamicMember path: WritableKeyPath<RiskFactors, Int>) -> Int? {
        get { self[ActionValues.factor(path)] }
        set { self[ActionValues.factor(path)] = newValue }
    }

    /// Fills unset fields from an existing action (for changes) and reports missing ones (for creation).
    func merged(over existing: RecoveryAction?, statements: [String]) -> (ActionValues?, [FieldError]) {
        let old = existing.map { ActionInput(stored: $0, statements: statements) }
        var values = ActionValues(), errors: [FieldError] = []
        for f in ActionFields.all { f.take(self, old, &values, true, &errors) }
        return errors.isEmpty ? (values, []) : (nil, errors)
    }

    /// An action's stored values.
    init(stored a: RecoveryAction, statements: [String]) {
        var values = ActionValues()
        for f in ActionFields.all where f.load(a, &values) { f.give(values, &self) }
        self.statementIDs = statements
    }
}

extension ActionValues {
    /// A risk factor's path from the values.
    static func factor(_ path: WritableKeyPath<RiskFactors, Int>) -> WritableKeyPath<ActionValues, Int> {
        let factors: WritableKeyPath<ActionValues, RiskFactors> = \.factors
        return factors.appending(path: path)
    }

    /// A three-way merge for a proposed change approved later: each field the proposal changed
    /// (from `base`, the action when proposed) takes the proposed value; every other field keeps
    /// the action's current value, so work recorded meanwhile (a due-day or control change) stays.
    func merged(proposed: ActionValues, base: ActionValues) -> ActionValues {
        var v = self
        for f in ActionFields.all { f.pick(&v, proposed, base) }
        return v
    }
}

extension RecoveryAction {
    /// The action's values as they stand.
    func values(statements: [String]) throws -> ActionValues {
        var values = ActionValues(), complete = true
        for f in ActionFields.all where !f.load(self, &values) { complete = false }
        values.statementIDs = statements.sorted()
        guard complete else { throw AppError(.internalServerError, "The action's stored days are not valid.") }
        return values
    }
}
