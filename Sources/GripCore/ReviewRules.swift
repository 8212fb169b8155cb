import Foundation

/// Delivery is separated from assurance (DESIGN §1): the lead records progress updates; an
/// assurance review — the RAG and the measure the closure gate reads — is recorded by someone
/// else. Validation of both, with lengths from `InputLimits`.
public enum ReviewRules {
    public struct Review: Sendable {
        public var day: Day
        public var rag: RAG?
        public var measureValue: Double?
        public var commentary: String
        public var decision: String
        /// What changes in the operational control (needed with red progress or weak progress).
        public var controlChange: String
        /// Who the action is escalated to for oversight (the alternative to a control change).
        public var escalation: String

        public init(
            day: Day, rag: RAG?, measureValue: Double?, commentary: String, decision: String = "",
            controlChange: String = "", escalation: String = ""
        ) {
            self.day = day
            self.rag = rag
            self.measureValue = measureValue
            self.commentary = commentary
            self.decision = decision
            self.controlChange = controlChange
            self.escalation = escalation
        }
    }

    /// What the action contributes to a review's checks.
    public struct ActionFacts: Sendable {
        public var status: ActionStatus
        public var baselineDay: Day
        public var baselineValue: Double
        public var direction: TargetDirection
        /// The assured measures already recorded, oldest first.
        public var assuredMeasures: [Double]

        public init(
            status: ActionStatus, baselineDay: Day, baselineValue: Double, direction: TargetDirection,
            assuredMeasures: [Double]
        ) {
            self.status = status
            self.baselineDay = baselineDay
            self.baselineValue = baselineValue
            self.direction = direction
            self.assuredMeasures = assuredMeasures
        }
    }

    /// Every problem with an assurance review on an action, field by field.
    public static func problems(_ r: Review, action: ActionFacts, today: Day) -> [FieldError] {
        var errors = commonProblems(
            day: r.day, measure: r.measureValue, commentary: r.commentary, action: action,
            today: today)
        if r.rag == nil { errors.append(FieldError("rag", "Choose the progress RAG: red, amber or green.")) }
        if r.decision.trimmingCharacters(in: .whitespacesAndNewlines).count > 2000 {
            errors.append(FieldError("decision", "Keep the decision to 2000 characters."))
        }
        for (field, text) in [("control_change", r.controlChange), ("escalation", r.escalation)] {
            if let p = InputLimits.problem(field: field, value: text) { errors.append(FieldError(field, p)) }
        }
        if let p = controlResponseProblem(r, action: action) { errors.append(p) }
        return errors
    }

    /// "Change the control, not the date" for reviews: red progress, or a review that leaves the
    /// weak-progress flag set, must record a change of control or an escalation.
    public static func controlResponseProblem(_ r: Review, action: ActionFacts) -> FieldError? {
        guard action.status.isLive, !hasText(r.controlChange), !hasText(r.escalation) else { return nil }
        if r.rag == .red {
            return FieldError(
                "control_change",
                "Red progress needs a response: record the change to the operational control, or "
                    + "escalate the action to its route's oversight.")
        }
        let measures = action.assuredMeasures + (r.measureValue.map { [$0] } ?? [])
        if r.measureValue != nil,
            Attention.isWeakProgress(
                measures: measures, baselineValue: action.baselineValue,
                direction: action.direction)
        {
            return FieldError(
                "control_change",
                "After \(measures.count) reviews the measure is no better than the baseline "
                    + "(\(ActionRules.display(action.baselineValue))): record the change to the "
                    + "operational control, or escalate the action.")
        }
        return nil
    }

    /// Every problem with a progress update (the lead's account of delivery; no RAG).
    public static func progressProblems(
        day: Day, measure: Double?, commentary: String, action: ActionFacts,
        today: Day
    ) -> [FieldError] {
        commonProblems(day: day, measure: measure, commentary: commentary, action: action, today: today)
    }

    static func commonProblems(
        day: Day, measure: Double?, commentary: String, action: ActionFacts,
        today: Day
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if !(action.status.isLive || action.status == .monitoring) {
            errors.append(
                FieldError(
                    "status",
                    "Reviews and updates are recorded on live or monitored actions; this "
                        + "one is \(action.status.label.lowercased())."))
        }
        if day > today { errors.append(FieldError("date", "It cannot be dated in the future.")) }
        if day < action.baselineDay {
            errors.append(
                FieldError(
                    "date",
                    "It cannot be dated before the baseline day "
                        + "(\(action.baselineDay.ukFormat))."))
        }
        if let m = measure, !m.isFinite { errors.append(FieldError("measure_value", "The measure must be a number.")) }
        let text = commentary.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.append(FieldError("commentary", "Say how the action is progressing.")) }
        let max = InputLimits.narrativeCharacters
        if text.count > max { errors.append(FieldError("commentary", "Keep the commentary to \(max) characters.")) }
        return errors
    }

    static func hasText(_ s: String) -> Bool { !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
