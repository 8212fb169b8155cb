import Foundation
import GripCore

/// The OpenAPI 3.1 description of `/api/v1`. A test checks its paths against the routes the app registers.
enum OpenAPIDocument {
    typealias J = [String: Any]

    static func ref(_ name: String) -> J { ["$ref": "#/components/schemas/\(name)"] }
    static func str(_ format: String? = nil, nullable: Bool = false) -> J {
        var s: J = ["type": nullable ? ["string", "null"] as Any : "string"]
        if let format { s["format"] = format }
        return s
    }
    static func enumOf(_ values: [String]) -> J { ["type": "string", "enum": values] }
    static var int: J { ["type": "integer"] }
    static var number: J { ["type": "number"] }
    /// A nullable property is never required: Grip's JSON leaves an empty value out rather than sending null.
    static func object(_ props: J, required: [String]) -> J {
        ["type": "object", "properties": props, "required": required.filter { !isNullable(props[$0]) }]
    }

    static func isNullable(_ schema: Any?) -> Bool {
        guard let s = schema as? J else { return false }
        if let types = s["type"] as? [String] { return types.contains("null") }
        if let options = s["oneOf"] as? [J] { return options.contains { ($0["type"] as? String) == "null" } }
        return false
    }

    /// Every operation that reads a body may answer 415 (not the documented content type) and 413 (too large).
    static func withBodyStatuses(_ paths: J) -> J {
        var out = paths
        for (path, item) in paths {
            guard var operations = item as? J else { continue }
            for (method, value) in operations {
                guard var op = value as? J, op["requestBody"] != nil, var responses = op["responses"] as? J else {
                    continue
                }
                if responses["415"] == nil {
                    responses["415"] = problem("The body is not of a documented content type.")
                }
                if responses["413"] == nil { responses["413"] = problem("The body is larger than Grip accepts.") }
                // Every body's text is checked before it is read (GripCore's InputLimits).
                if responses["400"] == nil {
                    responses["400"] = problem(
                        "The body could not be read, or its text is not UTF-8; the field is named.")
                }
                if responses["422"] == nil {
                    responses["422"] = problem("A field is too long or holds a control character; each is named.")
                }
                op["responses"] = responses
                operations[method] = op
            }
            out[path] = operations
        }
        return out
    }
    static func array(_ items: J) -> J { ["type": "array", "items": items] }

    static func problem(_ description: String) -> J {
        ["description": description, "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }
    static func ok(_ schema: J, _ description: String = "OK") -> J {
        ["description": description, "content": ["application/json": ["schema": schema]]]
    }
    static func body(_ schema: J) -> J {
        ["required": true, "content": ["application/json": ["schema": schema]]]
    }

    static var common: J {
        [
            "400": problem(
                """
                The request could not be read (malformed JSON, a wrong type or a bad query parameter); the field \
                is named.
                """
            ),
            "401": problem("No valid bearer token.")
        ]
    }
    static var idParam: J { ["name": "id", "in": "path", "required": true, "schema": str("uuid")] }
    static func query(_ name: String, _ schema: J, _ description: String) -> J {
        ["name": name, "in": "query", "required": false, "schema": schema, "description": description]
    }
    static func responses(_ r: J) -> J { r.merging(common) { a, _ in a } }
    static var security: [J] { [["bearer": [String]()]] }

    static var statuses: [String] { ActionStatus.allCases.map(\.rawValue) }
    static var bands: [String] { RiskBand.allCases.map(\.rawValue) }

    static var schemas: J {
        let riskInput = object(
            [
                "harm": int, "people_affected": int, "recurrence": int, "regulatory_impact": int,
                "control_weakness": int
            ], required: ["harm", "people_affected", "recurrence", "regulatory_impact", "control_weakness"])
        var riskRating = riskInput
        var rp = riskRating["properties"] as! J
        rp["severity"] = int; rp["likelihood"] = int; rp["score"] = int; rp["band"] = enumOf(bands);
        rp["matrix_version"] = str()
        riskRating["properties"] = rp
        riskRating["required"] = Array(rp.keys).sorted()
        let person = object(["id": str("uuid"), "name": str(), "email": str()], required: ["id", "name", "email"])
        let actionProps: J = [
            "id": str("uuid"), "reference": str(), "title": str(), "theme": str(),
            "service": object(["id": str("uuid"), "name": str()], required: ["id", "name"]),
            "source_id": str("uuid", nullable: true), "statements": array(str()), "framework": str(),
            "mappings": array(ref("Mapping")), "baseline": str(), "baseline_day": str("date"),
            "metric": str(), "direction": enumOf(TargetDirection.allCases.map(\.rawValue)), "baseline_value": number,
            "target_value": number, "target_day": str("date"), "risk": ref("RiskRating"), "lead": ref("Person"),
            "reviewer": ref("Person"), "route_id": str("uuid"), "indicator_id": str("uuid", nullable: true),
            "interim_controls": str(), "status": enumOf(statuses),
            "status_reason": str(nullable: true), "due_day": str("date"), "overdue": ["type": "boolean"],
            "next_review_day": str("date"), "review_policy_version": str(), "version": int,
            "closed_on": str("date", nullable: true), "reaudit_due_day": str("date", nullable: true),
            "after_closure": ["oneOf": [enumOf(AfterClosure.allCases.map(\.rawValue)), ["type": "null"]]] as J,
            "reaudit_overdue": ["type": "boolean"],
            "flags": array(
                object(
                    [
                        "code": enumOf(AttentionFlag.allCases.map(\.rawValue)), "label": str(),
                        "explanation": str()
                    ], required: ["code", "label", "explanation"])),
            "pending_changes": array(ref("ProposedChange"))
        ]
        // Absent when empty: what no action has until it is closed, sourced, linked or explained.
        let actionOptional: Set<String> = [
            "source_id", "indicator_id", "status_reason", "closed_on", "reaudit_due_day",
            "after_closure"
        ]
        let createProps: J = [
            "title": str(), "theme": str(), "service_id": str("uuid"), "source_id": str("uuid", nullable: true),
            "statements": array(str()), "baseline": str(), "baseline_day": str("date"), "metric": str(),
            "direction": enumOf(TargetDirection.allCases.map(\.rawValue)), "baseline_value": number,
            "target_value": number,
            "target_day": str("date"), "risk": ref("RiskInput"), "lead_id": str("uuid"), "reviewer_id": str("uuid"),
            "route_id": str("uuid"), "indicator_id": str("uuid", nullable: true), "interim_controls": str(),
            "due_day": str("date"), "status": enumOf(["draft", "open"])
        ]
        var patchProps = createProps
        patchProps["status"] = nil
        patchProps["version"] = int
        patchProps["change_reason"] = str()
        let ratings: J = ["type": "object", "additionalProperties": enumOf(CQCRating.allCases.map(\.rawValue))]
        let serviceProps: J = [
            "id": str("uuid"), "name": str(), "cqc_location_id": str(),
            "service_type": enumOf(ServiceType.allCases.map(\.rawValue)),
            "commissioners": str(), "ratings": ratings, "version": int
        ]
        func list(_ item: String) -> J {
            object(
                [
                    "items": array(ref(item)),
                    "metadata": object(["page": int, "per": int, "total": int], required: ["page", "per", "total"])
                ],
                required: ["items", "metadata"])
        }
        return [
            "Problem": object(
                [
                    "type": str(), "title": str(), "status": int, "detail": str(),
                    "errors": array(object(["field": str(), "message": str()], required: ["field", "message"]))
                ], required: ["type", "title", "status", "detail"]),
            "Person": person,
            "RiskInput": riskInput,
            "RiskRating": riskRating,
            "Action": object(actionProps, required: actionProps.keys.filter { !actionOptional.contains($0) }.sorted()),
            "ActionCreate": object(
                createProps,
                required: [
                    "title", "theme", "service_id", "baseline", "baseline_day", "metric", "direction",
                    "baseline_value", "target_value", "target_day", "risk", "lead_id", "reviewer_id",
                    "route_id", "due_day"
                ]),
            "ActionPatch": object(patchProps, required: ["version"]),
            "Transition": object(["to": enumOf(statuses), "reason": str(), "version": int], required: ["to"]),
            "ActionList": list("Action"),
            "Service": object(serviceProps, required: Array(serviceProps.keys).sorted()),
            "ServiceCreate": object(
                [
                    "name": str(), "cqc_location_id": str(),
                    "service_type": enumOf(ServiceType.allCases.map(\.rawValue)),
                    "commissioners": str(), "ratings": ratings
                ], required: ["name", "service_type"]),
            "ServiceList": list("Service")
        ].merging(assuranceSchemas) { a, _ in a }.merging(indicatorSchemas) { a, _ in a }.merging(escalationSchemas) {
            a, _ in a
        }
        .merging(meetingSchemas) { a, _ in a }.merging(reportSchemas) { a, _ in a }.merging(oversightSchemas) { a, _ in
            a
        }
        .merging(frameworkSchemas) { a, _ in a }.merging(careLogSchemas) { a, _ in a }
        .merging(thresholdSchemas) { a, _ in a }.merging(firingSchemas) { a, _ in a }.merging(visitSchemas) { a, _ in a
        }
        .merging(safetyModelSchemas) { a, _ in a }.merging(learningSchemas) { a, _ in a }
    }

    static var paths: J {
        let paging = [
            query("page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage], "Page number, from 1"),
            query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)")
        ]
        return [
            "/api/v1/openapi.json": [
                "get": [
                    "summary": "This document", "operationId": "getOpenAPI", "security": [] as [Any],
                    "responses": [
                        "200": [
                            "description": "The OpenAPI document",
                            "content": ["application/json": ["schema": ["type": "object"]]]
                        ]
                    ]
                ]
            ],
            "/api/v1/services": [
                "get": [
                    "summary": "Services the caller can see", "operationId": "listServices", "parameters": paging,
                    "responses": responses(["200": ok(ref("ServiceList"))])
                ],
                "post": [
                    "summary": "Add a service (provider admin)", "operationId": "createService",
                    "requestBody": body(ref("ServiceCreate")),
                    "responses": responses([
                        "201": ok(ref("Service"), "Created"), "403": problem("Not a provider admin."),
                        "422": problem("Invalid values; each field named.")
                    ])
                ]
            ],
            "/api/v1/actions": [
                "get": [
                    "summary": "Recovery actions, filtered and paginated", "operationId": "listActions",
                    "parameters": paging + [
                        query("status", enumOf(statuses), "Status"), query("service", str("uuid"), "Service id"),
                        query("band", enumOf(bands), "Risk band"), query("lead", str("uuid"), "Lead's user id"),
                        query("statement", str(), "An item of the framework in force, e.g. S3"),
                        query("overdue", ["type": "boolean"], "Only overdue actions")
                    ],
                    "responses": responses(["200": ok(ref("ActionList"))])
                ],
                "post": [
                    "summary": "Create a recovery action", "operationId": "createAction",
                    "requestBody": body(ref("ActionCreate")),
                    "responses": responses([
                        "201": ok(ref("Action"), "Created"), "403": problem("Role may not create actions."),
                        "422": problem("Invalid values or a broken rule; each field named.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}": [
                "parameters": [idParam],
                "get": [
                    "summary": "One action", "operationId": "getAction",
                    "responses": responses([
                        "200": ok(ref("Action")), "404": problem("No such action visible to the caller.")
                    ])
                ],
                "patch": [
                    "summary": "Change an action (send its version)", "operationId": "updateAction",
                    "requestBody": body(ref("ActionPatch")),
                    "responses": responses([
                        "200": ok(ref("Action")),
                        "202": ok(ref("ProposedChange"), "The change weakens oversight: it waits for approval"),
                        "403": problem("Role may not edit actions."),
                        "404": problem("No such action visible to the caller."),
                        "409": problem("The version is stale: someone changed the action first."),
                        "422": problem("Invalid values or a broken rule; each field named.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}/transitions": [
                "parameters": [idParam],
                "post": [
                    "summary": "Move an action through its lifecycle", "operationId": "transitionAction",
                    "requestBody": body(ref("Transition")),
                    "responses": responses([
                        "200": ok(ref("Action")),
                        "202": ok(
                            ref("ProposedChange"),
                            "Cancelling a live high or extreme "
                                + "action waits for a second person (the change policy)"),
                        "403": problem("Only the lead or a manager may move it."),
                        "404": problem("No such action visible to the caller."),
                        "409": problem("The version is stale."),
                        "422": problem("The move is not allowed (named in the message).")
                    ])
                ]
            ]
        ]
    }

    static var assuranceSchemas: J {
        let categories = Reference.evidenceCategories.map(\.id)
        let kinds = EvidenceKind.allCases.map(\.rawValue)
        let person = ref("Person")
        let file = object(
            ["id": str("uuid"), "filename": str(), "content_type": str(), "size": int, "href": str()],
            required: ["id", "filename", "content_type", "size", "href"])
        let evidence: J = [
            "id": str("uuid"), "category": enumOf(categories), "kind": enumOf(kinds), "date": str("date"),
            "summary": str(),
            "recorded_by": person, "action_ids": array(str("uuid")), "statements": array(str()),
            "mappings": array(ref("Mapping")), "files": array(file), "version": int
        ]
        let review: J = [
            "id": str("uuid"), "action_id": str("uuid"), "date": str("date"),
            "rag": enumOf(RAG.allCases.map(\.rawValue)),
            "measure_value": ["type": ["number", "null"]], "commentary": str(), "decision": str(),
            "control_change": str(nullable: true), "escalation": str(nullable: true), "reviewer": person,
            "next_review_day": str("date")
        ]
        let request: J = [
            "id": str("uuid"), "action_id": str("uuid"), "what": str(), "due_day": str("date"), "requested_of": person,
            "fulfilled": ["type": "boolean"]
        ]
        let codes = ClosureCondition.allCases.map(\.rawValue)
        return [
            "Evidence": object(evidence, required: Array(evidence.keys).sorted()),
            "EvidenceCreate": object(
                [
                    "category": enumOf(categories), "kind": enumOf(kinds), "date": str("date"), "summary": str(),
                    "statements": array(str()), "request_id": str("uuid"), "action_ids": array(str("uuid"))
                ], required: ["category", "kind", "date", "summary"]),
            "EvidenceUpload": object(
                [
                    "file": ["type": "string", "contentMediaType": "application/octet-stream"],
                    "category": enumOf(categories), "kind": enumOf(kinds),
                    "date": str("date"), "summary": str(), "request_id": str("uuid")
                ], required: ["category", "kind", "date", "summary"]),
            "Review": object(
                review, required: Array(review.keys).filter { $0 != "control_change" && $0 != "escalation" }.sorted()),
            "ReviewCreate": object(
                [
                    "date": str("date"), "rag": enumOf(RAG.allCases.map(\.rawValue)), "measure_value": number,
                    "commentary": str(), "decision": str(), "control_change": str(), "escalation": str()
                ],
                required: ["rag", "commentary"]),
            "EvidenceRequest": object(request, required: Array(request.keys).sorted()),
            "EvidenceRequestCreate": object(
                ["person_id": str("uuid"), "what": str(), "due_day": str("date")],
                required: ["person_id", "what", "due_day"]),
            "Closure": object(
                [
                    "closable": ["type": "boolean"],
                    "unmet": array(object(["code": enumOf(codes), "message": str()], required: ["code", "message"]))
                ],
                required: ["closable", "unmet"]),
            "Close": object(
                [
                    "override": object(
                        ["condition": enumOf(codes.filter { $0 != "reviewer" }), "reason": str()],
                        required: ["condition", "reason"])
                ], required: []),
            "ReAuditCreate": object(
                [
                    "passed": ["type": "boolean"], "finding": str(), "date": str("date"), "sample": str(),
                    "method": str(),
                    "control_change": str(), "evidence_id": str("uuid")
                ],
                required: ["passed", "finding", "sample", "method"])
        ]
    }

    static var allPaths: J {
        paths.merging(assurancePaths) { a, _ in a }.merging(indicatorPaths) { a, _ in a }.merging(escalationPaths) {
            a, _ in a
        }
        .merging(meetingPaths) { a, _ in a }.merging(reportPaths) { a, _ in a }.merging(oversightPaths) { a, _ in a }
        .merging(frameworkPaths) { a, _ in a }.merging(careLogPaths) { a, _ in a }
        .merging(thresholdPaths) { a, _ in a }.merging(firingPaths) { a, _ in a }.merging(visitPaths) { a, _ in a }
        .merging(safetyModelPaths) { a, _ in a }.merging(learningPaths) { a, _ in a }
    }

    static var escalationSchemas: J {
        let statusValues = EscalationStatus.allCases.map(\.rawValue)
        let categories = EscalationCategory.allCases.map(\.rawValue)
        let levels = OversightLevel.allCases.map(\.rawValue)
        let ref2 = object(["id": str("uuid"), "name": str()], required: ["id", "name"])
        let response = object(
            [
                "author": ref("Person"), "party": enumOf(["provider", "commissioner"]), "text": str(),
                "moved_to": ["type": ["string", "null"], "enum": statusValues + [NSNull()]],
                "at": str("date-time", nullable: true)
            ],
            required: ["author", "party", "text"])
        let escalation: J = [
            "id": str("uuid"), "reference": str(), "service": ref2, "category": enumOf(categories), "facts": str(),
            "safeguards": str(), "actions_taken": str(), "support_needed": str(), "respond_by": str("date"),
            "joint_review_day": str("date", nullable: true), "status": enumOf(statusValues),
            "raised_on": str("date", nullable: true),
            "evidence_ids": array(str("uuid")), "responses": array(response), "version": int,
            "action_ids": array(str("uuid")), "decision_ids": array(str("uuid")),
            "indicator_id": str("uuid", nullable: true), "person_id": str("uuid", nullable: true)
        ]
        let entry = object(
            ["level": enumOf(levels), "since": str("date"), "cadence_days": int, "note": str()],
            required: ["level", "since", "cadence_days", "note"])
        return [
            "Escalation": object(
                escalation,
                required: [
                    "id", "reference", "service", "category", "facts", "safeguards", "actions_taken",
                    "support_needed", "respond_by", "status", "evidence_ids",
                    "responses", "version",
                    "action_ids", "decision_ids"
                ]),
            "EscalationList": object(
                [
                    "items": array(ref("Escalation")),
                    "metadata": object(["page": int, "per": int, "total": int], required: ["page", "per", "total"])
                ],
                required: ["items", "metadata"]),
            "EscalationCreate": object(
                [
                    "service_id": str("uuid"), "category": enumOf(categories), "facts": str(), "safeguards": str(),
                    "actions_taken": str(), "support_needed": str(), "respond_by": str("date"),
                    "joint_review_day": str("date"),
                    "raise": ["type": "boolean"], "person_id": str("uuid"),
                    "firing_id": str("uuid", nullable: true)
                ],
                required: [
                    "service_id", "category", "facts", "safeguards", "actions_taken", "support_needed", "respond_by"
                ]),
            "EscalationTransition": object(
                [
                    "to": enumOf(statusValues), "reason": str(),
                    "evidence": array(str("uuid")), "version": int
                ],
                required: ["to"]),
            "EscalationLinkCreate": object(
                [
                    "version": int, "action_id": str("uuid"), "decision_id": str("uuid"),
                    "indicator_id": str("uuid")
                ], required: ["version"]),
            "EscalationResponse": object(["text": str()], required: ["text"]),
            "Oversight": object(
                [
                    "service": ref2, "level": enumOf(levels), "since": str("date", nullable: true),
                    "cadence_days": ["type": ["integer", "null"]],
                    "next_update_due": str("date", nullable: true), "history": array(entry)
                ], required: ["service", "level", "history"]),
            "OversightCreate": object(
                ["level": enumOf(levels), "since": str("date"), "cadence_days": int, "note": str()],
                required: ["level", "since", "cadence_days"])
        ]
    }

    static var escalationPaths: J {
        let paging = [
            query("page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage], "Page number, from 1"),
            query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)")
        ]
        let notFound = problem("No such escalation visible to the caller.")
        return [
            "/api/v1/escalations": [
                "get": [
                    "summary": "Escalations the caller can see (commissioners: raised ones of their services)",
                    "operationId": "listEscalations",
                    "parameters": paging, "responses": responses(["200": ok(ref("EscalationList"))])
                ],
                "post": [
                    "summary": "Raise (or draft) a provider escalation", "operationId": "createEscalation",
                    "requestBody": body(ref("EscalationCreate")),
                    "responses": responses([
                        "201": ok(ref("Escalation"), "Created"),
                        "403": problem("Only a registered manager or above of the provider."),
                        "422": problem("Invalid values; each field named.")
                    ])
                ]
            ],
            "/api/v1/escalations/{id}": [
                "parameters": [idParam],
                "get": [
                    "summary": "One escalation with its responses", "operationId": "getEscalation",
                    "responses": responses(["200": ok(ref("Escalation")), "404": notFound])
                ]
            ],
            "/api/v1/escalations/{id}/transitions": [
                "parameters": [idParam],
                "post": [
                    "summary": "Move an escalation (resolving needs outcome evidence dated after it was raised)",
                    "operationId": "transitionEscalation",
                    "requestBody": body(ref("EscalationTransition")),
                    "responses": responses([
                        "200": ok(ref("Escalation")), "403": problem("Staff do not move escalations."), "404": notFound,
                        "409": problem("The version sent is stale."),
                        "422": problem("The move is refused; the reason is given.")
                    ])
                ]
            ],
            "/api/v1/escalations/{id}/links": [
                "parameters": [idParam],
                "post": [
                    "summary":
                        "Link an action or a decision the escalation led to, or the indicator that shows its outcome",
                    "operationId": "linkEscalation", "requestBody": body(ref("EscalationLinkCreate")),
                    "responses": responses([
                        "200": ok(ref("Escalation")),
                        "403": problem("Only a registered manager or above of the provider links."),
                        "404": notFound, "409": problem("The version sent is stale."),
                        "422": problem("Nothing to link, already linked, or not of this service; the field is named.")
                    ])
                ]
            ],
            "/api/v1/escalations/{id}/responses": [
                "parameters": [idParam],
                "post": [
                    "summary": "Respond or comment", "operationId": "respondToEscalation",
                    "requestBody": body(ref("EscalationResponse")),
                    "responses": responses([
                        "201": ok(ref("Escalation"), "Added"), "403": problem("Staff do not respond."), "404": notFound,
                        "422": problem("Empty or too long.")
                    ])
                ]
            ],
            "/api/v1/services/{id}/oversight": [
                "parameters": [idParam],
                "get": [
                    "summary": "The commissioner's oversight of a service", "operationId": "getOversight",
                    "responses": responses([
                        "200": ok(ref("Oversight")), "404": problem("No such service visible to the caller.")
                    ])
                ],
                "post": [
                    "summary": "Record a change of oversight level (the commissioner's applies; the provider's "
                        + "raise applies; the provider's step-down waits for a commissioner)",
                    "operationId": "setOversight",
                    "requestBody": body(ref("OversightCreate")),
                    "responses": responses([
                        "201": ok(ref("Oversight"), "Recorded"),
                        "202": ok(
                            ref("ProposedChange"),
                            "A step-down by the provider: it "
                                + "waits for a commissioner of the service to confirm it"),
                        "403": problem(
                            "Only the commissioner or a registered manager "
                                + "or above."),
                        "404": problem("No such service visible to the caller."),
                        "422": problem("Invalid values; each field named.")
                    ])
                ]
            ]
        ]
    }

    static var assurancePaths: J {
        let notFound = problem("No such action visible to the caller.")
        return [
            "/api/v1/actions/{id}/evidence": [
                "parameters": [idParam],
                "post": [
                    "summary": "Record evidence on an action (JSON, or multipart with a file)",
                    "operationId": "createEvidence",
                    "requestBody": [
                        "required": true,
                        "content": [
                            "application/json": ["schema": ref("EvidenceCreate")],
                            "multipart/form-data": ["schema": ref("EvidenceUpload")]
                        ]
                    ],
                    "responses": responses([
                        "201": ok(ref("Evidence"), "Created"), "403": problem("Commissioners do not record evidence."),
                        "404": notFound, "413": problem("The upload is over the size limit."),
                        "422": problem("Invalid values or a refused file; each field named.")
                    ])
                ]
            ],
            "/api/v1/evidence/{id}": [
                "parameters": [idParam],
                "get": [
                    "summary": "One item of evidence", "operationId": "getEvidence",
                    "responses": responses([
                        "200": ok(ref("Evidence")), "404": problem("No such evidence visible to the caller.")
                    ])
                ]
            ],
            "/api/v1/evidence/{id}/files/{file}": [
                "parameters": [idParam, ["name": "file", "in": "path", "required": true, "schema": str("uuid")]],
                "get": [
                    "summary": "Download an evidence file (as an attachment)", "operationId": "downloadEvidenceFile",
                    "responses": responses([
                        "200": [
                            "description": "The file, with the type it was recognised as when stored",
                            "content": Dictionary(
                                uniqueKeysWithValues: (FileCheck.safeDownloadTypes.union(["application/octet-stream"]))
                                    .sorted()
                                    .map { ($0, ["schema": ["type": "string"]] as Any) })
                        ],
                        "404": problem("No such file visible to the caller.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}/reviews": [
                "parameters": [idParam],
                "post": [
                    "summary": "Record an assurance review (not by the action's lead)", "operationId": "createReview",
                    "requestBody": body(ref("ReviewCreate")),
                    "responses": responses([
                        "201": ok(ref("Review"), "Created"),
                        "403": problem("The lead records progress updates; commissioners record nothing."),
                        "404": notFound, "422": problem("Invalid values; each field named.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}/evidence-requests": [
                "parameters": [idParam],
                "post": [
                    "summary": "Request evidence from a person", "operationId": "createEvidenceRequest",
                    "requestBody": body(ref("EvidenceRequestCreate")),
                    "responses": responses([
                        "201": ok(ref("EvidenceRequest"), "Created"),
                        "403": problem("Commissioners do not request evidence."),
                        "404": notFound, "422": problem("Invalid values; each field named.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}/closure": [
                "parameters": [idParam],
                "get": [
                    "summary": "Ask the closure gate, at any time", "operationId": "getClosure",
                    "responses": responses(["200": ok(ref("Closure")), "404": notFound])
                ]
            ],
            "/api/v1/actions/{id}/close": [
                "parameters": [idParam],
                "post": [
                    "summary": "Sign the closure off (senior reviewer only)", "operationId": "closeAction",
                    "requestBody": ["required": false, "content": ["application/json": ["schema": ref("Close")]]],
                    "responses": responses([
                        "200": ok(ref("Action")), "403": problem("The caller is not the senior reviewer."),
                        "404": notFound, "422": problem("The gate is not met: each unmet condition named by its code.")
                    ])
                ]
            ],
            "/api/v1/actions/{id}/reaudits": [
                "parameters": [idParam],
                "post": [
                    "summary": "Record a re-audit of an action in monitoring", "operationId": "createReAudit",
                    "requestBody": body(ref("ReAuditCreate")),
                    "responses": responses([
                        "201": ok(ref("Action"), "Recorded; the action is sustained or reopened"),
                        "403": problem("Only a registered manager or above, or the senior reviewer."),
                        "404": notFound, "422": problem("Not in monitoring, or no finding.")
                    ])
                ]
            ]
        ]
    }

    static var indicatorSchemas: J {
        let directions = SPC.Direction.allCases.map(\.rawValue)
        let indicator: J = [
            "id": str("uuid"), "name": str(), "unit": str(), "period": enumOf(["week", "month"]),
            "direction": enumOf(directions),
            "target": ["type": ["number", "null"]], "statements": array(str()), "version": int,
            "warn_on": ["type": ["string", "null"], "enum": ["rise", "fall", NSNull()]]
        ]
        let variations = ["common_cause", "improvement", "concern", "neutral_high", "neutral_low"]
        let nullableNumber: J = ["type": ["number", "null"]]
        let point: J = [
            "period": str(), "value": number, "mean": nullableNumber, "lower_limit": nullableNumber,
            "upper_limit": nullableNumber,
            "variation": enumOf(variations), "rule": ["type": ["integer", "null"]], "in_baseline": ["type": "boolean"]
        ]
        let period: J = [
            "start": str(), "points": int, "baseline_points": int, "has_limits": ["type": "boolean"],
            "reason": str(nullable: true), "run_chart_median": nullableNumber
        ]
        let ref2 = object(["id": str("uuid"), "name": str()], required: ["id", "name"])
        let warning = object(
            ["indicator_id": str("uuid"), "indicator": str(), "period": str(), "value": number],
            required: ["indicator_id", "indicator", "period", "value"])
        let figures: J = [
            "service": ref2, "live_actions": int, "extreme_or_high": int,
            "flags": ["type": "object", "additionalProperties": int],
            "early_warnings": array(warning),
            "drift": array(
                object(
                    ["kind": enumOf(Drift.Kind.allCases.map(\.rawValue)), "reason": str()],
                    required: ["kind", "reason"])),
            "after_closure": ["type": "object", "additionalProperties": int]
        ]
        let mapRow: J = [
            "service": ref2, "theme": str(), "action_id": str("uuid"), "reference": str(), "title": str(),
            "band": enumOf(bands),
            "status": enumOf(statuses), "evidence_sources": array(str()), "owner": ref("Person"), "review_route": str(),
            "rag": ["type": ["string", "null"], "enum": ["red", "amber", "green", NSNull()]],
            "next_review_day": str("date")
        ]
        return [
            "Indicator": object(indicator, required: Array(indicator.keys).filter { $0 != "warn_on" }.sorted()),
            "IndicatorCreate": object(
                [
                    "name": str(), "unit": str(), "period": enumOf(["week", "month"]), "direction": enumOf(directions),
                    "target": number, "statements": array(str()), "warn_on": enumOf(["rise", "fall"])
                ],
                required: ["name", "unit", "period", "direction"]),
            "IndicatorList": object(
                [
                    "items": array(ref("Indicator")),
                    "metadata": object(["page": int, "per": int, "total": int], required: ["page", "per", "total"])
                ],
                required: ["items", "metadata"]),
            "ValuesUpsert": object(
                [
                    "values": array(
                        object(
                            ["service_id": str("uuid"), "indicator_id": str("uuid"), "period": str(), "value": number],
                            required: ["service_id", "indicator_id", "period", "value"]))
                ], required: ["values"]),
            "ValuesResult": object(
                ["created": int, "updated": int, "unchanged": int], required: ["created", "updated", "unchanged"]),
            "Series": object(
                [
                    "indicator": ref("Indicator"), "service": ref2,
                    "points": array(object(point, required: Array(point.keys).sorted())),
                    "periods": array(object(period, required: ["start", "points", "baseline_points", "has_limits"])),
                    "assurance": [
                        "type": ["string", "null"],
                        "enum": [
                            "hit_and_miss", "consistently_passing", "consistently_failing",
                            NSNull()
                        ]
                    ],
                    "so_far": object(["period": str(), "value": number], required: ["period", "value"]),
                    "settings_reason": str()
                ],
                required: ["indicator", "service", "points", "periods"]),
            "SeriesSettings": object(
                ["baseline_points": int, "rebases": array(str()), "reason": str(), "version": int],
                required: ["rebases", "reason"]),
            "Dashboard": object(
                ["services": array(object(figures, required: Array(figures.keys).sorted()))], required: ["services"]),
            "RecoveryMap": object(
                [
                    "items": array(object(mapRow, required: Array(mapRow.keys).sorted())),
                    "metadata": object(["page": int, "per": int, "total": int], required: ["page", "per", "total"])
                ], required: ["items", "metadata"])
        ]
    }

    static var indicatorPaths: J {
        let paging = [
            query("page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage], "Page number, from 1"),
            query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)")
        ]
        return [
            "/api/v1/indicators": [
                "get": [
                    "summary": "The indicator catalogue", "operationId": "listIndicators", "parameters": paging,
                    "responses": responses(["200": ok(ref("IndicatorList"))])
                ],
                "post": [
                    "summary": "Add an indicator (quality lead, nominated individual, admin)",
                    "operationId": "createIndicator",
                    "requestBody": body(ref("IndicatorCreate")),
                    "responses": responses([
                        "201": ok(ref("Indicator"), "Created"), "403": problem("Role may not change the catalogue."),
                        "422": problem("Invalid values; each field named.")
                    ])
                ]
            ],
            "/api/v1/indicators/values": [
                "post": [
                    "summary": "Record values in bulk (all or nothing; the same period again updates it)",
                    "operationId": "upsertIndicatorValues",
                    "requestBody": body(ref("ValuesUpsert")),
                    "responses": responses([
                        "200": ok(ref("ValuesResult")), "403": problem("Role may not record values."),
                        "404": problem("An indicator or service is not visible."),
                        "422": problem("Invalid values; each item and field named, nothing saved.")
                    ])
                ]
            ],
            "/api/v1/indicators/{id}/services/{service}/spc": [
                "parameters": [idParam, ["name": "service", "in": "path", "required": true, "schema": str("uuid")]],
                "get": [
                    "summary": "A series' SPC analysis (XmR)", "operationId": "getSeriesSPC",
                    "responses": responses([
                        "200": ok(ref("Series")), "404": problem("No such indicator or service visible to the caller.")
                    ])
                ]
            ],
            "/api/v1/indicators/{id}/services/{service}/settings": [
                "parameters": [idParam, ["name": "service", "in": "path", "required": true, "schema": str("uuid")]],
                "put": [
                    "summary": "Rebase a series or fix its baseline, with a reason (a watched series waits for a "
                        + "quality lead or the nominated individual)", "operationId": "setSeriesSettings",
                    "requestBody": body(ref("SeriesSettings")),
                    "responses": responses([
                        "200": ok(ref("Series")),
                        "202": ok(
                            ref("ProposedChange"),
                            "The series is watched: the change waits for a second person"),
                        "403": problem("Only a registered manager or above."),
                        "404": problem("No such indicator or service visible to the caller."),
                        "409": problem("The settings' version is stale, or a change already waits."),
                        "422": problem("No reason, a bad period or too few points; each field named.")
                    ])
                ]
            ],
            "/api/v1/dashboard": [
                "get": [
                    "summary": "The dashboards' figures: every visible service, worst first",
                    "operationId": "getDashboard",
                    "responses": responses(["200": ok(ref("Dashboard"))])
                ]
            ],
            "/api/v1/map": [
                "get": [
                    "summary": "The recovery map, a page at a time (service name, highest risk, theme)",
                    "operationId": "getRecoveryMap",
                    "parameters": [
                        query("service", str("uuid"), "Service id"), query("band", enumOf(bands), "Risk band"),
                        query("theme", str(), "Priority risk (theme)"),
                        query(
                            "page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage],
                            "Page number, from 1"),
                        query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Rows per page (default 50)")
                    ],
                    "responses": responses([
                        "200": ok(ref("RecoveryMap")),
                        "400": problem("A bad filter or page; the field is named.")
                    ])
                ]
            ]
        ]
    }

    static var document: J {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Grip API", "version": "1.0.0",
                "description":
                    """
                Recovery governance for adult social care providers. Lists are {items, metadata: {page, per, \
                total}}; errors are RFC 9457 problem+json with per-field messages.
                """
            ],
            "servers": [["url": "/"]],
            "security": security,
            "paths": withBodyStatuses(allPaths),
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API token from Admin → API tokens or `grip token create`."
                    ]
                ]
            ]
        ]
    }

    static let json: String = {
        let data = try! JSONSerialization.data(
            withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }()

    /// (METHOD, path) pairs the document describes, with `{id}` for path parameters.
    static var operations: Set<String> {
        var out = Set<String>()
        for (path, item) in allPaths {
            for key in (item as! J).keys where key != "parameters" { out.insert("\(key.uppercased()) \(path)") }
        }
        return out
    }
}
