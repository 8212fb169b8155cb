import Fluent
import GripCore
import Vapor

extension DecisionLog.Filter {
    /// Reads the filters; a bad one is a 400 naming it.
    static func parse(_ req: Request) throws -> DecisionLog.Filter {
        var f = DecisionLog.Filter()
        f.text = req.query[String.self, at: "q"]
        if let s = req.query[String.self, at: "service"], !s.isEmpty {
            guard let id = UUID(uuidString: s) else {
                throw AppError(
                    .badRequest, "service must be a service id.",
                    fields: [FieldError("service", "Choose a service from the list.")])
            }
            f.serviceID = id
        }
        if let o = req.query[String.self, at: "owner"], !o.isEmpty {
            guard let id = UUID(uuidString: o) else {
                throw AppError(
                    .badRequest, "owner must be a person's id.",
                    fields: [FieldError("owner", "Choose an owner from the list.")])
            }
            f.ownerID = id
        }
        if let s = req.query[String.self, at: "status"], !s.isEmpty {
            guard let st = DecisionStatus(rawValue: s) else {
                throw AppError(
                    .badRequest, "status must be open or done.", fields: [FieldError("status", "Choose open or done.")])
            }
            f.status = st
        }
        if let p = req.query[String.self, at: "page"] {
            guard let n = Int(p), (1...ActionFilter.maxPage).contains(n) else {
                let message = "page must be a whole number from 1 to \(ActionFilter.maxPage)."
                throw AppError(.badRequest, message, fields: [FieldError("page", message)])
            }
            f.page = n
        }
        if let p = req.query[String.self, at: "per"] {
            guard let n = Int(p), (1...200).contains(n) else {
                throw AppError(
                    .badRequest, "per must be from 1 to 200.", fields: [FieldError("per", "per must be from 1 to 200.")]
                )
            }
            f.per = n
        }
        return f
    }
}

extension DecisionLog {
    /// The decision log's names and choices: route names by id, the services the actor sees, active owners.
    static func choices(
        for actor: Actor, on db: any Database
    ) async throws -> (routes: [UUID: String], services: [Service], owners: [User]) {
        let routes = try await Scoped.query(ReviewRoute.self, for: actor, on: db).all()
        let services = try await Service.query(on: db).visible(to: actor).sort(\.$name).all()
        let owners = try await Scoped.query(User.self, for: actor, on: db).filter(\.$active == true)
            .sort(\.$name).limit(500).all()
        return (Dictionary(routes.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a }), services, owners)
    }
}
