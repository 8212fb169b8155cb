import Foundation
import GripCore

/// The OpenAPI description of what enforces oversight: proposed changes and their approval,
/// progress updates, and due-day changes.
extension OpenAPIDocument {
    static var oversightSchemas: J {
        let ref2 = object(["id": str("uuid"), "name": str()], required: ["id", "name"])
        let weakening = object(
            [
                "code": enumOf(Weakening.Code.allCases.map(\.rawValue)), "field": str(),
                "message": str()
            ], required: ["code", "field", "message"])
        let proposer = object(["id": str("uuid", nullable: true), "name": str()], required: ["id", "name"])
        let change: J = [
            "id": str("uuid"), "record_type": enumOf(GovernedRecord.allCases.map(\.rawValue)),
            "record_id": str("uuid"), "action_id": str("uuid", nullable: true), "service_id": str("uuid"),
            "operation": enumOf(PendingChange.Operation.allCases.map(\.rawValue)),
            "needs": enumOf(ChangeNeed.allCases.filter(\.isHeld).map(\.rawValue)),
            "status": enumOf(ChangeStatus.allCases.map(\.rawValue)),
            "weakenings": array(weakening), "reason": str(), "proposed_by": proposer,
            "proposed_at": str("date-time", nullable: true),
            "decided_by": ["oneOf": [ref2, ["type": "null"]]] as J, "decided_at": str("date-time", nullable: true),
            "decision_reason": str(nullable: true), "policy_version": str(), "version": int, "href": str()
        ]
        let progress: J = [
            "id": str("uuid"), "action_id": str("uuid"), "date": str("date"),
            "reported_measure": [
                "type": [
                    "number",
                    "null"
                ]
            ], "commentary": str(), "author": ref("Person")
        ]
        return [
            "ProposedChange": object(
                change,
                required: [
                    "id", "record_type", "record_id", "service_id", "operation",
                    "needs", "status", "weakenings", "reason", "proposed_by",
                    "policy_version", "version", "href"
                ]),
            "ProposedChangeList": object(
                [
                    "items": array(ref("ProposedChange")),
                    "metadata": object(
                        ["page": int, "per": int, "total": int],
                        required: ["page", "per", "total"])
                ],
                required: ["items", "metadata"]),
            "ChangeDecision": object(["version": int, "reason": str()], required: ["version"]),
            "ProgressUpdate": object(progress, required: ["id", "action_id", "date", "commentary", "author"]),
            "ProgressUpdateCreate": object(
                ["date": str("date"), "reported_measure": number, "commentary": str()],
                required: ["commentary"]),
            "DueDayChange": object(
                [
                    "due_day": str("date"), "reason": str(), "control_change": str(),
                    "escalation": str(), "version": int
                ],
                required: ["due_day", "reason"])
        ]
    }

    static var oversightPaths: J {
        let changeParam: J = ["name": "change", "in": "path", "required": true, "schema": str("uuid")]
        let notFound = problem("No such action or change visible to the caller.")
        func decision(_ verb: String, _ id: String, _ summary: String) -> J {
            [
                "parameters": [idParam, changeParam],
                "post": [
                    "summary": summary, "operationId": id, "requestBody": body(ref("ChangeDecision")),
                    "responses": responses([
                        "200": ok(ref("ProposedChange")),
                        "403": problem(
                            "Only someone other than the proposer (and the lead) who "
                                + "may be the action's senior reviewer \(verb)."),
                        "404": notFound,
                        "409": problem(
                            "Already decided, or the version is "
                                + "stale."),
                        "422": problem("Invalid values; each field named.")
                    ])
                ]
            ]
        }
        let changeOnly: J = ["name": "change", "in": "path", "required": true, "schema": str("uuid")]
        func generic(_ verb: String, _ id: String, _ summary: String) -> J {
            [
                "parameters": [changeOnly],
                "post": [
                    "summary": summary, "operationId": id, "requestBody": body(ref("ChangeDecision")),
                    "responses": responses([
                        "200": ok(ref("ProposedChange")),
                        "403": problem(
                            "Only those the change's approver rule names "
                                + "\(verb) (never the proposer; a step-down: a commissioner of "
                                + "the service)."),
                        "404": problem("No such change visible to the caller."),
                        "409": problem("Already decided, or the version is stale."),
                        "422": problem(
                            "Invalid values, or the change no longer applies; each "
                                + "field named.")
                    ])
                ]
            ]
        }
        return [
            "/api/v1/changes": [
                "get": [
                    "summary": "Changes the change policy holds, on records the caller can see (newest first)",
                    "operationId": "listChanges",
                    "parameters": [
                        query(
                            "status", enumOf(ChangeStatus.allCases.map(\.rawValue)),
                            "pending (the default), approved or refused"),
                        query("page", int, "Page, from 1"), query("per", int, "Per page, 1 to 200")
                    ],
                    "responses": responses([
                        "200": ok(ref("ProposedChangeList")),
                        "400": problem("A bad status, page or per; named.")
                    ])
                ]
            ],
            "/api/v1/changes/{change}": [
                "parameters": [changeOnly],
                "get": [
                    "summary": "One held change", "operationId": "getChange",
                    "responses": responses([
                        "200": ok(ref("ProposedChange")),
                        "404": problem("No such change visible to the caller.")
                    ])
                ]
            ],
            "/api/v1/changes/{change}/approve": generic(
                "approve", "approveChange",
                "Approve (or, for a step-down, confirm) a held change: it is "
                    + "applied"),
            "/api/v1/changes/{change}/refuse": generic("refuse", "refuseChange", "Refuse a held change, with a reason"),
            "/api/v1/actions/{id}/changes": [
                "parameters": [idParam],
                "get": [
                    "summary": "Changes to the action's oversight: pending and "
                        + "decided", "operationId": "listActionChanges",
                    "responses": responses(["200": ok(ref("ProposedChangeList")), "404": notFound])
                ]
            ],
            "/api/v1/actions/{id}/changes/{change}/approve": decision(
                "approves", "approveActionChange",
                "Approve a proposed change: it is applied to "
                    + "the action"),
            "/api/v1/actions/{id}/changes/{change}/refuse": decision(
                "refuses", "refuseActionChange",
                "Refuse a proposed change, with a reason"),
            "/api/v1/actions/{id}/progress-updates": [
                "parameters": [idParam],
                "post": [
                    "summary": "Record a progress update (delivery's account; never read by the closure gate)",
                    "operationId": "createProgressUpdate", "requestBody": body(ref("ProgressUpdateCreate")),
                    "responses": responses([
                        "201": ok(ref("ProgressUpdate"), "Created"),
                        "403": problem("Commissioners record nothing."),
                        "404": notFound,
                        "422": problem(
                            "Invalid values; each field "
                                + "named.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}/due-day": [
                "parameters": [idParam],
                "post": [
                    "summary": "Change the due day, with a reason (a high or extreme action moves later only "
                        + "with a control change or escalation)",
                    "operationId": "changeActionDueDay", "requestBody": body(ref("DueDayChange")),
                    "responses": responses([
                        "200": ok(ref("Action")), "403": problem("Role may not edit actions."),
                        "404": notFound, "409": problem("The version is stale."),
                        "422": problem(
                            "Invalid values or a broken rule; each field "
                                + "named.")
                    ])
                ]
            ]
        ]
    }
}
