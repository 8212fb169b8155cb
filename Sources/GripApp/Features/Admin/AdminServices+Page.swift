import Fluent
import GripCore
import Vapor

extension AdminWebController {
    struct ServicesPage: Encodable {
        struct Row: Encodable {
            let name: String; let href: String; let type: String; let location: String; let commissioners: String;
            let ratings: String
        }
        struct RatingField: Encodable { let key: String; let label: String; let options: [Choice] }
        let layout: Layout
        let rows: [Row]
        let form: FormState
        let editor: AdminEditor
        let types: [Choice]
        let ratings: [RatingField]
    }

    struct ServiceForm: Content {
        var name: String?; var cqc_location_id: String?; var service_type: String?; var commissioners: String?;
        var version: String?
        var rating_safe: String?; var rating_effective: String?; var rating_caring: String?;
        var rating_responsive: String?; var rating_well_led: String?
        var ratingValues: [String: String?] {
            [
                "safe": rating_safe, "effective": rating_effective, "caring": rating_caring,
                "responsive": rating_responsive, "well-led": rating_well_led
            ]
        }
    }

    func servicesPage(
        _ req: Request, editing: Service?, values: [String: String], errors: [FieldError]
    ) async throws -> ServicesPage {
        let all = try await req.admin.services()
        return ServicesPage(
            layout: Layout(req, title: "Admin: services", section: "admin"),
            rows: all.map { s in
                .init(
                    name: s.name, href: Paths.adminService(s.id!), type: s.serviceType.label, location: s.cqcLocationID,
                    commissioners: s.commissioners,
                    ratings: Reference.keyQuestions.map { "\($0.title): \(s.ratings[$0.id]?.label ?? "Not rated")" }
                        .joined(separator: "; "))
            },
            form: FormState(values: values, errors: errors),
            editor: AdminEditor(
                editing.map { (path: Paths.adminService($0.id!), version: $0.version) }, list: Paths.adminServices),
            types: ServiceType.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: values["service_type"] == $0.rawValue)
            },
            ratings: Reference.keyQuestions.map { kq in
                .init(
                    key: "rating_" + kq.id.replacingOccurrences(of: "-", with: "_"), label: kq.title,
                    options: CQCRating.allCases.map {
                        Choice(
                            value: $0.rawValue, label: $0.label,
                            selected: (values["rating_" + kq.id] ?? "not_rated") == $0.rawValue)
                    })
            })
    }

    @Sendable func services(req: Request) async throws -> View {
        let actor = try req.actor
        var editing: Service?
        var values: [String: String] = [:]
        if let id = try optionalID(req) {
            let s = try await Access.service(id, for: actor, on: req.db)
            editing = s
            values = [
                "name": s.name, "cqc_location_id": s.cqcLocationID, "service_type": s.serviceType.rawValue,
                "commissioners": s.commissioners
            ]
            for (k, r) in s.ratings { values["rating_" + k] = r.rawValue }
        }
        return try await req.view.render(
            "admin/services", try await servicesPage(req, editing: editing, values: values, errors: []))
    }

    @Sendable func saveService(req: Request) async throws -> Response {
        let actor = try req.actor
        let id = try optionalID(req)
        let editing: Service? = if let id { try await Access.service(id, for: actor, on: req.db) } else { nil }
        let f = try req.content.decode(ServiceForm.self)
        var errors: [FieldError] = []
        var ratings: [String: CQCRating] = [:]
        for (k, v) in f.ratingValues {
            guard let v, !v.isEmpty else { continue }
            if let r = CQCRating(rawValue: v) {
                ratings[k] = r
            } else {
                errors.append(FieldError("rating_" + k, "Choose a rating from the list."))
            }
        }
        var type: ServiceType?
        if let t = f.service_type, !t.isEmpty {
            type = ServiceType(rawValue: t);
            if type == nil { errors.append(FieldError("service_type", "Choose a type from the list.")) }
        }
        do {
            if !errors.isEmpty { throw AppError.invalid(errors) }
            let s = try await AdminService(db: req.db, actor: actor).saveService(
                id,
                .init(
                    name: f.name ?? "", cqcLocationID: f.cqc_location_id ?? "", serviceType: type,
                    commissioners: f.commissioners ?? "",
                    ratings: ratings), version: f.version.flatMap { Int($0) })
            req.flash("Service \(s.name) saved.")
            return req.redirect(to: Paths.adminServices)
        } catch let e as AppError where e.status == .unprocessableEntity || e.status == .conflict {
            var values = [
                "name": f.name ?? "", "cqc_location_id": f.cqc_location_id ?? "", "service_type": f.service_type ?? "",
                "commissioners": f.commissioners ?? ""
            ]
            for (k, v) in f.ratingValues { values["rating_" + k] = v ?? "" }
            let errs = e.fieldErrors.isEmpty ? [FieldError("version", e.reason)] : e.fieldErrors
            return try await req.render(
                "admin/services", try await servicesPage(req, editing: editing, values: values, errors: errs),
                status: e.status)
        }
    }
}
