import Foundation
import GripCore

/// The OpenAPI description of review routes, meetings, minutes and the decision log.
extension OpenAPIDocument {
    static var meetingSchemas: J {
        let statuses = MeetingStatus.allCases.map(\.rawValue)
        let ref2 = object(["id": str("uuid"), "name": str()], required: ["id", "name"])
        let nullableUUID = str("uuid", nullable: true)
        func list(_ item: String) -> J {
            object(
                [
                    "items": array(ref(item)),
                    "metadata": object(["page": int, "per": int, "total": int], required: ["page", "per", "total"])
                ],
                required: ["items", "metadata"])
        }
        let route: J = [
            "id": str("uuid"), "name": str(), "kind": enumOf(RouteKind.allCases.map(\.rawValue)), "cadence_days": int,
            "services": array(ref2), "members": array(ref("Person")), "last_held": str("date", nullable: true),
            "next_scheduled": str("date", nullable: true), "next_due": str("date"), "version": int
        ]
        let summary: J = [
            "id": str("uuid"), "route": ref2, "day": str("date"), "status": enumOf(statuses), "version": int
        ]
        let attendee = object(
            ["person": ref("Person"), "presence": enumOf(Presence.allCases.map(\.rawValue))],
            required: ["person", "presence"])
        let addendum = object(
            ["seq": int, "author": ref("Person"), "at": str("date-time", nullable: true), "text": str()],
            required: ["seq", "author", "text"])
        let meeting: J = [
            "id": str("uuid"), "route": ref2, "day": str("date"), "status": enumOf(statuses), "others_present": str(),
            "attendance": array(attendee), "approved_by": ["oneOf": [ref("Person"), ["type": "null"]]],
            "approved_at": str("date-time", nullable: true), "addenda": array(addendum), "version": int
        ]
        let agendaItem: J = [
            "id": nullableUUID, "position": int, "section": str(), "title": str(), "action_id": nullableUUID,
            "escalation_id": nullableUUID, "service_id": nullableUUID, "indicator_id": nullableUUID
        ]
        let decision: J = [
            "id": str("uuid"), "meeting_id": str("uuid"), "item_id": str("uuid"), "text": str(), "owner": ref("Person"),
            "service": ["oneOf": [ref2, ["type": "null"]]], "due_day": str("date"),
            "status": enumOf(DecisionStatus.allCases.map(\.rawValue)),
            "done_on": str("date", nullable: true), "done_note": str(), "version": int
        ]
        let challenge = object(
            [
                "id": str("uuid"), "challenger": ref("Person"), "challenge": str(), "answer": str(),
                "at": str("date-time", nullable: true)
            ],
            required: ["id", "challenger", "challenge", "answer"])
        var item = agendaItem
        item["id"] = str("uuid")
        item["discussion"] = str(); item["challenges"] = array(challenge); item["decisions"] = array(ref("Decision"))
        item["follow_up_action_ids"] = array(str("uuid")); item["version"] = int
        return [
            "Route": object(
                route, required: ["id", "name", "kind", "cadence_days", "services", "members", "next_due", "version"]),
            "RouteList": list("Route"),
            "RouteCalendar": object(
                [
                    "route": ref("Route"), "held": array(ref("MeetingSummary")),
                    "scheduled": array(ref("MeetingSummary"))
                ],
                required: ["route", "held", "scheduled"]),
            "MeetingSummary": object(summary, required: ["id", "route", "day", "status", "version"]),
            "MeetingList": list("MeetingSummary"),
            "Meeting": object(
                meeting,
                required: ["id", "route", "day", "status", "others_present", "attendance", "addenda", "version"]),
            "Agenda": object(
                [
                    "meeting_id": str("uuid"), "fixed": ["type": "boolean"],
                    "items": array(object(agendaItem, required: ["position", "section", "title"]))
                ],
                required: ["meeting_id", "fixed", "items"]),
            "ItemMinutes": object(
                item,
                required: [
                    "id", "position", "section", "title", "discussion", "challenges", "decisions",
                    "follow_up_action_ids", "version"
                ]),
            "Minutes": object(
                ["meeting": ref("Meeting"), "items": array(ref("ItemMinutes"))], required: ["meeting", "items"]),
            "Decision": object(
                decision,
                required: [
                    "id", "meeting_id", "item_id", "text", "owner", "due_day", "status", "done_note", "version"
                ]),
            "DecisionList": list("Decision"),
            "MeetingSchedule": object(["day": str("date")], required: ["day"]),
            "VersionOnly": object(["version": int], required: ["version"]),
            "AttendanceUpdate": object(
                [
                    "version": int, "others_present": str(),
                    "attendance": array(
                        object(
                            ["user_id": str("uuid"), "presence": enumOf(Presence.allCases.map(\.rawValue))],
                            required: ["user_id", "presence"]))
                ], required: ["version", "attendance"]),
            "DiscussionUpdate": object(["discussion": str(), "version": int], required: ["discussion", "version"]),
            "ChallengeCreate": object(
                ["challenger_id": str("uuid"), "challenge": str(), "answer": str()],
                required: ["challenger_id", "challenge", "answer"]),
            "DecisionCreate": object(
                ["text": str(), "owner_id": str("uuid"), "due_day": str("date")],
                required: ["text", "owner_id", "due_day"]),
            "FollowUpCreate": object(
                ["title": str(), "lead_id": str("uuid"), "reviewer_id": str("uuid"), "due_day": str("date")],
                required: ["title", "lead_id", "reviewer_id", "due_day"]),
            "AddendumCreate": object(["text": str()], required: ["text"]),
            "DecisionDone": object(["note": str(), "version": int], required: ["note", "version"]),
            "SharedGovernance": object(
                [
                    "from": str("date"), "to": str("date"),
                    "items": array(
                        object(
                            [
                                "meeting_id": str("uuid"), "route": str(), "day": str("date"),
                                "approved_at": str(
                                    "date-time",
                                    nullable: true),
                                "item_id": str("uuid"), "title": str(), "discussion": str(), "service": ref2,
                                "challenges": array(
                                    object(
                                        ["challenger": ref("Person"), "challenge": str(), "answer": str()],
                                        required: ["challenger", "challenge", "answer"])),
                                "decisions": array(
                                    object(
                                        [
                                            "id": str("uuid"), "text": str(), "owner": ref("Person"),
                                            "due_day": str("date"),
                                            "status": enumOf(DecisionStatus.allCases.map(\.rawValue)),
                                            "done_on": str("date", nullable: true)
                                        ],
                                        required: ["id", "text", "owner", "due_day", "status"]))
                            ],
                            required: [
                                "meeting_id", "route", "day", "item_id", "title", "discussion", "service", "challenges",
                                "decisions"
                            ]))
                ], required: ["from", "to", "items"])
        ]
    }

    static var meetingPaths: J {
        let paging = [
            query("page", ["type": "integer", "minimum": 1, "maximum": ActionFilter.maxPage], "Page number, from 1"),
            query("per", ["type": "integer", "minimum": 1, "maximum": 200], "Items per page (default 50)")
        ]
        let itemParam: J = ["name": "item", "in": "path", "required": true, "schema": str("uuid")]
        let forbidden = problem(
            """
            Commissioners do not see meetings; staff read them; scheduling and minutes need a registered manager \
            or above.
            """
        )
        let notFound = problem("No such meeting (or item) visible to the caller.")
        let locked = problem("The minutes are approved and locked (add an addendum), or the version is stale.")
        let invalid = problem("Invalid values, or the minutes are not started; each field named.")
        func write(_ ok: J, _ extra: J = [:]) -> J {
            responses(
                ok.merging(["403": forbidden, "404": notFound, "409": locked, "422": invalid]) { a, _ in a }.merging(
                    extra
                ) { a, _ in a })
        }
        return [
            "/api/v1/governance": [
                "get": [
                    "summary": "Approved minutes about the caller's services, with challenges and decisions "
                        + "(commissioners see only their services; never draft minutes)",
                    "operationId": "getSharedGovernance",
                    "parameters": [
                        query("service", str("uuid"), "One of the caller's services"),
                        query("from", str("date"), "First day (default: six months ago)"),
                        query("to", str("date"), "Last day (default: today)")
                    ],
                    "responses": responses([
                        "200": ok(ref("SharedGovernance")),
                        "400": problem("A bad service id or period; the field is named."),
                        "404": problem("The service is not one of the caller's.")
                    ])
                ]
            ],
            "/api/v1/routes": [
                "get": [
                    "summary": "Review routes the caller can see, with their next meeting due",
                    "operationId": "listRoutes", "parameters": paging,
                    "responses": responses(["200": ok(ref("RouteList")), "403": forbidden])
                ]
            ],
            "/api/v1/routes/{id}": [
                "parameters": [idParam],
                "get": [
                    "summary": "A review route and its calendar of held and scheduled meetings",
                    "operationId": "getRoute",
                    "responses": responses([
                        "200": ok(ref("RouteCalendar")), "403": forbidden,
                        "404": problem("No such review route visible to the caller.")
                    ])
                ]
            ],
            "/api/v1/routes/{id}/meetings": [
                "parameters": [idParam],
                "post": [
                    "summary": "Schedule a meeting of the route", "operationId": "scheduleMeeting",
                    "requestBody": body(ref("MeetingSchedule")),
                    "responses": responses([
                        "201": ok(ref("Meeting"), "Scheduled"), "403": forbidden,
                        "404": problem("No such review route visible to the caller."),
                        "422": problem("The day is missing, taken or too far off.")
                    ])
                ]
            ],
            "/api/v1/meetings": [
                "get": [
                    "summary": "Meetings of the caller's routes, newest first", "operationId": "listMeetings",
                    "parameters": paging + [
                        query("route", str("uuid"), "Only this review route"),
                        query("status", enumOf(MeetingStatus.allCases.map(\.rawValue)), "Only this status")
                    ],
                    "responses": responses(["200": ok(ref("MeetingList")), "403": forbidden])
                ]
            ],
            "/api/v1/meetings/{id}": [
                "parameters": [idParam],
                "get": [
                    "summary": "A meeting: status, attendance, approval and addenda", "operationId": "getMeeting",
                    "responses": responses(["200": ok(ref("Meeting")), "403": forbidden, "404": notFound])
                ]
            ],
            "/api/v1/meetings/{id}/agenda": [
                "parameters": [idParam],
                "get": [
                    "summary": "The agenda: built live from the data until the minutes start, then fixed",
                    "operationId": "getAgenda",
                    "responses": responses(["200": ok(ref("Agenda")), "403": forbidden, "404": notFound])
                ]
            ],
            "/api/v1/meetings/{id}/minutes": [
                "parameters": [idParam],
                "get": [
                    "summary": "The minutes: every item with discussion, challenges, decisions and follow-up actions",
                    "operationId": "getMinutes",
                    "responses": responses(["200": ok(ref("Minutes")), "403": forbidden, "404": notFound])
                ]
            ],
            "/api/v1/meetings/{id}/start": [
                "parameters": [idParam],
                "post": [
                    "summary": "Start the minutes (fixes the agenda); from the meeting's day",
                    "operationId": "startMinutes", "requestBody": body(ref("VersionOnly")),
                    "responses": write(["200": ok(ref("Meeting"))])
                ]
            ],
            "/api/v1/meetings/{id}/attendance": [
                "parameters": [idParam],
                "put": [
                    "summary": "Record attendance and apologies", "operationId": "setAttendance",
                    "requestBody": body(ref("AttendanceUpdate")),
                    "responses": write(["200": ok(ref("Meeting"))])
                ]
            ],
            "/api/v1/meetings/{id}/items/{item}/discussion": [
                "parameters": [idParam, itemParam],
                "put": [
                    "summary": "Minute the discussion of an item", "operationId": "setDiscussion",
                    "requestBody": body(ref("DiscussionUpdate")),
                    "responses": write(["200": ok(ref("ItemMinutes"))])
                ]
            ],
            "/api/v1/meetings/{id}/items/{item}/challenges": [
                "parameters": [idParam, itemParam],
                "post": [
                    "summary": "Minute a challenge: who challenged what, and the answer", "operationId": "addChallenge",
                    "requestBody": body(ref("ChallengeCreate")),
                    "responses": write(["201": ok(ref("ItemMinutes"), "Added")])
                ]
            ],
            "/api/v1/meetings/{id}/items/{item}/decisions": [
                "parameters": [idParam, itemParam],
                "post": [
                    "summary": "Log a decision with its owner and due day", "operationId": "addDecision",
                    "requestBody": body(ref("DecisionCreate")),
                    "responses": write(["201": ok(ref("Decision"), "Logged")])
                ]
            ],
            "/api/v1/meetings/{id}/items/{item}/follow-ups": [
                "parameters": [idParam, itemParam],
                "post": [
                    "summary":
                        """
                    Raise a follow-up action on an action's item (it takes the action's service, measure, \
                    risk and route)
                    """,
                    "operationId": "addFollowUp", "requestBody": body(ref("FollowUpCreate")),
                    "responses": write(["201": ok(ref("Action"), "Raised")])
                ]
            ],
            "/api/v1/meetings/{id}/approve": [
                "parameters": [idParam],
                "post": [
                    "summary": "Approve and lock the minutes (needs attendance with someone present)",
                    "operationId": "approveMinutes",
                    "requestBody": body(ref("VersionOnly")), "responses": write(["200": ok(ref("Meeting"))])
                ]
            ],
            "/api/v1/meetings/{id}/addenda": [
                "parameters": [idParam],
                "post": [
                    "summary": "Add an addendum to approved minutes", "operationId": "addAddendum",
                    "requestBody": body(ref("AddendumCreate")),
                    "responses": responses([
                        "201": ok(ref("Meeting"), "Added"), "403": forbidden, "404": notFound,
                        "422": problem("Empty, or the minutes are not yet approved.")
                    ])
                ]
            ],
            "/api/v1/decisions": [
                "get": [
                    "summary": "The decision log, searchable", "operationId": "listDecisions",
                    "parameters": paging + [
                        query("q", str(), "Text in the decision"), query("service", str("uuid"), "Only this service"),
                        query("owner", str("uuid"), "Only this owner"),
                        query("status", enumOf(DecisionStatus.allCases.map(\.rawValue)), "open or done")
                    ],
                    "responses": responses(["200": ok(ref("DecisionList")), "403": forbidden])
                ]
            ],
            "/api/v1/decisions/{id}/done": [
                "parameters": [idParam],
                "post": [
                    "summary": "Mark a decision done, saying what was done", "operationId": "completeDecision",
                    "requestBody": body(ref("DecisionDone")),
                    "responses": responses([
                        "200": ok(ref("Decision")), "403": problem("Only the owner or a registered manager or above."),
                        "404": problem("No such decision visible to the caller."),
                        "409": problem("The version is stale."),
                        "422": problem("No note, or already done.")
                    ])
                ]
            ]
        ]
    }
}
