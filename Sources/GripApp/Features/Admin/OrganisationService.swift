import Fluent
import GripCore
import Vapor

/// Creating an organisation with its first admin: the first-run page and `grip create-admin`.
enum OrganisationService {
    static func createWithAdmin(
        name rawName: String, adminName rawAdmin: String, email rawEmail: String,
        password: String, hasher: any PasswordHasher, on db: any Database
    ) async throws -> (Organisation, User) {
        var errors: [FieldError] = []
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FieldError("organisation", "Enter the organisation's name.")) }
        if name.count > 200 {
            errors.append(FieldError("organisation", "The organisation's name must be at most 200 characters."))
        }
        let adminName = rawAdmin.trimmingCharacters(in: .whitespacesAndNewlines)
        if adminName.isEmpty { errors.append(FieldError("name", "Enter the admin's name.")) }
        let email = EmailAddress.normalised(rawEmail)
        if email == nil { errors.append(FieldError("email", "Enter an e-mail address like name@example.org.")) }
        if let p = PasswordPolicy.problem(password) { errors.append(FieldError("password", p)) }
        if !name.isEmpty, try await Organisation.query(on: db).filter(\.$name == name).first() != nil {
            errors.append(FieldError("organisation", "An organisation called \(name) already exists."))
        }
        if let email, try await User.query(on: db).filter(\.$email == email).first() != nil {
            errors.append(FieldError("email", "\(email) already has an account."))
        }
        guard errors.isEmpty, let email else { throw AppError.invalid(errors) }
        let hash = try hasher.hash(password)
        let org = Organisation(
            name: name, frameworkVersion: Framework.cqc2023.id,
            riskMatrixVersion: RiskMatrix.current.version, reviewPolicyVersion: ReviewPolicy.current.version)
        try await org.create(on: db)
        let orgID = try org.requireID()
        // It watches for escalations from now, on Grip's defaults (issue 36).
        _ = try await ThresholdsInForce.watching(organisationID: orgID, now: Clock.current.now(), on: db)
        let admin = User(organisationID: orgID, name: adminName, email: email, passwordHash: hash, role: .providerAdmin)
        try await AuditLog.transaction(
            on: db, organisationID: orgID, actor: AuditActor(id: nil, name: "grip create-admin")
        ) { rec in
            try await admin.create(on: rec.db)
            try await rec.record(
                "organisation", orgID, "created", [AuditChange(field: "name", before: nil, after: name)])
            try await rec.record(
                "user", admin.requireID(), "created",
                [
                    AuditChange(field: "email", before: nil, after: email),
                    AuditChange(field: "role", before: nil, after: Role.providerAdmin.rawValue)
                ])
        }
        try await IndicatorService.seedDefaults(
            organisationID: orgID, actor: AuditActor(id: nil, name: "grip create-admin"), on: db)
        return (org, admin)
    }
}
