import Fluent
import GripCore
import Vapor

/// The meetings pages' and API's reads of what belongs to review routes and meetings the caller has
/// already been allowed to see (`MeetingService.routes`, `route`, `find`): each one query, whatever the
/// number of routes or meetings.
struct MeetingsQuery {
    let db: any Database

    /// Each route's services, members and meetings (the meetings' id, route, day and status only).
    func routeParts(
        _ ids: [UUID]
    ) async throws -> (services: [UUID: [RouteService]], members: [UUID: [RouteMember]], meetings: [UUID: [Meeting]]) {
        guard !ids.isEmpty else { return ([:], [:], [:]) }
        let services = try await coverage(ids)
        let members = try await RouteMember.query(on: db).filter(\.$route.$id ~~ ids).with(\.$user).all()
        let meetings = try await Meeting.query(on: db).filter(\.$route.$id ~~ ids).field(\.$id).field(\.$route.$id)
            .field(\.$day).field(\.$status).all()
        return (
            Dictionary(grouping: services, by: { $0.$route.id }), Dictionary(grouping: members, by: { $0.$route.id }),
            Dictionary(grouping: meetings, by: { $0.$route.id })
        )
    }

    /// The services the routes cover, with the services.
    func coverage(_ routeIDs: [UUID]) async throws -> [RouteService] {
        guard !routeIDs.isEmpty else { return [] }
        return try await RouteService.query(on: db).filter(\.$route.$id ~~ routeIDs).with(\.$service).all()
    }

    /// The routes' meetings, newest first.
    func meetings(ofRoutes ids: [UUID], limit: Int) async throws -> [Meeting] {
        guard !ids.isEmpty else { return [] }
        return try await Meeting.query(on: db).filter(\.$route.$id ~~ ids).sort(\.$day, .descending).limit(limit).all()
    }

    /// A route's services' and members' names, by name.
    func names(of route: ReviewRoute) async throws -> (services: [String], members: [User]) {
        let services = try await route.$services.query(on: db).sort(\.$name).all().map(\.name)
        let members = try await route.$members.query(on: db).sort(\.$name).all()
        return (services, members)
    }

    /// Who attended a meeting, and its addenda in order.
    func attendanceAndAddenda(_ m: Meeting) async throws -> ([MeetingAttendance], [MeetingAddendum]) {
        let id = try m.requireID()
        let attendance = try await MeetingAttendance.query(on: db).filter(\.$meeting.$id == id).with(\.$user).all()
        let addenda = try await MeetingAddendum.query(on: db).filter(\.$meeting.$id == id).with(\.$author)
            .sort(\.$seq).all()
        return (attendance, addenda)
    }

    /// A held meeting's fixed agenda.
    func items(of m: Meeting) async throws -> [MeetingItem] {
        try await MeetingItem.query(on: db).filter(\.$meeting.$id == m.requireID()).sort(\.$position).all()
    }

    /// The services a meeting's decisions name (their ids come from the meeting's own minutes).
    func services(_ ids: Set<UUID>) async throws -> [Service] {
        ids.isEmpty ? [] : try await Service.query(on: db).filter(\.$id ~~ ids).all()
    }
}

extension MeetingsQuery {
    /// The people who can be named in minutes (owners of decisions, challengers), by name.
    func people(for actor: Actor) async throws -> [User] {
        try await Scoped.query(User.self, for: actor, on: db).filter(\.$active == true).sort(\.$name).limit(500).all()
    }
}

extension MeetingsQuery {
    /// A page of the organisation's meetings, newest first, with their routes: of the routes the actor may see
    /// (`routes`, nil for all), of one route, of one status.
    func list(
        for actor: Actor, routes: Set<UUID>?, route: UUID?, status: MeetingStatus?, page: PageRequest
    ) async throws -> Page<Meeting> {
        var q = Scoped.query(Meeting.self, for: actor, on: db)
        if let routes { q = q.filter(\.$route.$id ~~ routes) }
        if let route { q = q.filter(\.$route.$id == route) }
        if let status { q = q.filter(\.$status == status) }
        return try await q.with(\.$route).sort(\.$day, .descending).leanPage(page)
    }
}
