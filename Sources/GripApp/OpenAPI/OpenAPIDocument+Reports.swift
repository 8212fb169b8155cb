import Foundation
import GripCore

/// The OpenAPI description of packs and exports.
extension OpenAPIDocument {
    static var reportSchemas: J {
        let figure = object(["label": str(), "value": int, "href": str()], required: ["label", "value", "href"])
        let line = object(
            ["label": str(), "text": str(), "detail": str(), "href": str(nullable: true)],
            required: ["label", "text", "detail"])
        let chart = object(
            ["title": str(), "href": str(), "narrative": str(), "svg": str()],
            required: ["title", "href", "narrative", "svg"])
        let cell = object(
            [
                "text": str(), "href": str(nullable: true), "svg": str(nullable: true),
                "numeric": ["type": "boolean"], "nowrap": ["type": "boolean"]
            ],
            required: ["text", "numeric", "nowrap"])
        let table = object(
            ["caption": str(), "header": array(str()), "rows": array(array(cell))],
            required: ["caption", "header", "rows"])
        return [
            "PackSection": object(
                [
                    "id": str(), "title": str(), "intro": str(), "figures": array(figure), "lines": array(line),
                    "charts": array(chart), "tables": array(table),
                    "subsections": array(ref("PackSection")), "list": ["type": "boolean"], "empty": str()
                ],
                required: [
                    "id", "title", "intro", "figures", "lines", "charts", "tables", "subsections", "list", "empty"
                ]),
            "ImportResult": object(
                [
                    "checked": int, "imported": int, "dry_run": ["type": "boolean"],
                    "actions": array(object(["id": str("uuid"), "name": str()], required: ["id", "name"]))
                ],
                required: ["checked", "imported", "dry_run", "actions"]),
            "Pack": object(
                [
                    "kind": enumOf(Pack.Kind.allCases.map(\.rawValue)), "title": str(), "organisation": str(),
                    "period": str(),
                    "from": str("date"), "to": str("date"), "generated": str(), "services": array(str()),
                    "framework": str(), "framework_id": str(), "sections": array(ref("PackSection")),
                    "appendices": array(ref("PackSection"))
                ],
                required: [
                    "kind", "title", "organisation", "period", "from", "to", "generated", "services",
                    "framework", "framework_id", "sections", "appendices"
                ])
        ]
    }

    static var reportPaths: J {
        let file: (String) -> J = { type in ["schema": ["type": "string"]] as J }
        let spreadsheet: J = [
            "description": "The spreadsheet, as an attachment",
            "content": [
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": file("xlsx"),
                "text/csv": file("csv")
            ]
        ]
        let format = query("format", enumOf(["xlsx", "csv"]), "xlsx (default) or csv")
        return [
            "/api/v1/reports/{kind}": [
                "parameters": [
                    [
                        "name": "kind", "in": "path", "required": true,
                        "schema": enumOf(Pack.Kind.allCases.map(\.rawValue))
                    ]
                ],
                "get": [
                    "summary":
                        """
                    A pack for a period and services: JSON (default), print-ready HTML, PDF (needs Chromium) \
                    or the CSV appendix
                    """,
                    "operationId": "getReport",
                    "parameters": [
                        query(
                            "services", str(),
                            "Service ids, comma-separated (default: every service the caller can see)"),
                        query("from", str(), "First day, 2026-08-01 or 1/8/2026 (default: the last three full months)"),
                        query("to", str(), "Last day"),
                        query(
                            "format", enumOf(["json", "html", "pdf", "csv"]),
                            "json (default), html, pdf or csv"),
                        query(
                            "framework", str(),
                            "The framework version to make it under "
                                + "(default: the one in force)")
                    ],
                    "responses": responses([
                        "200": [
                            "description": "The pack",
                            "content": [
                                "application/json": ["schema": ref("Pack")], "text/html": file("html"),
                                "application/pdf": file("pdf"), "text/csv": file("csv")
                            ]
                        ],
                        "403": problem("Packs are for registered managers and above, and commissioners."),
                        "404": problem("No such pack."),
                        "422": problem("A service that is not the caller's, or none."),
                        "503": problem(
                            "PDF asked for where Chromium is not installed; the message says how to install it.")
                    ])
                ]
            ],
            "/api/v1/exports/actions": [
                "get": [
                    "summary": "The action list (with the list's filters, every page) as XLSX or CSV",
                    "operationId": "exportActions",
                    "parameters": [
                        format, query("status", enumOf(statuses), "Status"), query("service", str("uuid"), "Service"),
                        query("band", enumOf(bands), "Risk band"), query("lead", str("uuid"), "Lead"),
                        query("statement", str(), "Quality statement id"),
                        query("overdue", ["type": "boolean"], "Only overdue")
                    ],
                    "responses": responses(["200": spreadsheet])
                ]
            ],
            "/api/v1/imports/actions": [
                "post": [
                    "summary":
                        """
                    Import an action plan spreadsheet (CSV or XLSX; columns matched by header name), all or \
                    nothing
                    """,
                    "operationId": "importActions",
                    "parameters": [query("dry_run", ["type": "boolean"], "Check every row without importing")],
                    "requestBody": [
                        "required": true,
                        "content": [
                            "text/csv": file("csv"),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": file("xlsx"),
                            "multipart/form-data": [
                                "schema": object(
                                    ["file": ["type": "string", "contentMediaType": "application/octet-stream"]],
                                    required: ["file"])
                            ]
                        ]
                    ],
                    "responses": responses([
                        "200": ok(ref("ImportResult"), "Checked (dry run): nothing imported"),
                        "201": ok(ref("ImportResult"), "Imported"),
                        "403": problem("Importing actions needs a registered manager or above."),
                        "413": problem("The file is too large."),
                        "422": problem("Every problem, each named \"row N, column\"; nothing was imported.")
                    ])
                ]
            ],
            "/api/v1/exports/map": [
                "get": [
                    "summary": "The recovery map as XLSX or CSV", "operationId": "exportMap",
                    "parameters": [
                        format, query("service", str("uuid"), "Service"), query("band", enumOf(bands), "Risk band"),
                        query("theme", str(), "Theme")
                    ],
                    "responses": responses(["200": spreadsheet])
                ]
            ]
        ]
    }
}
