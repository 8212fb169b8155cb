import Foundation
import GripCore

/// The OpenAPI description of the escalation thresholds (issue 36).
extension OpenAPIDocument {
    static var thresholdSchemas: J {
        let threshold = object(
            [
                "trigger": enumOf(EscalationTrigger.allCases.map(\.rawValue)),
                "level": enumOf(EscalationLevel.allCases.map(\.rawValue)),
                "time_to_act": [
                    "type": "string", "pattern": "^(same_day|hours:[0-9]{1,2}|working_days:[0-9]{1,2})$",
                    "description": "same_day, hours:1–72 or working_days:1–10 (weekends and England's bank "
                        + "holidays skipped)"
                ],
                "count": [
                    "type": ["integer", "null"],
                    "description": "person_pattern: 2–50 incidents in four "
                        + "weeks; red_reviews and disconnected: 2–6 reviews in a row; none for the others"
                ],
                "active": ["type": "boolean"]
            ], required: ["trigger", "level", "time_to_act", "active"])
        let categories = array(enumOf(SafeguardingCategory.allCases.map(\.rawValue)))
        return [
            "EscalationThresholdSet": object(
                [
                    "version": int, "thresholds": array(threshold), "reportable_categories": categories,
                    "watched_series": array(str())
                ], required: ["version", "thresholds", "reportable_categories", "watched_series"]),
            "EscalationThresholds": object(
                [
                    "version": int, "thresholds": array(threshold), "reportable_categories": categories,
                    "watched_series": array(str()), "saved_at": str("date-time", nullable: true),
                    "saved_by": str(nullable: true), "bank_holiday_years": array(int)
                ],
                required: [
                    "version", "thresholds", "reportable_categories", "watched_series", "bank_holiday_years"
                ])
        ]
    }

    static var thresholdPaths: J {
        [
            "/api/v1/escalations/thresholds": [
                "get": [
                    "summary": "The organisation's escalation thresholds in force (Grip's defaults, version 1, "
                        + "until the provider admin saves a change)",
                    "operationId": "getEscalationThresholds",
                    "responses": responses(["200": ok(ref("EscalationThresholds"))])
                ],
                "put": [
                    "summary": "Save a new version: the whole set, every trigger once, with the version it was "
                        + "changed from", "operationId": "saveEscalationThresholds",
                    "requestBody": body(ref("EscalationThresholdSet")),
                    "responses": responses([
                        "200": ok(ref("EscalationThresholds")),
                        "403": problem("Only a provider admin changes the escalation thresholds."),
                        "409": problem("Someone else saved a version first; the version in force is named."),
                        "422": problem(
                            "A count, time or series out of bounds, or a trigger missing; the field is "
                                + "named (thresholds[3].count).")
                    ])
                ]
            ]
        ]
    }
}
