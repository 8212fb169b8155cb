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

/// The OpenAPI description of the thresholds that fired and their answers (issue 36).
extension OpenAPIDocument {
    static var firingSchemas: J {
        let firing: J = [
            "id": str("uuid"), "service": object(["id": str("uuid"), "name": str()], required: ["id", "name"]),
            "trigger": enumOf(EscalationTrigger.allCases.map(\.rawValue)),
            "level": enumOf(EscalationLevel.allCases.map(\.rawValue)),
            "subject_kind": enumOf(["concern", "series", "person", "action"]), "subject_id": str("uuid"),
            "evidence": str(), "fired_at": str("date-time"), "deadline": str("date-time"), "thresholds_version": int,
            "clock": enumOf(["due", "overdue", "answered", "answered_late"]), "late": ["type": "boolean"],
            "answer": [
                "type": ["string", "null"],
                "enum": EscalationFiring.Answer.allCases.map(\.rawValue) + [NSNull()]
            ],
            "answered_at": str("date-time", nullable: true), "answer_note": str(nullable: true),
            "escalation_id": str("uuid", nullable: true), "version": int
        ]
        return [
            "EscalationFiring": object(
                firing,
                required: [
                    "id", "service", "trigger", "level", "subject_kind", "subject_id", "evidence", "fired_at",
                    "deadline", "thresholds_version", "clock", "late", "version"
                ]),
            "EscalationFiringList": object(
                [
                    "items": array(ref("EscalationFiring")),
                    "metadata": object(["page": int, "per": int, "total": int], required: ["page", "per", "total"])
                ],
                required: ["items", "metadata"]),
            "EscalationFiringTakeUp": object(["note": str(), "version": int], required: ["note", "version"]),
            "EscalationFiringNotEscalating": object(["reason": str(), "version": int], required: ["reason", "version"])
        ]
    }

    static var firingPaths: J {
        let firingParam: J = ["name": "firing", "in": "path", "required": true, "schema": str("uuid")]
        let notFound = problem("No such escalation due on the caller's services.")
        return [
            "/api/v1/escalations/fired": [
                "get": [
                    "summary": "Thresholds that fired on the caller's services: the unanswered ones, soonest "
                        + "deadline first (open=true, the default), or every one, newest first (open=false)",
                    "operationId": "listEscalationFirings",
                    "parameters": [
                        query("open", enumOf(["true", "false"]), "Only the unanswered ones (default true)"),
                        query(
                            "page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage],
                            "Page number, from 1"),
                        query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)")
                    ],
                    "responses": responses([
                        "200": ok(ref("EscalationFiringList")),
                        "400": problem("A paging value or open is not valid; it is named."),
                        "403": problem("Commissioners read late escalations in the pack, not the provider's list.")
                    ])
                ]
            ],
            "/api/v1/escalations/fired/{firing}": [
                "get": [
                    "summary": "One threshold that fired: its evidence, its clock and its answer",
                    "operationId": "getEscalationFiring", "parameters": [firingParam],
                    "responses": responses([
                        "200": ok(ref("EscalationFiring")),
                        "403": problem("Commissioners read late escalations in the pack."), "404": notFound
                    ])
                ]
            ],
            "/api/v1/escalations/fired/{firing}/take-up": [
                "post": [
                    "summary": "Take up an internal threshold: what the registered manager or quality lead is doing",
                    "operationId": "takeUpEscalationFiring", "parameters": [firingParam],
                    "requestBody": body(ref("EscalationFiringTakeUp")),
                    "responses": responses([
                        "200": ok(ref("EscalationFiring")),
                        "403": problem("A registered manager or above of the provider answers it."), "404": notFound,
                        "409": problem("Already answered, or the version sent is not the current one."),
                        "422": problem(
                            "The note is missing or out of bounds, or the threshold goes to the "
                                + "commissioner; the field is named.")
                    ])
                ]
            ],
            "/api/v1/escalations/fired/{firing}/not-escalating": [
                "post": [
                    "summary": "Propose not escalating, for a reason: held for a quality lead or the nominated "
                        + "individual who did not propose it (approve it at /api/v1/changes/{change}/approve)",
                    "operationId": "proposeNotEscalating", "parameters": [firingParam],
                    "requestBody": body(ref("EscalationFiringNotEscalating")),
                    "responses": responses([
                        "202": ok(ref("ProposedChange"), "Held until a second person approves it"),
                        "403": problem("A registered manager or above of the provider answers it."), "404": notFound,
                        "409": problem("Already answered, a decision already waits, or the version is stale."),
                        "422": problem("The reason is missing or out of bounds; the field is named.")
                    ])
                ]
            ]
        ]
    }
}

/// The OpenAPI description of senior visits (issue 36).
extension OpenAPIDocument {
    static var visitSchemas: J {
        let kinds = enumOf(SeniorVisits.Kind.allCases.map(\.rawValue))
        let visit: J = [
            "id": str("uuid"), "service_id": str("uuid"), "day": str("date"), "kind": kinds, "visitor": str(),
            "observed": str(), "spoken_to": str(), "findings": str()
        ]
        return [
            "SeniorVisit": object(
                visit,
                required: ["id", "service_id", "day", "kind", "visitor", "observed", "spoken_to", "findings"]),
            "SeniorVisits": object(
                [
                    "service": object(["id": str("uuid"), "name": str()], required: ["id", "name"]),
                    "oversight_level": enumOf(OversightLevel.allCases.map(\.rawValue)), "since": str("date"),
                    "statuses": array(
                        object(
                            [
                                "kind": kinds, "every_days": int, "last": str("date", nullable: true),
                                "due": str("date"), "days_late": int,
                                "by": object(["id": str("uuid"), "name": str()], required: ["id", "name"])
                            ], required: ["kind", "every_days", "due", "days_late"])),
                    "visits": array(ref("SeniorVisit")), "visitors_version": int
                ], required: ["service", "oversight_level", "since", "statuses", "visits", "visitors_version"]),
            "SeniorVisitors": object(
                ["planned_by": str("uuid"), "unannounced_by": str("uuid"), "version": int], required: ["version"]),
            "SeniorVisitCreate": object(
                [
                    "day": str("date"), "kind": kinds, "observed": str(), "spoken_to": str(), "findings": str()
                ], required: ["day", "kind", "observed", "spoken_to", "findings"])
        ]
    }

    static var visitPaths: J {
        [
            "/api/v1/services/{id}/senior-visits": [
                "get": [
                    "summary": "A service's senior visits: the schedule by its oversight level, where each kind "
                        + "stands, and the visits, newest first",
                    "operationId": "listSeniorVisits", "parameters": [idParam],
                    "responses": responses([
                        "200": ok(ref("SeniorVisits")),
                        "403": problem("Commissioners do not read the provider's visit records."),
                        "404": problem("No such service visible to the caller.")
                    ])
                ],
                "post": [
                    "summary": "Record a senior visit (the nominated individual or a quality lead)",
                    "operationId": "recordSeniorVisit", "parameters": [idParam],
                    "requestBody": body(ref("SeniorVisitCreate")),
                    "responses": responses([
                        "201": ok(ref("SeniorVisit"), "Recorded"),
                        "403": problem("Only the nominated individual or a quality lead records a visit."),
                        "404": problem("No such service visible to the caller."),
                        "422": problem(
                            "A day in the future or over a year ago, no kind, or a text missing or too "
                                + "long; each is named.")
                    ])
                ]
            ],
            "/api/v1/services/{id}/senior-visits/visitors": [
                "put": [
                    "summary": "Name who makes the service's planned and unannounced visits (the nominated "
                        + "individual or a quality lead; leave one out for any of them)",
                    "operationId": "nameSeniorVisitors", "parameters": [idParam],
                    "requestBody": body(ref("SeniorVisitors")),
                    "responses": responses([
                        "200": ok(ref("SeniorVisits"), "Saved"),
                        "403": problem("Only the nominated individual or a quality lead names the visitors."),
                        "404": problem("No such service visible to the caller."),
                        "409": problem("The version is stale."),
                        "422": problem("Someone who does not visit, or no version; each is named.")
                    ])
                ]
            ]
        ]
    }
}
