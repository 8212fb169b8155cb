import GripCore

/// The OpenAPI description of safety-critical operating models (issue 36).
extension OpenAPIDocument {
    static var safetyModelSchemas: J {
        let bool: J = ["type": "boolean"]
        let check: J = object(
            ["key": str(), "title": str(), "times_a_day": int, "every_shift": bool],
            required: ["key", "title", "every_shift"])
        let methods = enumOf(SafetyModel.VerificationMethod.allCases.map(\.rawValue))
        return [
            "SafetyModel": object(
                [
                    "id": str("uuid"), "version": int, "service_id": str("uuid"), "title": str(),
                    "start_day": str("date"), "planned_end_day": str("date"), "re_sign_days": int,
                    "shifts_per_day": int, "owner": str(), "completed_by": str(), "verified_by": str(),
                    "checks": array(check), "protects": array(str("uuid")),
                    "state": enumOf(["not_started", "in_force", "lapsed", "stood_down"]), "state_label": str(),
                    "stood_down_on": str("date", nullable: true), "stand_down_evidence": str(nullable: true),
                    "signed_on": array(str("date")),
                    "rates": array(
                        object(
                            ["day": str("date"), "due": int, "done": int, "verified": int],
                            required: ["day", "due", "done", "verified"])),
                    "lapses": array(
                        object(["from": str("date"), "to": str("date", nullable: true)], required: ["from"]))
                ],
                required: [
                    "id", "version", "service_id", "title", "start_day", "planned_end_day", "re_sign_days",
                    "shifts_per_day", "owner", "completed_by", "verified_by", "checks", "protects", "state",
                    "state_label"
                ]),
            "SafetyModelCreate": object(
                [
                    "title": str(), "start_day": str("date"), "planned_end_day": str("date"), "re_sign_days": int,
                    "shifts_per_day": int, "completed_by": str(), "verified_by": str(),
                    "checks": array(
                        object(
                            ["title": str(), "times_a_day": int, "every_shift": bool], required: ["title"])),
                    "protects": array(str("uuid"))
                ],
                required: ["title", "start_day", "planned_end_day", "completed_by", "verified_by", "checks"]),
            "SafetyCheck": object(
                ["id": str("uuid"), "model_id": str("uuid"), "day": str("date"), "check": str()],
                required: ["id", "model_id", "day", "check"]),
            "SafetyCheckCreate": object(["check": str(), "day": str("date")], required: ["check"]),
            "SafetyVerification": object(
                [
                    "id": str("uuid"), "model_id": str("uuid"), "day": str("date"), "check": str(),
                    "method": methods, "held": bool, "found": str()
                ], required: ["id", "model_id", "day", "check", "method", "held", "found"]),
            "SafetyVerificationCreate": object(
                ["check": str(), "day": str("date"), "method": methods, "held": bool, "found": str()],
                required: ["check", "day", "method", "held", "found"]),
            "SafetyModelReSign": object(["version": int], required: ["version"]),
            "SafetyModelStandDown": object(["version": int, "evidence": str()], required: ["version", "evidence"])
        ]
    }

    static var safetyModelPaths: J {
        let modelParam: J = ["name": "model", "in": "path", "required": true, "schema": str("uuid")]
        let notFound = problem("No such safety-critical operating model on the caller's services.")
        let days = "a day before the model started, after its stand-down, in the future or over 7 days ago"
        return [
            "/api/v1/services/{id}/safety-models": [
                "get": [
                    "summary": "A service's safety-critical operating models, newest first, each with where it stands",
                    "operationId": "listSafetyModels", "parameters": [idParam],
                    "responses": responses([
                        "200": ok(array(ref("SafetyModel"))),
                        "403": problem("Commissioners read the models in the commissioner pack."),
                        "404": problem("No such service visible to the caller.")
                    ])
                ],
                "post": [
                    "summary": "Set up a model (a registered manager or above): its owner is the caller, whose "
                        + "set-up is its first signature",
                    "operationId": "createSafetyModel", "parameters": [idParam],
                    "requestBody": body(ref("SafetyModelCreate")),
                    "responses": responses([
                        "201": ok(ref("SafetyModel"), "Set up"),
                        "403": problem("A registered manager or above sets a model up."),
                        "404": problem("No such service visible to the caller."),
                        "422": problem(
                            "A title, day, check, frequency, re-sign interval or shift count missing or out of "
                                + "bounds, or an action of another service; each is named.")
                    ])
                ]
            ],
            "/api/v1/safety-models/{model}": [
                "get": [
                    "summary": "One model: its checks, signatures, daily completion and verification (up to 56 "
                        + "days) and lapses",
                    "operationId": "getSafetyModel", "parameters": [modelParam],
                    "responses": responses([
                        "200": ok(ref("SafetyModel")),
                        "403": problem("Commissioners read the models in the commissioner pack."), "404": notFound
                    ])
                ]
            ],
            "/api/v1/safety-models/{model}/checks": [
                "post": [
                    "summary": "Record one check done (today unless a day is given)",
                    "operationId": "recordSafetyCheck", "parameters": [modelParam],
                    "requestBody": body(ref("SafetyCheckCreate")),
                    "responses": responses([
                        "201": ok(ref("SafetyCheck"), "Recorded"),
                        "403": problem("The provider's people record checks; commissioners do not."),
                        "404": notFound,
                        "422": problem("Not one of the model's checks, or \(days); the field is named.")
                    ])
                ]
            ],
            "/api/v1/safety-models/{model}/verifications": [
                "post": [
                    "summary": "Record a senior lead's verification of a day's check",
                    "operationId": "recordSafetyVerification", "parameters": [modelParam],
                    "requestBody": body(ref("SafetyVerificationCreate")),
                    "responses": responses([
                        "201": ok(ref("SafetyVerification"), "Recorded"),
                        "403": problem("A registered manager or above verifies."), "404": notFound,
                        "422": problem(
                            "No method, check, held or finding, or \(days); each is named.")
                    ])
                ]
            ],
            "/api/v1/safety-models/{model}/re-sign": [
                "post": [
                    "summary": "The owner re-signs the model today (a lapsed model is restored; the lapse stays)",
                    "operationId": "reSignSafetyModel", "parameters": [modelParam],
                    "requestBody": body(ref("SafetyModelReSign")),
                    "responses": responses([
                        "200": ok(ref("SafetyModel"), "Re-signed"),
                        "403": problem("Only the model's owner re-signs it."), "404": notFound,
                        "409": problem("The version is stale."),
                        "422": problem("No version, or the model has not started or is stood down.")
                    ])
                ]
            ],
            "/api/v1/safety-models/{model}/stand-down": [
                "post": [
                    "summary": "Propose the model's stand-down on evidence: held for a quality lead or the "
                        + "nominated individual who did not propose it (approve it at "
                        + "/api/v1/changes/{change}/approve)",
                    "operationId": "proposeStandDown", "parameters": [modelParam],
                    "requestBody": body(ref("SafetyModelStandDown")),
                    "responses": responses([
                        "202": ok(ref("ProposedChange"), "Held until a second person approves it"),
                        "403": problem("A registered manager or above proposes a stand-down."), "404": notFound,
                        "409": problem("A decision already waits, or the version is stale."),
                        "422": problem("The evidence is missing or short, or the model is stood down already.")
                    ])
                ]
            ]
        ]
    }
}

/// The OpenAPI description of learning across services (issue 36).
extension OpenAPIDocument {
    static var learningSchemas: J {
        let outcomes = enumOf(Learning.Outcome.allCases.map(\.rawValue))
        let check = object(
            [
                "id": str("uuid"), "service_id": str("uuid"), "service": str(), "due_day": str("date"),
                "checked_on": str("date", nullable: true), "outcome": outcomes, "note": str(), "version": int
            ], required: ["id", "service_id", "service", "due_day", "note", "version"])
        return [
            "LearningCheck": check,
            "Learning": object(
                [
                    "id": str("uuid"), "origin": enumOf(Learning.Origin.allCases.map(\.rawValue)),
                    "origin_id": str("uuid"), "origin_label": str(), "service_id": str("uuid"), "summary": str(),
                    "due_day": str("date"), "shared_by": str(), "checks": array(ref("LearningCheck"))
                ],
                required: [
                    "id", "origin", "origin_id", "origin_label", "service_id", "summary", "due_day", "shared_by",
                    "checks"
                ]),
            "LearningList": object(["items": array(ref("Learning"))], required: ["items"]),
            "LearningCreate": object(
                [
                    "origin": enumOf(Learning.Origin.allCases.map(\.rawValue)), "origin_id": str("uuid"),
                    "summary": str(), "services": array(str("uuid")), "due_day": str("date")
                ], required: ["origin", "origin_id", "summary", "services", "due_day"]),
            "LearningCheckRecord": object(
                ["outcome": outcomes, "note": str(), "version": int], required: ["outcome", "version"])
        ]
    }

    static var learningPaths: J {
        let checkParam: J = ["name": "check", "in": "path", "required": true, "schema": str("uuid")]
        return [
            "/api/v1/learning": [
                "get": [
                    "summary": "The learning log, newest first (at most 100): learning from the caller's services "
                        + "and learning applied to them, with each service's check",
                    "operationId": "listLearning",
                    "responses": responses([
                        "200": ok(ref("LearningList")),
                        "403": problem("Commissioners do not read the provider's learning log.")
                    ])
                ],
                "post": [
                    "summary": "Share learning from a finding, a closed action or an escalation with other services "
                        + "(a quality lead or the nominated individual): each gets a check due on the day given",
                    "operationId": "shareLearning",
                    "requestBody": body(ref("LearningCreate")),
                    "responses": responses([
                        "201": ok(ref("Learning"), "Shared"),
                        "403": problem("Only a quality lead or the nominated individual shares learning."),
                        "404": problem("No such finding, action or escalation visible to the caller."),
                        "422": problem(
                            "No origin, an action not closed, a summary out of bounds, no other service or its own, "
                                + "a service twice, or a due day in the past; each is named.")
                    ])
                ]
            ],
            "/api/v1/learning/checks/{check}": [
                "post": [
                    "summary": "Record what a service's check of shared learning found (once)",
                    "operationId": "recordLearningCheck", "parameters": [checkParam],
                    "requestBody": body(ref("LearningCheckRecord")),
                    "responses": responses([
                        "200": ok(ref("LearningCheck"), "Recorded"),
                        "403": problem("A registered manager or above of the service records it."),
                        "404": problem("No such check on the caller's services."),
                        "409": problem("Already recorded, or the version is stale."),
                        "422": problem("No outcome, or no note where the outcome needs one; each is named.")
                    ])
                ]
            ]
        ]
    }
}
