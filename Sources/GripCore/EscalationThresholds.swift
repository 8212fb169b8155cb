import Foundation

/// Who an escalation threshold sends the matter to (issue 36): *internal* to the registered manager and the quality
/// lead; *commissioner* to the commissioner of the service (the provider raises it).
public enum EscalationLevel: String, CaseIterable, Sendable, Codable {
    case `internal`
    case commissioner

    public var label: String {
        switch self {
        case .internal: "Internal (registered manager and quality lead)"
        case .commissioner: "Commissioner of the service"
        }
    }
}

/// What makes a threshold fire, each computed from records Grip already holds (issue 36).
public enum EscalationTrigger: String, CaseIterable, Sendable, Codable {
    /// A safeguarding concern in a category the provider marks as reportable.
    case reportableConcern = "reportable_concern"
    /// A special-cause concern on one of the named series (safeguarding, restrictive interventions, staffing,
    /// missed care).
    case seriesConcern = "series_concern"
    /// A person's safeguarding concerns and restrictive interventions reaching a count within four weeks.
    case personPattern = "person_pattern"
    /// A high or extreme action with a number of red assurance reviews in a row.
    case redReviews = "red_reviews"
    /// A high or extreme action overdue by more than its band's review interval.
    case longOverdue = "long_overdue"
    /// A CQC notification the concern needs, not submitted by the end of the day after it was raised.
    case notificationOverdue = "notification_overdue"
    /// A high or extreme action disconnected from its evidence at a number of reviews in a row.
    case disconnected

    public var label: String {
        switch self {
        case .reportableConcern: "A safeguarding concern in a reportable category"
        case .seriesConcern: "A special-cause concern on a watched series"
        case .personPattern: "A person's incidents reaching a count in four weeks"
        case .redReviews: "A high or extreme action with red reviews in a row"
        case .longOverdue: "A high or extreme action overdue by more than its review interval"
        case .notificationOverdue: "A CQC notification overdue"
        case .disconnected: "A high or extreme action disconnected from its evidence at reviews in a row"
        }
    }

    /// Whether the threshold's `count` means something for this trigger (and its allowed range).
    public var countRange: ClosedRange<Int>? {
        switch self {
        case .personPattern: 2...50
        case .redReviews, .disconnected: 2...6
        default: nil
        }
    }
}

/// One threshold: a trigger, who it goes to, and how long they have (issue 36).
public struct EscalationThreshold: Sendable, Hashable, Codable {
    public var trigger: EscalationTrigger
    public var level: EscalationLevel
    public var timeToAct: TimeToAct
    /// For a person's pattern: incidents in four weeks; for red reviews and disconnection: reviews in a row.
    public var count: Int?
    /// Whether it fires at all (a provider may switch a shipped threshold off; the change is audited).
    public var active: Bool

    public init(
        _ trigger: EscalationTrigger, _ level: EscalationLevel, _ timeToAct: TimeToAct, count: Int? = nil,
        active: Bool = true
    ) {
        self.trigger = trigger
        self.level = level
        self.timeToAct = timeToAct
        self.count = count
        self.active = active
    }
}

/// An organisation's thresholds, versioned like its other settings (issue 36): each save makes a new version, and a
/// firing remembers the version it fired under.
public struct EscalationThresholdSet: Sendable, Hashable, Codable {
    public var version: Int
    public var thresholds: [EscalationThreshold]
    /// The safeguarding categories whose concerns are reportable.
    public var reportableCategories: [SafeguardingCategory]
    /// The series (by indicator name, any case) whose special-cause concerns fire `seriesConcern`.
    public var watchedSeries: [String]

    public init(
        version: Int, thresholds: [EscalationThreshold], reportableCategories: [SafeguardingCategory],
        watchedSeries: [String]
    ) {
        self.version = version
        self.thresholds = thresholds
        self.reportableCategories = reportableCategories
        self.watchedSeries = watchedSeries
    }

    /// The thresholds Grip ships, version 1 of every organisation's set.
    public static let defaults = EscalationThresholdSet(
        version: 1,
        thresholds: [
            .init(.reportableConcern, .commissioner, .sameDay),
            .init(.seriesConcern, .internal, .workingDays(2)),
            .init(.personPattern, .commissioner, .workingDays(2), count: 6),
            .init(.redReviews, .internal, .workingDays(2), count: 2),
            .init(.longOverdue, .internal, .workingDays(2)),
            .init(.notificationOverdue, .internal, .sameDay),
            .init(.disconnected, .internal, .workingDays(5), count: 2)
        ],
        reportableCategories: [.physical, .sexual, .neglect, .organisational, .modernSlavery],
        watchedSeries: [
            "Safeguarding concerns", "Safeguarding concerns raised (log)", "Restrictive interventions",
            "Restrictive interventions (log)", "Missed or late calls", "Agency use", "Vacancies", "Staff turnover",
            "Sickness"
        ])

    /// The active threshold for a trigger, if any.
    public func threshold(_ trigger: EscalationTrigger) -> EscalationThreshold? {
        thresholds.first { $0.trigger == trigger && $0.active }
    }

    public func watches(_ seriesName: String) -> Bool {
        let name = seriesName.trimmingCharacters(in: .whitespaces).lowercased()
        return watchedSeries.contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == name }
    }

    /// Why a set cannot be saved, each problem naming its field (`thresholds[2].count`, `watched_series[0]`).
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        var seen: Set<EscalationTrigger> = []
        for (i, t) in thresholds.enumerated() {
            let field = "thresholds[\(i)]"
            if !seen.insert(t.trigger).inserted {
                errors.append(FieldError(field + ".trigger", "\(t.trigger.label) has more than one threshold."))
            }
            switch (t.trigger.countRange, t.count) {
            case (let range?, nil):
                errors.append(
                    FieldError(
                        field + ".count",
                        "Give a count from \(range.lowerBound) to \(range.upperBound) for “\(t.trigger.label)”."))
            case (let range?, let n?) where !range.contains(n):
                errors.append(
                    FieldError(
                        field + ".count",
                        "The count for “\(t.trigger.label)” must be from \(range.lowerBound) to "
                            + "\(range.upperBound) (not \(n))."))
            case (nil, _?):
                errors.append(FieldError(field + ".count", "“\(t.trigger.label)” takes no count."))
            default: break
            }
            if case .hours(let n) = t.timeToAct, !TimeToAct.hourRange.contains(n) {
                errors.append(FieldError(field + ".time_to_act", "Hours to act must be from 1 to 72 (not \(n))."))
            }
            if case .workingDays(let n) = t.timeToAct, !TimeToAct.workingDayRange.contains(n) {
                errors.append(
                    FieldError(field + ".time_to_act", "Working days to act must be from 1 to 10 (not \(n))."))
            }
        }
        let missing = EscalationTrigger.allCases.filter { !seen.contains($0) }
        if !missing.isEmpty {
            errors.append(
                FieldError(
                    "thresholds",
                    "Every trigger keeps its row (switch it off rather than leave it out); missing: "
                        + missing.map(\.rawValue).joined(separator: ", ") + "."))
        }
        var names: Set<String> = []
        for (i, name) in watchedSeries.enumerated() {
            let clean = name.trimmingCharacters(in: .whitespaces)
            if clean.isEmpty || clean.count > 120 {
                errors.append(FieldError("watched_series[\(i)]", "A series name is 1 to 120 characters."))
            } else if !names.insert(clean.lowercased()).inserted {
                errors.append(FieldError("watched_series[\(i)]", "“\(clean)” is listed twice."))
            }
        }
        if threshold(.seriesConcern) != nil && watchedSeries.isEmpty {
            errors.append(
                FieldError("watched_series", "Name at least one series, or switch the series threshold off."))
        }
        if threshold(.reportableConcern) != nil && reportableCategories.isEmpty {
            errors.append(
                FieldError(
                    "reportable_categories", "Mark at least one category reportable, or switch that threshold off."))
        }
        return errors
    }
}
