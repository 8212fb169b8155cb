import Fluent

struct CreateMeeting: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.ownedSchema("meetings")
            .field("route_id", .uuid, .required, .references("review_routes", "id"))
            .field("day", .string, .required)
            .field("status", .string, .required)
            .field("others_present", .string, .required)
            .field("approved_by_id", .uuid, .references("users", "id"))
            .field("approved_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "route_id", "day")
            .create()
        try await database.schema("meeting_items")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id"))
            .field("position", .int, .required)
            .field("section", .string, .required)
            .field("title", .string, .required)
            .field("discussion", .string, .required)
            .field("action_id", .uuid, .references("actions", "id"))
            .field("escalation_id", .uuid, .references("escalations", "id"))
            .field("service_id", .uuid, .references("services", "id"))
            .field("indicator_id", .uuid, .references("indicators", "id"))
            .field("version", .int, .required)
            .create()
        try await database.schema("meeting_attendance")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("presence", .string, .required)
            .unique(on: "meeting_id", "user_id")
            .create()
        try await database.schema("meeting_challenges")
            .id()
            .field("item_id", .uuid, .required, .references("meeting_items", "id"))
            .field("challenger_id", .uuid, .required, .references("users", "id"))
            .field("challenge", .string, .required)
            .field("answer", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.ownedSchema("decisions")
            .field("meeting_id", .uuid, .required, .references("meetings", "id"))
            .field("item_id", .uuid, .required, .references("meeting_items", "id"))
            .field("service_id", .uuid, .references("services", "id"))
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("text", .string, .required)
            .field("due_day", .string, .required)
            .field("status", .string, .required)
            .field("done_on", .string)
            .field("done_note", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema("meeting_addenda")
            .id()
            .field("meeting_id", .uuid, .required, .references("meetings", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("seq", .int, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "meeting_id", "seq")
            .create()
        try await database.schema("meeting_follow_ups")
            .id()
            .field("item_id", .uuid, .required, .references("meeting_items", "id"))
            .field("action_id", .uuid, .required, .references("actions", "id"))
            .unique(on: "item_id", "action_id")
            .create()
        try await database.schema("users").field("calendar_token_hash", .string).update()
        try await CreateIndexes.create(Self.indexes, on: database)
    }

    static let indexes: [(String, String, [String])] = [
        ("idx_meetings_org_day", "meetings", ["organisation_id", "day"]),
        ("idx_meetings_route_status_day", "meetings", ["route_id", "status", "day"]),
        ("idx_meeting_items_meeting", "meeting_items", ["meeting_id", "position"]),
        ("idx_meeting_attendance_meeting", "meeting_attendance", ["meeting_id"]),
        ("idx_meeting_challenges_item", "meeting_challenges", ["item_id"]),
        ("idx_decisions_org_status_due", "decisions", ["organisation_id", "status", "due_day"]),
        ("idx_decisions_owner_status", "decisions", ["owner_id", "status"]),
        ("idx_decisions_service_status", "decisions", ["service_id", "status"]),
        ("idx_decisions_item", "decisions", ["item_id"]),
        ("idx_follow_ups_item", "meeting_follow_ups", ["item_id"]),
        ("idx_users_calendar_token", "users", ["calendar_token_hash"])
    ]

    func revert(on database: any Database) async throws {
        try await CreateIndexes.drop(Self.indexes, on: database)
        try await database.schema("users").deleteField("calendar_token_hash").update()
        for t in [
            "meeting_follow_ups", "meeting_addenda", "decisions", "meeting_challenges", "meeting_attendance",
            "meeting_items", "meetings"
        ] {
            try await database.schema(t).delete()
        }
    }
}
