import Foundation

extension PersonForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            service: try t.text("service"), reference: try t.text("reference"), placement: try t.text("placement"),
            risks: try t.dictionary("risks"), review_due: try t.text("review_due"),
            representative: try t.text("representative"), contact: try t.text("contact"),
            last_involved: try t.text("last_involved"), version: try t.int("version"))
    }
}

extension ConcernForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            person: try t.text("person"), raised_at: try t.text("raised_at"),
            raised_by_role: try t.text("raised_by_role"), category: try t.text("category"),
            summary: try t.text("summary"), safeguards: try t.text("safeguards"), decision: try t.text("decision"),
            rationale: try t.text("rationale"), decision_at: try t.text("decision_at"),
            referred_at: try t.text("referred_at"), la_reference: try t.text("la_reference"),
            notify_cqc: try t.text("notify_cqc"), review_due: try t.text("review_due"),
            outcome: try t.text("outcome"), learning: try t.text("learning"), closed_at: try t.text("closed_at"),
            version: try t.int("version"))
    }
}

extension InterventionForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            person: try t.text("person"), started_at: try t.text("started_at"), minutes: try t.text("minutes"),
            place: try t.text("place"), trigger: try t.text("trigger"), kind: try t.text("kind"),
            staff: try t.text("staff"), injury: try t.text("injury"),
            recovery_minutes: try t.text("recovery_minutes"), debrief_at: try t.text("debrief_at"),
            debrief_by: try t.text("debrief_by"), panel_on: try t.text("panel_on"),
            learning: try t.text("learning"), version: try t.int("version"))
    }
}

extension NotificationForm {
    init(from decoder: any Decoder) throws {
        let t = try FormText(decoder)
        self.init(
            event: try t.text("event"), service: try t.text("service"), person: try t.text("person"),
            occurred_at: try t.text("occurred_at"), summary: try t.text("summary"),
            sent_at: try t.text("sent_at"), reference: try t.text("reference"), version: try t.int("version"))
    }
}
