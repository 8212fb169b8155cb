import Fluent
import Foundation
import GripCore

/// One editable field of an action, and everything Grip does with it: its name in the form, the import
/// file and error messages; its key in the audit trail and the API body; its label; how it is read from
/// text and JSON, checked, shown, stored and merged. `ActionFields.all` is the action's field list,
/// written once (issue 34): the form, the API body, the import, the snapshot, the diff, the three-way
/// merge of a proposal and the stored model are all derived from it.
struct ActionField: @unchecked Sendable {  // closures over key paths, which are immutable
    /// The form's and the import's field name, and the field an error names.
    let name: String
    let label: String
    let required: Bool
    /// False for the due day: an edit changes it only through a due-day change, with a reason.
    let editable: Bool
    /// The value given in `input`, else in `old`, checked (`check`) into `values`; else "required".
    var take:
        (
            _ input: ActionInput, _ old: ActionInput?, _ values: inout ActionValues, _ check: Bool,
            _ errors: inout [FieldError]
        ) -> Void
    /// The value as text: the form's value and the audit snapshot's.
    let text: (ActionValues) -> String
    /// The value as a page shows it (a day as 1 March 2026, a direction in words).
    let display: (ActionValues) -> String
    /// The value as an export's cell (a day or a number typed as such).
    let cell: (ActionValues) -> Table.Cell
    /// The audit snapshot's key (nil: a risk factor, kept together as `risk_factors`).
    let audit: String?
    /// Form or import text into the input; an empty text leaves it unset.
    let read: (_ raw: String, _ input: inout ActionInput, _ errors: inout [FieldError]) -> Void
    /// The API body's field into the input (`risk`: the risk factors' object).
    let decode:
        (
            _ body: KeyedDecodingContainer<FormText.Key>, _ risk: KeyedDecodingContainer<FormText.Key>?,
            _ creating: Bool, _ input: inout ActionInput
        ) throws -> Void
    /// The input's value into an API body (a client's, such as the bench's).
    let encode:
        (
            _ input: ActionInput, _ body: inout KeyedEncodingContainer<FormText.Key>,
            _ risk: inout KeyedEncodingContainer<FormText.Key>?
        ) throws -> Void
    /// The values as the API shows them (`ActionDTO`): `encode`'s shape, read straight from the values.
    let show:
        (
            _ values: ActionValues, _ body: inout KeyedEncodingContainer<FormText.Key>,
            _ risk: inout KeyedEncodingContainer<FormText.Key>?
        ) throws -> Void
    /// The stored value into the values; false when a required one is missing or unreadable.
    let load: (RecoveryAction, inout ActionValues) -> Bool
    /// Values into an input (a copy to start from).
    let give: (ActionValues, inout ActionInput) -> Void
    let store: (ActionValues, RecoveryAction) -> Void
    /// A proposal's three-way merge: the proposed value where the proposal changed it, else the current.
    let pick: (_ current: inout ActionValues, _ proposed: ActionValues, _ base: ActionValues) -> Void
    /// False where the API's action shows the value as a record (the service, the people, the risk rating)
    /// rather than as its body gives it.
    var echoed = true
}

extension ActionField {
    /// A field of type `T`, stored in the model as `S`; `parse` reads non-empty text (an error message on failure).
    init<T: Equatable & Sendable & Codable, S>(
        _ path: WritableKeyPath<ActionValues, T>, _ name: String, _ label: String, audit: String?, json: String,
        inRisk: Bool = false, required: Bool = true, editable: Bool = true,
        text: @escaping (T) -> String, display: ((T) -> String)? = nil, cell: ((T) -> Table.Cell)? = nil,
        parse: @escaping (String) -> Result<T?, FieldMessage>, check: @escaping (T) -> FieldMessage? = { _ in nil },
        model: ReferenceWritableKeyPath<RecoveryAction, S?>, store: @escaping (T) -> S, load: @escaping (S) -> T?
    ) {
        self.name = name
        self.label = label
        self.required = required
        self.editable = editable
        self.audit = audit
        self.take = { input, old, values, checking, errors in
            guard let value = input[path] ?? old?[path] else {
                if required { errors.append(FieldError(name, "\(label) is required.")) }
                return
            }
            if checking, let problem = check(value) {
                errors.append(FieldError(name, problem.text))
            } else {
                values[keyPath: path] = value
            }
        }
        self.text = { text($0[keyPath: path]) }
        self.display = { (display ?? text)($0[keyPath: path]) }
        self.cell = { v in cell.map { $0(v[keyPath: path]) } ?? .text(text(v[keyPath: path])) }
        self.read = { raw, input, errors in
            switch parse(raw) {
            case .success(let value): if let value { input[path] = value }
            case .failure(let m): errors.append(FieldError(name, m.text))
            }
        }
        self.decode = { body, risk, creating, input in
            guard let c = inRisk ? risk : body else { return }
            let key = FormText.Key(json)
            if let value = try c.decodeIfPresent(T.self, forKey: key) {
                input[path] = value
            } else if required && (creating || inRisk) {
                throw DecodingError.keyNotFound(key, .init(codingPath: c.codingPath, debugDescription: ""))
            }
        }
        // A none is left out of a body, as Swift's coders do; only an optional type is asked.
        let optional = T.self is any OptionalValue.Type
        let key = FormText.Key(json)
        let put = {
            (
                value: T, body: inout KeyedEncodingContainer<FormText.Key>,
                risk: inout KeyedEncodingContainer<FormText.Key>?
            ) in
            if optional, (value as? any OptionalValue)?.isNone == true { return }
            if inRisk {
                if risk == nil { risk = body.nestedContainer(keyedBy: FormText.Key.self, forKey: FormText.Key("risk")) }
                try risk?.encode(value, forKey: key)
            } else {
                try body.encode(value, forKey: key)
            }
        }
        self.encode = { input, body, risk in if let value = input[path] { try put(value, &body, &risk) } }
        self.show = { v, body, risk in try put(v[keyPath: path], &body, &risk) }
        self.load = { a, v in
            guard let s = a[keyPath: model], let value = load(s) else { return !required }
            v[keyPath: path] = value
            return true
        }
        self.give = { v, input in input[path] = v[keyPath: path] }
        self.store = { v, a in a[keyPath: model] = store(v[keyPath: path]) }
        self.pick = { current, proposed, base in
            if proposed[keyPath: path] != base[keyPath: path] { current[keyPath: path] = proposed[keyPath: path] }
        }
    }

    /// A field stored as it is.
    init<T: Equatable & Sendable & Codable>(
        _ path: WritableKeyPath<ActionValues, T>, _ name: String, _ label: String, audit: String?, json: String,
        inRisk: Bool = false, required: Bool = true, text: @escaping (T) -> String,
        display: ((T) -> String)? = nil, cell: ((T) -> Table.Cell)? = nil,
        parse: @escaping (String) -> Result<T?, FieldMessage>, check: @escaping (T) -> FieldMessage? = { _ in nil },
        model: ReferenceWritableKeyPath<RecoveryAction, T?>
    ) {
        self.init(
            path, name, label, audit: audit, json: json, inRisk: inRisk, required: required, text: text,
            display: display, cell: cell,
            parse: parse, check: check, model: model, store: { $0 }, load: { $0 })
    }

    /// Text, trimmed and at most `max` characters.
    static func text(
        _ path: WritableKeyPath<ActionValues, String>, _ name: String, _ label: String, json: String, max: Int,
        required: Bool = true, model: ReferenceWritableKeyPath<RecoveryAction, String?>
    ) -> ActionField {
        ActionField(
            path, name, label, audit: name, json: json, required: required, text: { $0 },
            parse: { .success($0) },
            check: { v in
                let t = v.trimmingCharacters(in: .whitespacesAndNewlines)
                if required && t.isEmpty { return FieldMessage("\(label) is required.") }
                if t.count > max { return FieldMessage("\(label) must be at most \(max) characters (has \(t.count)).") }
                return nil
            }, model: model
        ).trimmed(path)
    }

    /// A day, stored as ISO text.
    static func day(
        _ path: WritableKeyPath<ActionValues, Day>, _ name: String, _ label: String, json: String,
        editable: Bool = true, model: ReferenceWritableKeyPath<RecoveryAction, String?>
    ) -> ActionField {
        ActionField(
            path, name, label, audit: name, json: json, editable: editable, text: \.iso, display: \.ukFormat,
            cell: { .day($0) },
            parse: { s in
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .success(nil) }
                return Day(iso: t).map { .success($0) } ?? .failure("\(label) must be a real date (YYYY-MM-DD).")
            }, model: model, store: \.iso, load: Day.init(iso:))
    }

    /// A number such as 75 or 2.5 (a trailing % is allowed).
    static func number(
        _ path: WritableKeyPath<ActionValues, Double>, _ name: String, _ label: String, json: String,
        model: ReferenceWritableKeyPath<RecoveryAction, Double?>
    ) -> ActionField {
        ActionField(
            path, name, label, audit: name, json: json, text: ActionRules.display, cell: { .number($0) },
            parse: { s in
                let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "")
                if t.isEmpty { return .success(nil) }
                if let d = Double(t), d.isFinite { return .success(d) }
                return .failure("\(label) must be a number, such as 75 or 2.5.")
            },
            check: { $0.isFinite ? nil : "Values must be ordinary numbers." }, model: model)
    }

    /// A risk factor (1–5), in the API's `risk` object; the audit trail keeps the five together.
    static func factor(
        _ path: WritableKeyPath<RiskFactors, Int>, _ name: String, _ label: String, json: String,
        model: ReferenceWritableKeyPath<RecoveryAction, Int?>
    ) -> ActionField {
        var field = ActionField(
            ActionValues.factor(path), name, label, audit: nil, json: json, inRisk: true,
            text: { String($0) }, cell: { .number(Double($0)) },
            parse: { s in
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .success(nil) }
                return Int(t).map { .success($0) } ?? .failure("\(label) must be a whole number.")
            }, model: model)
        field.echoed = false
        return field
    }

    /// A record chosen from a list, by id; `choice` names it in the message ("a lead").
    static func choice(
        _ path: WritableKeyPath<ActionValues, UUID>, _ name: String, _ label: String, _ choice: String,
        json: String, shownAsRecord: Bool = false, model: ReferenceWritableKeyPath<RecoveryAction, UUID?>
    ) -> ActionField {
        var field = ActionField(
            path, name, label, audit: name + "_id", json: json, text: \.uuidString,
            parse: { s in
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .success(nil) }
                return UUID(uuidString: t).map { .success($0) } ?? .failure("Choose \(choice) from the list.")
            }, model: model)
        field.echoed = !shownAsRecord
        return field
    }

    /// An optional record chosen from a list; an empty choice clears it.
    static func optionalChoice(
        _ path: WritableKeyPath<ActionValues, UUID?>, _ name: String, _ label: String, _ choice: String,
        json: String, model: ReferenceWritableKeyPath<RecoveryAction, UUID??>
    ) -> ActionField {
        ActionField(
            path, name, label, audit: name + "_id", json: json, required: false,
            text: { $0?.uuidString ?? "" },
            parse: { s in
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return .success(.some(nil)) }
                return UUID(uuidString: t).map { .success($0) } ?? .failure("Choose \(choice) from the list.")
            }, model: model)
    }

    /// The same field, its text value trimmed when taken.
    private func trimmed(_ path: WritableKeyPath<ActionValues, String>) -> ActionField {
        var field = self
        field.take = { input, old, values, checking, errors in
            take(input, old, &values, checking, &errors)
            if checking {
                values[keyPath: path] = values[keyPath: path].trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return field
    }
}

/// An optional value, to tell "given as none" from a value (an API body leaves a none out, as Swift's coders do).
private protocol OptionalValue { var isNone: Bool { get } }
extension Optional: OptionalValue { var isNone: Bool { self == nil } }

/// A message about a field's value (its field is named by the field that reports it).
struct FieldMessage: ExpressibleByStringInterpolation, Error, Sendable {
    let text: String
    init(_ text: String) { self.text = text }
    init(stringLiteral value: String) { text = value }
    init(stringInterpolation: DefaultStringInterpolation) { text = String(stringInterpolation: stringInterpolation) }
}

enum ActionFields {
    /// The action's editable fields, in the form's order (errors are reported in this order).
    static let all: [ActionField] = [
        .text(\.title, "title", "Title", json: "title", max: InputLimits.titleCharacters, model: \.$title.value),
        .text(\.theme, "theme", "Theme", json: "theme", max: InputLimits.labelCharacters, model: \.$theme.value),
        .choice(
            \.serviceID, "service", "Service", "a service", json: "serviceId", shownAsRecord: true,
            model: \.$service.$id.value),
        .optionalChoice(
            \.sourceID, "source", "Source", "a source of concern", json: "sourceId", model: \.$source.$id.value),
        statements,
        .text(
            \.baseline, "baseline", "Baseline (what the evidence showed)", json: "baseline",
            max: InputLimits.narrativeCharacters, model: \.$baseline.value),
        .day(\.baselineDay, "baseline_day", "Baseline day", json: "baselineDay", model: \.$baselineDay.value),
        .text(\.metric, "metric", "Metric", json: "metric", max: InputLimits.metricCharacters, model: \.$metric.value),
        ActionField(
            \.direction, "direction", "Direction", audit: "direction", json: "direction", text: \.rawValue,
            display: \.label,
            parse: { s in
                if s.isEmpty { return .success(nil) }
                return TargetDirection(rawValue: s).map { .success($0) } ?? .failure("Choose higher or lower.")
            }, model: \.$direction.value),
        .number(
            \.baselineValue, "baseline_value", "Baseline value", json: "baselineValue", model: \.$baselineValue.value),
        .number(\.targetValue, "target_value", "Target value", json: "targetValue", model: \.$targetValue.value),
        .day(\.targetDay, "target_day", "Target day", json: "targetDay", model: \.$targetDay.value),
        .factor(\.harm, "harm", "Potential harm", json: "harm", model: \.$riskHarm.value),
        .factor(
            \.peopleAffected, "people_affected", "People affected", json: "peopleAffected", model: \.$riskPeople.value),
        .factor(
            \.recurrence, "recurrence", "Likelihood of recurrence", json: "recurrence", model: \.$riskRecurrence.value),
        .factor(
            \.regulatoryImpact, "regulatory_impact", "Regulatory impact", json: "regulatoryImpact",
            model: \.$riskRegulatory.value),
        .factor(
            \.controlWeakness, "control_weakness", "Weakness of current controls", json: "controlWeakness",
            model: \.$riskControls.value),
        .choice(\.leadID, "lead", "Lead", "a lead", json: "leadId", shownAsRecord: true, model: \.$lead.$id.value),
        .choice(
            \.reviewerID, "reviewer", "Senior reviewer", "a senior reviewer", json: "reviewerId", shownAsRecord: true,
            model: \.$reviewer.$id.value),
        .choice(\.routeID, "route", "Review route", "a review route", json: "routeId", model: \.$route.$id.value),
        .optionalChoice(
            \.indicatorID, "indicator", "Indicator", "an indicator", json: "indicatorId",
            model: \.$indicator.$id.value),
        .text(
            \.interimControls, "interim_controls", "Interim controls", json: "interimControls",
            max: InputLimits.narrativeCharacters, required: false, model: \.$interimControls.value),
        .day(\.dueDay, "due_day", "Due day", json: "dueDay", editable: false, model: \.$dueDay.value)
    ]

    /// The quality statements: kept as mappings, not on the action's row, so the model side is the caller's.
    private static let statements = ActionField(
        name: "statements", label: "Quality statements", required: false, editable: true,
        take: { input, old, values, _, _ in
            values.statementIDs = input.statementIDs ?? old?.statementIDs ?? []
        },
        text: { $0.statementIDs.sorted().joined(separator: ", ") },
        display: { $0.statementIDs.sorted().joined(separator: ", ") },
        cell: { .text($0.statementIDs.sorted().joined(separator: "; ")) }, audit: "statements",
        read: { _, _, _ in },
        decode: { body, _, _, input in
            if let s = try body.decodeIfPresent([String].self, forKey: FormText.Key("statements")) {
                input.statementIDs = s
            }
        },
        encode: { input, body, _ in
            if let s = input.statementIDs { try body.encode(s, forKey: FormText.Key("statements")) }
        },
        show: { v, body, _ in try body.encode(v.statementIDs, forKey: FormText.Key("statements")) },
        load: { _, _ in true }, give: { v, input in input.statementIDs = v.statementIDs }, store: { _, _ in },
        pick: { current, proposed, base in
            if proposed.statementIDs != base.statementIDs { current.statementIDs = proposed.statementIDs }
        })

    /// A field by its name (the export's columns, the import's rows): looked up in a table built once.
    static func named(_ name: String) -> ActionField? { byName[name] }
    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
