import Fluent
import GripCore
import Vapor

extension AdminService {
    struct RouteInput: Sendable {
        var name: String
        var kind: RouteKind?
        var cadenceDays: Int?
        var serviceIDs: [UUID]
        var memberIDs: [UUID]
        var reopenOnConcern = false
    }

    func saveRoute(_ id: UUID?, _ input: RouteInput, version: Int?) async throws -> ReviewRoute {
        var errors: [FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 { errors.append(FieldError("name", "Enter the route's name.")) }
        if input.kind == nil { errors.append(FieldError("kind", "Choose the kind of meeting.")) }
        if let c = input.cadenceDays, !(1...366).contains(c) {
            errors.append(FieldError("cadence_days", "The cadence is a number of days from 1 to 366."))
        }
        if input.cadenceDays == nil {
            errors.append(FieldError("cadence_days", "Enter how often the route meets, in days."))
        }
        if input.serviceIDs.isEmpty { errors.append(FieldError("services", "Choose the services this route covers.")) }
        let known = try await Scoped.query(Service.self, for: actor, on: db).filter(
            \.$id ~~ input.serviceIDs
        ).count()
        if known != Set(input.serviceIDs).count {
            errors.append(FieldError("services", "One of the services is not in this organisation."))
        }
        let members = try await Scoped.query(User.self, for: actor, on: db).filter(
            \.$id ~~ input.memberIDs
        ).count()
        if members != Set(input.memberIDs).count {
            errors.append(FieldError("members", "One of the members is not in this organisation."))
        }
        let clash = try await Scoped.query(ReviewRoute.self, for: actor, on: db).filter(
            \.$name == name
        ).first()
        if let clash, clash.id != id { errors.append(FieldError("name", "There is already a route called \(name).")) }
        guard errors.isEmpty, let kind = input.kind, let cadence = input.cadenceDays else {
            throw AppError.invalid(errors)
        }
        let existing: ReviewRoute? = if let id { try await Access.route(id, for: actor, on: db) } else { nil }
        let actor = self.actor
        let services = Array(Set(input.serviceIDs)), memberIDs = Array(Set(input.memberIDs))
        return try await ChangeDoor.applyingFree(.reviewRoute, ["route"], actor: actor, on: db) { rec in
            if let existing {
                guard let version, existing.version == version else {
                    throw AppError.stale("review route", current: existing.version)
                }
            }
            let r = existing ?? ReviewRoute()
            let before: [String: String] =
                existing.map {
                    [
                        "name": $0.name, "kind": $0.kind.rawValue, "cadence_days": String($0.cadenceDays),
                        "reopen_on_concern": String($0.reopenOnConcern)
                    ]
                } ?? [:]
            r.$organisation.id = actor.organisationID
            r.name = name
            r.kind = kind
            r.cadenceDays = cadence
            r.reopenOnConcern = input.reopenOnConcern
            r.version = (existing?.version ?? 0) + 1
            try await r.save(on: rec.db)
            let rid = try r.requireID()
            try await RouteService.query(on: rec.db).filter(\.$route.$id == rid).delete()
            try await RouteMember.query(on: rec.db).filter(\.$route.$id == rid).delete()
            for s in services {
                let x = RouteService(); x.$route.id = rid; x.$service.id = s; try await x.create(on: rec.db)
            }
            for m in memberIDs {
                let x = RouteMember(); x.$route.id = rid; x.$user.id = m; try await x.create(on: rec.db)
            }
            var after = [
                "name": name, "kind": kind.rawValue, "cadence_days": String(cadence),
                "reopen_on_concern": String(input.reopenOnConcern)
            ]
            after["services"] = services.map(\.uuidString).sorted().joined(separator: ", ")
            after["members"] = memberIDs.map(\.uuidString).sorted().joined(separator: ", ")
            try await rec.record(
                "review_route", rid, existing == nil ? "created" : "updated", ActionService.diff(before, after))
            return r
        }
    }
}
