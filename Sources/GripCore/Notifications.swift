import Foundation

/// Events a registered provider must notify CQC of (issue 23): deaths under Regulation 16 of the Care Quality
/// Commission (Registration) Regulations 2009, and the Regulation 18 events. CQC asks for them "without delay";
/// Grip holds a provider to one day from the event (`NotificationRules.dueWithin`) and flags anything later.
public enum NotifiableEvent: String, CaseIterable, Sendable, Codable {
    case death
    case seriousInjury = "serious_injury"
    case abuseOrAllegation = "abuse_or_allegation"
    case policeIncident = "police_incident"
    case dolsApplication = "dols_application"
    case dolsOutcome = "dols_outcome"
    case serviceDisruption = "service_disruption"

    public var label: String {
        switch self {
        case .death: "Death of a person using the service"
        case .seriousInjury: "Serious injury"
        case .abuseOrAllegation: "Abuse or an allegation of abuse"
        case .policeIncident: "Incident reported to or investigated by the police"
        case .dolsApplication: "Application to deprive a person of their liberty (DoLS)"
        case .dolsOutcome: "Outcome of a DoLS application"
        case .serviceDisruption: "Event that stops the service running safely"
        }
    }

    /// The regulation of the Care Quality Commission (Registration) Regulations 2009 that requires it.
    public var regulation: String { self == .death ? "16" : "18" }
}

public enum NotificationRules {
    /// CQC says "without delay"; Grip's standard is one day from the event.
    public static let dueWithin: TimeInterval = 24 * 3600

    /// A safeguarding concern is always about abuse or an allegation of it: it prompts that notification.
    public static func prompted(
        bySafeguardingConcern: Bool, seriousInjury: Bool = false,
        policeInvolved: Bool = false
    ) -> [NotifiableEvent] {
        var out: [NotifiableEvent] = []
        if bySafeguardingConcern { out.append(.abuseOrAllegation) }
        if seriousInjury { out.append(.seriousInjury) }
        if policeInvolved { out.append(.policeIncident) }
        return out
    }

    public static func dueAt(occurredAt: Date) -> Date { occurredAt.addingTimeInterval(dueWithin) }

    /// Not sent, and past its due time.
    public static func isOverdue(occurredAt: Date, sentAt: Date?, now: Date) -> Bool {
        sentAt == nil && now > dueAt(occurredAt: occurredAt)
    }

    /// Sent, but after its due time.
    public static func wasLate(occurredAt: Date, sentAt: Date?) -> Bool {
        guard let sentAt else { return false }
        return sentAt > dueAt(occurredAt: occurredAt)
    }

    public static let maxSummary = 1000
    public static let maxReference = 60

    /// Why a notification cannot be recorded as it stands: what is missing, `problems`, and text too long.
    public static func recordProblems(
        eventChosen: Bool, occurredAt: Date?, summary: String, sentAt: Date?,
        reference: String, now: Date
    ) -> [FieldError] {
        var errors: [FieldError] = []
        if !eventChosen { errors.append(FieldError("event", "Choose what CQC is being notified of.")) }
        if occurredAt == nil { errors.append(FieldError("occurred_at", "Say when it happened.")) }
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > maxSummary {
            errors.append(
                FieldError(
                    "summary",
                    "Say briefly what happened (reference codes only), under "
                        + "\(maxSummary) characters."))
        }
        if let occurredAt {
            errors += problems(occurredAt: occurredAt, sentAt: sentAt, reference: reference, now: now)
        }
        if reference.count > maxReference {
            errors.append(FieldError("reference", "Keep CQC's reference under \(maxReference) characters."))
        }
        return errors
    }

    public static func problems(occurredAt: Date, sentAt: Date?, reference: String?, now: Date) -> [FieldError] {
        var errors: [FieldError] = []
        if occurredAt > now { errors.append(FieldError("occurred_at", "The event cannot be in the future.")) }
        if let sentAt {
            if sentAt < occurredAt {
                errors.append(FieldError("sent_at", "The notification is recorded as sent before the event."))
            } else if sentAt > now {
                errors.append(FieldError("sent_at", "The notification cannot be sent in the future."))
            }
            if (reference ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(FieldError("reference", "Give CQC's reference for the notification sent."))
            }
        }
        return errors
    }
}
