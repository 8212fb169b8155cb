import Fluent
import GripCore
import Vapor

extension AdminService {
    struct UserInput: Sendable {
        var name: String
        var email: String
        var role: Role?
        var serviceIDs: [UUID]
    }

    func validate(_ input: UserInput, existingID: UUID?) async throws -> (String, String, Role) {
        var errors: [FieldError] = []
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 { errors.append(FieldError("name", "Enter the person's name.")) }
        let email = EmailAddress.normalised(input.email)
        if email == nil { errors.append(FieldError("email", "Enter an e-mail address like name@example.org.")) }
        if let email, let other = try await User.query(on: db).filter(\.$email == email).first(), other.id != existingID
        {
            errors.append(FieldError("email", "\(email) already has an account."))
        }
        if input.role == nil { errors.append(FieldError("role", "Choose a role.")) }
        if let role = input.role, !role.isOrganisationScoped && input.serviceIDs.isEmpty {
            errors.append(
                FieldError("services", "A \(role.label.lowercased()) sees only named services: choose at least one."))
        }
        let known = try await Scoped.query(Service.self, for: actor, on: db)
            .filter(\.$id ~~ input.serviceIDs).count()
        if known != Set(input.serviceIDs).count {
            errors.append(FieldError("services", "One of the services is not in this organisation."))
        }
        guard errors.isEmpty, let email, let role = input.role else { throw AppError.invalid(errors) }
        return (name, email, role)
    }

    /// Adds a person with no usable password: the admin gives them a one-time reset link.
    func createUser(_ input: UserInput, hasher: any PasswordHasher) async throws -> (User, String) {
        let (name, email, role) = try await validate(input, existingID: nil)
        let placeholder = try hasher.hash(Secrets.random())
        let actor = self.actor
        let services = role.isOrganisationScoped ? [] : Array(Set(input.serviceIDs))
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            let u = User(
                organisationID: actor.organisationID, name: name, email: email, passwordHash: placeholder, role: role)
            try await u.create(on: rec.db)
            let id = try u.requireID()
            for s in services { try await ServiceAccess(userID: id, serviceID: s).create(on: rec.db) }
            try await rec.record(
                "user", id, "created",
                [
                    AuditChange(field: "name", before: nil, after: name),
                    AuditChange(field: "email", before: nil, after: email),
                    AuditChange(field: "role", before: nil, after: role.rawValue),
                    AuditChange(
                        field: "services", before: nil,
                        after: services.map(\.uuidString).sorted().joined(separator: ", "))
                ])
            let token = try await AdminService.issueReset(for: u, rec: rec)
            return (u, token)
        }
    }

    func updateUser(_ id: UUID, _ input: UserInput, version: Int?) async throws -> User {
        let existing = try await Access.user(id, for: actor, on: db)
        let (name, email, role) = try await validate(input, existingID: id)
        if let p = PeopleRules.selfChangeProblem(isSelf: existing.id == actor.id, newRole: role) {
            throw AppError.invalid([p])
        }
        let actor = self.actor
        let services =
            role.isOrganisationScoped ? [] : Array(Set(input.serviceIDs)).sorted { $0.uuidString < $1.uuidString }
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            guard let version, existing.version == version else {
                throw AppError.stale("user", current: existing.version)
            }
            let oldServices = try await ServiceAccess.query(on: rec.db).filter(\.$user.$id == id).all().map {
                $0.$service.id.uuidString
            }.sorted()
            let before = [
                "name": existing.name, "email": existing.email, "role": existing.role.rawValue,
                "services": oldServices.joined(separator: ", ")
            ]
            existing.name = name
            existing.email = email
            existing.role = role
            existing.version += 1
            try await existing.update(on: rec.db)
            try await ServiceAccess.query(on: rec.db).filter(\.$user.$id == id).delete()
            for s in services { try await ServiceAccess(userID: id, serviceID: s).create(on: rec.db) }
            let after = [
                "name": name, "email": email, "role": role.rawValue,
                "services": services.map(\.uuidString).joined(separator: ", ")
            ]
            let changes = ActionService.diff(before, after)
            if !changes.isEmpty { try await rec.record("user", id, "updated", changes) }
            return existing
        }
    }

    /// A one-time reset link, valid for 72 hours; only its hash is stored.
    func resetLink(for id: UUID) async throws -> String {
        let user = try await Access.user(id, for: actor, on: db)
        guard user.active else { throw AppError.invalid("user", "\(user.name) is deactivated.") }
        return try await AuditLog.transaction(on: db, organisationID: actor.organisationID, actor: actor.audit) { rec in
            try await AdminService.issueReset(for: user, rec: rec)
        }
    }

    static func issueReset(for user: User, rec: AuditRecorder) async throws -> String {
        let token = Secrets.random()
        let reset = PasswordReset()
        reset.$user.id = try user.requireID()
        reset.tokenHash = Digests.sha256(token)
        reset.expiresAt = Clock.current.now().addingTimeInterval(72 * 3600)
        try await reset.create(on: rec.db)
        try await rec.record(
            "user", user.requireID(), "reset_link_issued",
            [AuditChange(field: "password_reset", before: nil, after: "link issued, expires in 72 hours")])
        return token
    }

    /// What a leaver still holds: live actions they lead or review, open steps they own.
    struct Holdings: Sendable {
        var leads: [RecoveryAction]
        var reviews: [RecoveryAction]
        var steps: [ActionStep]
        var isEmpty: Bool { leads.isEmpty && reviews.isEmpty && steps.isEmpty }
        var count: Int { leads.count + reviews.count + steps.count }
    }

    func holdings(of id: UUID) async throws -> Holdings {
        let liveStatuses = ActionStatus.allCases.filter { $0 != .cancelled && $0 != .sustained }
        let leads = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$lead.$id == id).filter(\.$status ~~ liveStatuses).all()
        let reviews = try await Scoped.query(RecoveryAction.self, for: actor, on: db)
            .filter(\.$reviewer.$id == id).filter(\.$status ~~ liveStatuses).all()
        let steps = try await ActionStep.query(on: db).filter(\.$owner.$id == id).filter(\.$doneOn == nil).all()
        return Holdings(leads: leads, reviews: reviews, steps: steps)
    }

    /// Deactivates a leaver, first handing everything they hold to a successor.
    /// The successor must be allowed to take each item (lead and reviewer rules).
    func deactivate(_ id: UUID, handoverTo successorID: UUID?, version: Int?) async throws -> Holdings {
        let leaver = try await Access.user(id, for: actor, on: db)
        guard leaver.active else { throw AppError.invalid("user", "\(leaver.name) is already deactivated.") }
        if leaver.id == actor.id { throw AppError.invalid("user", "You cannot deactivate yourself.") }
        let held = try await holdings(of: id)
        var successor: User?
        if !held.isEmpty {
            guard let successorID else {
                throw AppError.invalid(
                    "successor", "\(leaver.name) still holds \(held.count) open item(s): choose who takes them over.")
            }
            successor = try await Access.user(successorID, for: actor, on: db)
            guard successorID != id else {
                throw AppError.invalid("successor", "Choose someone other than the leaver.")
            }
            guard let s = successor, s.active else {
                throw AppError.invalid("successor", "The successor must be an active user.")
            }
            // Check every action it touches against the rules before changing anything, whichever side the
            // leaver held (issue 33): lead and reviewer stay two people, the reviewer keeps the band's seniority.
            let svc = ActionService(db: db, actor: actor, today: Clock.current.today())
            var errors: [FieldError] = []
            for a in held.leads + held.reviews {
                let cands = try await svc.candidates([successorID], serviceID: a.$service.id)
                guard let c = cands[successorID] else { continue }
                for p in ActionRules.handoverProblems(
                    leadID: a.$lead.id, reviewerID: a.$reviewer.id, band: a.riskBand,
                    leaverID: id, successor: c)
                {
                    errors.append(FieldError("successor", "\(a.reference): \(p)"))
                }
            }
            guard errors.isEmpty else { throw AppError.invalid(errors) }
        }
        let successorIDValue = successor?.id
        return try await ChangeDoor.applying(actor: actor, on: db) { rec in
            guard let version, leaver.version == version else { throw AppError.stale("user", current: leaver.version) }
            if let to = successorIDValue {
                for a in held.leads {
                    a.$lead.id = to; a.version += 1; try await a.update(on: rec.db)
                    try await rec.record(
                        "action", a.requireID(), "handed_over",
                        [AuditChange(field: "lead_id", before: id.uuidString, after: to.uuidString)])
                }
                for a in held.reviews {
                    guard let fresh = try await RecoveryAction.find(a.requireID(), on: rec.db) else { continue }
                    fresh.$reviewer.id = to; fresh.version += 1; try await fresh.update(on: rec.db)
                    try await rec.record(
                        "action", fresh.requireID(), "handed_over",
                        [AuditChange(field: "reviewer_id", before: id.uuidString, after: to.uuidString)])
                }
                for s in held.steps {
                    s.$owner.id = to; s.version += 1; try await s.update(on: rec.db)
                    try await rec.record(
                        "action", s.$action.id, "handed_over",
                        [AuditChange(field: "step \(s.position) owner", before: id.uuidString, after: to.uuidString)])
                }
            }
            leaver.active = false
            leaver.version += 1
            try await leaver.update(on: rec.db)
            try await ApiToken.query(on: rec.db).filter(\.$user.$id == id).filter(\.$revokedAt == nil).set(
                \.$revokedAt, to: Clock.current.now()
            ).update()
            try await rec.record(
                "user", id, "deactivated", [AuditChange(field: "active", before: "true", after: "false")])
            return held
        }
    }
}
