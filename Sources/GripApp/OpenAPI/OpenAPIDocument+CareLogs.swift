import Foundation
import GripCore

/// The OpenAPI description of people supported, the care logs and notifications to CQC (issue 23).
extension OpenAPIDocument {
    static func nullableEnum(_ values: [String]) -> J { ["type": ["string", "null"], "enum": values + [NSNull()]] }

    static func listOf(_ item: String) -> J {
        object(
            [
                "items": array(ref(item)),
                "metadata": object(
                    ["page": int, "per": int, "total": int],
                    required: ["page", "per", "total"])
            ],
            required: ["items", "metadata"])
    }

    static var careLogSchemas: J {
        let refObject = object(["id": str("uuid"), "name": str()], required: ["id", "name"])
        let areas = PersonRiskArea.allCases.map(\.rawValue)
        let levels = PersonRiskLevel.allCases.map(\.rawValue)
        let time: J = ["type": "string", "description": "UK local time (2026-11-30T14:05) or ISO 8601 with an offset"]
        let text = str()
        let person: J = [
            "id": str("uuid"), "reference": str(), "service": refObject, "placement": str(),
            "risks": array(object(["area": enumOf(areas), "level": enumOf(levels)], required: ["area", "level"])),
            "highest_risk": nullableEnum(levels), "review_due": str("date", nullable: true),
            "review_overdue": ["type": "boolean"], "representative": str(),
            "contact": nullableEnum(ContactMethod.allCases.map(\.rawValue)),
            "last_involved": str("date", nullable: true),
            "involvement_stale": ["type": "boolean"], "version": int
        ]
        let concern: J = [
            "id": str("uuid"), "person": refObject, "service": refObject, "raised_at": str("date-time"),
            "raised_by_role": str(), "category": enumOf(SafeguardingCategory.allCases.map(\.rawValue)),
            "summary": str(),
            "safeguards": str(), "decision": str(), "rationale": str(),
            "decision_at": str("date-time", nullable: true),
            "decided_same_day": ["type": "boolean"], "referred_at": str("date-time", nullable: true),
            "la_reference": str(), "notify_cqc": ["type": "boolean"], "review_due": str("date", nullable: true),
            "past_review": ["type": "boolean"], "outcome": str(), "learning": str(),
            "closed_at": str("date-time", nullable: true), "version": int
        ]
        let intervention: J = [
            "id": str("uuid"), "person": refObject, "service": refObject, "started_at": str("date-time"),
            "minutes": int, "place": str(), "trigger": str(),
            "kind": enumOf(InterventionKind.allCases.map(\.rawValue)),
            "staff": str(), "injury": enumOf(InjuryOutcome.allCases.map(\.rawValue)),
            "recovery_minutes": ["type": ["integer", "null"]], "debrief_at": str("date-time", nullable: true),
            "debrief_by": str(), "debriefed_in_time": ["type": "boolean"], "debrief_overdue": ["type": "boolean"],
            "panel_on": str("date", nullable: true), "learning": str(), "version": int
        ]
        let events = NotifiableEvent.allCases.map(\.rawValue)
        let notification: J = [
            "id": str("uuid"), "event": enumOf(events), "regulation": str(), "service": refObject,
            "person": ["oneOf": [refObject, ["type": "null"]]], "concern_id": str("uuid", nullable: true),
            "occurred_at": str("date-time"), "due_at": str("date-time"), "summary": str(),
            "sent_at": str("date-time", nullable: true), "reference": str(), "overdue": ["type": "boolean"],
            "late": ["type": "boolean"], "version": int
        ]
        let tally = object(["label": str(), "count": int], required: ["label", "count"])
        return [
            "PersonRecord": object(person, required: Array(person.keys).sorted()),
            "PersonRecordList": listOf("PersonRecord"),
            "PersonInput": object(
                [
                    "service": str("uuid"), "reference": text, "placement": text,
                    "risks": [
                        "type": "object", "additionalProperties": enumOf(levels),
                        "description": "Rated areas: " + areas.joined(separator: ", ")
                    ],
                    "review_due": str("date"), "representative": text,
                    "contact": enumOf(ContactMethod.allCases.map(\.rawValue)), "last_involved": str("date"),
                    "version": int
                ], required: ["service", "reference", "placement"]),
            "PeopleAggregate": object(
                [
                    "service": refObject, "people": int, "highest_high": int, "highest_medium": int,
                    "highest_low": int,
                    "not_rated": int, "review_overdue": int,
                    "high_by_area": ["type": "object", "additionalProperties": int]
                ],
                required: [
                    "service", "people", "highest_high", "highest_medium", "highest_low", "not_rated",
                    "review_overdue", "high_by_area"
                ]),
            "Pattern": object(
                [
                    "person": refObject,
                    "weeks": array(
                        object(
                            ["start": str("date"), "concerns": int, "interventions": int],
                            required: ["start", "concerns", "interventions"])),
                    "by_day_part": array(
                        object(
                            [
                                "part": enumOf(DayPart.allCases.map(\.rawValue)), "concerns": int,
                                "interventions": int
                            ], required: ["part", "concerns", "interventions"])),
                    "by_place": array(tally), "by_trigger": array(tally),
                    "mean_recovery_minutes": ["type": ["number", "null"]], "concerns": int, "interventions": int
                ], required: ["person", "weeks", "by_day_part", "by_place", "by_trigger", "concerns", "interventions"]),
            "Concern": object(concern, required: Array(concern.keys).sorted()),
            "ConcernList": listOf("Concern"),
            "ConcernInput": object(
                [
                    "person": str("uuid"), "raised_at": time, "raised_by_role": text,
                    "category": enumOf(SafeguardingCategory.allCases.map(\.rawValue)), "summary": text,
                    "safeguards": text, "notify_cqc": ["type": "boolean"], "decision": text, "rationale": text,
                    "decision_at": time, "referred_at": time, "la_reference": text, "review_due": str("date"),
                    "outcome": text, "learning": text, "closed_at": time, "version": int
                ],
                required: ["person", "raised_at", "raised_by_role", "category", "summary", "safeguards", "notify_cqc"]),
            "Intervention": object(intervention, required: Array(intervention.keys).sorted()),
            "InterventionList": listOf("Intervention"),
            "InterventionInput": object(
                [
                    "person": str("uuid"), "started_at": time, "minutes": int, "place": text, "trigger": text,
                    "kind": enumOf(InterventionKind.allCases.map(\.rawValue)), "staff": text,
                    "injury": enumOf(InjuryOutcome.allCases.map(\.rawValue)), "recovery_minutes": int,
                    "debrief_at": time, "debrief_by": text, "panel_on": str("date"), "learning": text, "version": int
                ], required: ["person", "started_at", "minutes", "place", "trigger", "kind", "staff", "injury"]),
            "Notification": object(notification, required: Array(notification.keys).sorted()),
            "NotificationList": listOf("Notification"),
            "NotificationInput": object(
                [
                    "event": enumOf(events), "service": str("uuid"), "person": str("uuid"), "occurred_at": time,
                    "summary": text, "sent_at": time, "reference": text, "version": int
                ], required: ["event", "occurred_at", "summary"]),
            "Imported": object(["imported": int], required: ["imported"])
        ]
    }

    static var careLogPaths: J {
        let paging = [
            query("page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage], "Page number, from 1"),
            query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)"),
            query("service", str("uuid"), "Only this service of the caller's")
        ]
        let notFound = problem("No such record visible to the caller.")
        let stale = problem("The version sent is stale: read it again.")
        let invalid = problem("Invalid values; each field named.")
        let providerOnly = problem("Commissioners read measures and shared cases, not the logs.")
        let managers = problem("Recorded by a registered manager or above.")
        let csv: J = ["schema": ["type": "string"]]
        let upload: J = [
            "schema": object(
                ["file": ["type": "string", "contentMediaType": "application/octet-stream"]],
                required: ["file"])
        ]
        let file: J = ["required": true, "content": ["text/csv": csv, "multipart/form-data": upload]]
        func crud(
            _ base: String, _ name: String, _ what: String, list: String, create: String, forbidden: J,
            extraQuery: [J] = []
        ) -> J {
            [
                base: [
                    "get": [
                        "summary": list, "operationId": "list\(name)s", "parameters": paging + extraQuery,
                        "responses": responses([
                            "200": ok(ref("\(name)List")), "403": providerOnly,
                            "404": problem("No such service of the caller's.")
                        ])
                    ],
                    "post": [
                        "summary": create, "operationId": "create\(name)", "requestBody": body(ref("\(name)Input")),
                        "responses": responses([
                            "201": ok(ref(name), "Created"), "403": forbidden,
                            "422": invalid
                        ])
                    ]
                ],
                "\(base)/{id}": [
                    "parameters": [idParam],
                    "get": [
                        "summary": "One \(what)", "operationId": "get\(name)",
                        "responses": responses(["200": ok(ref(name)), "403": providerOnly, "404": notFound])
                    ],
                    "put": [
                        "summary": "Update a \(what) (send the version read)", "operationId": "update\(name)",
                        "requestBody": body(ref("\(name)Input")),
                        "responses": responses([
                            "200": ok(ref(name)), "403": forbidden, "404": notFound,
                            "409": stale, "422": invalid
                        ])
                    ]
                ]
            ]
        }
        var paths: J = [
            "/api/v1/people": [
                "get": [
                    "summary": "People supported the caller may open (commissioners: cases shared with them), "
                        + "highest risk first", "operationId": "listPeople", "parameters": paging,
                    "responses": responses([
                        "200": ok(ref("PersonRecordList")),
                        "404": problem("No such service of the caller's.")
                    ])
                ],
                "post": [
                    "summary": "Add a person supported (a reference code, never a name)",
                    "operationId": "createPerson", "requestBody": body(ref("PersonInput")),
                    "responses": responses([
                        "201": ok(ref("PersonRecord"), "Created"), "403": managers,
                        "422": invalid
                    ])
                ]
            ],
            "/api/v1/people/aggregates": [
                "get": [
                    "summary": "Counts and risk profiles per service: what a commissioner sees",
                    "operationId": "getPeopleAggregates",
                    "parameters": [query("service", str("uuid"), "Only this service of the caller's")],
                    "responses": responses([
                        "200": ok(array(ref("PeopleAggregate"))),
                        "404": problem("No such service of the caller's.")
                    ])
                ]
            ],
            "/api/v1/people/{id}": [
                "parameters": [idParam],
                "get": [
                    "summary": "One person's record (the view is audited)", "operationId": "getPerson",
                    "responses": responses(["200": ok(ref("PersonRecord")), "404": notFound])
                ],
                "put": [
                    "summary": "Replace a person's record, risks included (send the version read)",
                    "operationId": "updatePerson",
                    "requestBody": body(ref("PersonInput")),
                    "responses": responses([
                        "200": ok(ref("PersonRecord")), "403": managers, "404": notFound,
                        "409": stale, "422": invalid
                    ])
                ]
            ],
            "/api/v1/people/{id}/pattern": [
                "parameters": [idParam],
                "get": [
                    "summary": "The person's interventions and concerns over twelve weeks by week, part of the "
                        + "day, place and trigger (the view is audited)", "operationId": "getPersonPattern",
                    "responses": responses(["200": ok(ref("Pattern")), "404": notFound])
                ]
            ],
            "/api/v1/people/{id}/shares": [
                "parameters": [idParam],
                "post": [
                    "summary": "Share the case with a commissioner of the person's service, or stop",
                    "operationId": "sharePerson",
                    "requestBody": body(
                        object(
                            ["commissioner_id": str("uuid"), "share": ["type": "boolean"]],
                            required: ["commissioner_id", "share"])),
                    "responses": responses([
                        "200": ok(ref("PersonRecord")), "403": managers, "404": notFound,
                        "422": invalid
                    ])
                ]
            ],
            "/api/v1/safeguarding-concerns/import": [
                "post": [
                    "summary": "Import concerns from CSV or XLSX (all or nothing; problems by row and column)",
                    "operationId": "importConcerns", "requestBody": file,
                    "responses": responses([
                        "201": ok(ref("Imported"), "Imported"), "403": managers,
                        "422": problem("Problems by row and column; nothing imported.")
                    ])
                ]
            ],
            "/api/v1/restrictive-interventions/import": [
                "post": [
                    "summary": "Import interventions from CSV or XLSX (all or nothing; problems by row and column)",
                    "operationId": "importInterventions", "requestBody": file,
                    "responses": responses([
                        "201": ok(ref("Imported"), "Imported"), "403": managers,
                        "422": problem("Problems by row and column; nothing imported.")
                    ])
                ]
            ]
        ]
        paths.merge(
            crud(
                "/api/v1/safeguarding-concerns", "Concern", "safeguarding concern",
                list: "The safeguarding log, newest first", create: "Record a safeguarding concern",
                forbidden: problem("Commissioners do not record concerns; decisions are a manager's."))
        ) { a, _ in a }
        paths.merge(
            crud(
                "/api/v1/restrictive-interventions", "Intervention", "restrictive intervention",
                list: "The restrictive interventions log, newest first",
                create: "Record a restrictive intervention",
                forbidden: problem(
                    "Commissioners do not record interventions; the panel's sign-off is a "
                        + "manager's."))
        ) { a, _ in a }
        paths.merge(
            crud(
                "/api/v1/cqc-notifications", "Notification", "notification to CQC",
                list: "Notifications to CQC, newest first", create: "Record a notification to CQC",
                forbidden: managers,
                extraQuery: [query("status", enumOf(["to_send", "sent"]), "Only those to send, or sent")])
        ) { a, _ in a }
        return paths
    }
}
