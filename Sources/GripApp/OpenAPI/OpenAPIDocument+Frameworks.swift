import Foundation
import GripCore

/// The OpenAPI description of frameworks, crosswalks and re-mapping (issue 22).
extension OpenAPIDocument {
    static var frameworkSchemas: J {
        let term = object(["id": str(), "title": str()], required: ["id", "title"])
        let item = object(["id": str(), "title": str(), "prompts": array(str())], required: ["id", "title"])
        let group = object(["id": str(), "title": str(), "items": array(item)], required: ["id", "title", "items"])
        let kinds = Framework.Kind.allCases.map(\.rawValue)
        return [
            // The file format: camelCase keys, as a provider admin writes it.
            "FrameworkDocument": object(
                [
                    "id": str(), "title": str(), "owner": str(), "kind": enumOf(kinds), "effectiveFrom": str("date"),
                    "effectiveTo": str("date"), "groupLabel": str(), "itemLabel": str(), "itemsLabel": str(),
                    "note": str(),
                    "groups": array(group), "evidenceCategories": array(term), "ratingScale": array(term)
                ], required: ["id", "title", "owner", "kind", "effectiveFrom", "groups"]),
            "FrameworkVersion": object(
                [
                    "id": str(), "title": str(), "owner": str(), "kind": enumOf(kinds), "effective_from": str("date"),
                    "effective_to": str("date", nullable: true), "items": int, "in_force": ["type": "boolean"],
                    "bundled": ["type": "boolean"]
                ], required: ["id", "title", "owner", "kind", "effective_from", "items", "in_force", "bundled"]),
            "FrameworkInForce": object(
                ["framework": str(), "since": str("date", nullable: true)],
                required: ["framework"]),
            "CommissionerFramework": object(
                [
                    "commissioner": str(), "framework": str(), "effective_on": str("date"),
                    "version": int
                ],
                required: ["commissioner", "framework", "effective_on", "version"]),
            "Frameworks": object(
                [
                    "in_force": ref("FrameworkInForce"), "versions": array(ref("FrameworkVersion")),
                    "crosswalks": array(
                        object(
                            ["from": str(), "to": str(), "rows": int],
                            required: ["from", "to", "rows"])),
                    "commissioners": array(ref("CommissionerFramework"))
                ], required: ["in_force", "versions", "crosswalks", "commissioners"]),
            "Crosswalk": object(
                [
                    "from": str(), "to": str(),
                    "rows": array(
                        object(
                            ["from_item": str(nullable: true), "to_item": str(nullable: true), "basis": str()],
                            required: ["basis"]))
                ], required: ["from", "to", "rows"]),
            "RemapPlan": object(
                [
                    "from": str(), "to": str(), "crosswalk": ["type": "boolean"], "digest": str(),
                    "lines": array(
                        object(
                            [
                                "action_id": str("uuid"), "reference": str(),
                                "outcome": enumOf(["already-mapped", "proposed", "needs-choice", "not-mapped"]),
                                "from": array(str()), "existing": array(str()),
                                "proposed": array(
                                    object(
                                        ["item": str(), "via": array(str()), "bases": array(str())],
                                        required: ["item", "via", "bases"])),
                                "unmapped": array(
                                    object(["item": str(), "reason": str(nullable: true)], required: ["item"]))
                            ],
                            required: [
                                "action_id", "reference", "outcome", "from", "existing", "proposed", "unmapped"
                            ]))
                ], required: ["from", "to", "crosswalk", "digest", "lines"]),
            "Mapping": object(["framework": str(), "item": str()], required: ["framework", "item"])
        ]
    }

    static var frameworkPaths: J {
        let csv: J = ["schema": ["type": "string"]]
        let upload: J = [
            "schema": object(
                ["file": ["type": "string", "contentMediaType": "application/octet-stream"]],
                required: ["file"])
        ]
        let notProvider = problem("Commissioners read packs, not the provider's frameworks.")
        let notAdmin = problem("Only a provider admin loads frameworks and chooses the one in force.")
        let notQL = problem("Re-mapping is confirmed by a quality lead or the nominated individual.")
        return [
            "/api/v1/frameworks": [
                "get": [
                    "summary": "Framework versions the organisation can use, the one in force, crosswalks and "
                        + "commissioners' frameworks", "operationId": "listFrameworks",
                    "responses": responses(["200": ok(ref("Frameworks")), "403": notProvider])
                ],
                "post": [
                    "summary": "Load a framework version: the body is the file, JSON (FrameworkDocument) or "
                        + "CSV (one row per item); a file with any problem loads nothing",
                    "operationId": "loadFramework",
                    "requestBody": [
                        "required": true,
                        "content": [
                            "application/json": ["schema": ref("FrameworkDocument")],
                            "text/csv": csv, "multipart/form-data": upload
                        ]
                    ],
                    "responses": responses([
                        "201": ok(ref("FrameworkVersion"), "Loaded"), "403": notAdmin,
                        "422": problem(
                            "Problems by row and column (CSV) or path (JSON), all under the field file; "
                                + "or the id is already loaded.")
                    ])
                ]
            ],
            "/api/v1/frameworks/in-force": [
                "put": [
                    "summary": "Put a regulator framework version in force (from a day, default today); send the "
                        + "version you saw in force as expected", "operationId": "chooseFrameworkInForce",
                    "requestBody": body(
                        object(
                            ["framework": str(), "effective_on": str("date"), "expected": str()],
                            required: ["framework"])),
                    "responses": responses([
                        "200": ok(ref("FrameworkInForce")), "403": notAdmin,
                        "409": problem("Someone else changed the framework in force first."),
                        "422": problem(
                            "Not loaded, not a regulator's framework, or a day in the future; the field "
                                + "is named.")
                    ])
                ]
            ],
            "/api/v1/frameworks/commissioners": [
                "put": [
                    "summary": "Name the framework a commissioner assesses against (an empty framework removes it)",
                    "operationId": "chooseCommissionerFramework",
                    "requestBody": body(
                        object(
                            [
                                "commissioner": str(), "framework": str(),
                                "effective_on": str("date"), "version": int
                            ],
                            required: ["commissioner"])),
                    "responses": responses([
                        "200": ok(ref("CommissionerFramework")),
                        "204": ["description": "The commissioner's framework was removed"],
                        "403": notAdmin, "409": problem("The version is stale."),
                        "422": problem("No commissioner named, or the framework is not loaded.")
                    ])
                ]
            ],
            "/api/v1/frameworks/{framework}": [
                "parameters": [["name": "framework", "in": "path", "required": true, "schema": str()]],
                "get": [
                    "summary": "One framework version as its document (the file format)",
                    "operationId": "getFramework",
                    "responses": responses([
                        "200": ok(ref("FrameworkDocument")), "403": notProvider,
                        "404": problem("No such version here.")
                    ])
                ]
            ],
            "/api/v1/crosswalks": [
                "post": [
                    "summary": "Load a crosswalk (CSV: from_framework, from_item, to_framework, to_item, "
                        + "basis); it replaces one between the same two versions", "operationId": "loadCrosswalk",
                    "requestBody": [
                        "required": true,
                        "content": ["text/csv": csv, "multipart/form-data": upload]
                    ],
                    "responses": responses([
                        "201": ok(ref("Crosswalk"), "Loaded"), "403": notAdmin,
                        "422": problem("Problems by row and column, under the field file.")
                    ])
                ]
            ],
            "/api/v1/crosswalks/{from}/{to}": [
                "parameters": [
                    ["name": "from", "in": "path", "required": true, "schema": str()],
                    ["name": "to", "in": "path", "required": true, "schema": str()]
                ],
                "get": [
                    "summary": "A crosswalk's rows, each with its basis", "operationId": "getCrosswalk",
                    "responses": responses([
                        "200": ok(ref("Crosswalk")), "403": notProvider,
                        "404": problem("No crosswalk from that version to that one.")
                    ])
                ]
            ],
            "/api/v1/remap": [
                "get": [
                    "summary": "What re-mapping every action from one version (default: the one in force) to "
                        + "another would do", "operationId": "getRemapPlan",
                    "parameters": [
                        query("from", str(), "The version re-mapped from (default: in force)"),
                        query("to", str(), "The version re-mapped to")
                    ],
                    "responses": responses([
                        "200": ok(ref("RemapPlan")), "403": notQL,
                        "422": problem("A version is not loaded, or none is named.")
                    ])
                ],
                "post": [
                    "summary": "Confirm the proposed mappings of the actions named, in one audited transaction",
                    "operationId": "confirmRemap",
                    "requestBody": body(
                        object(
                            [
                                "from": str(), "to": str(), "digest": str(),
                                "actions": array(str("uuid"))
                            ],
                            required: ["to", "digest", "actions"])),
                    "responses": responses([
                        "200": ok(object(["remapped": int], required: ["remapped"])),
                        "403": notQL,
                        "409": problem("The plan changed since it was read: read it again."),
                        "422": problem("No action with a proposed mapping named.")
                    ])
                ]
            ]
        ]
    }
}
