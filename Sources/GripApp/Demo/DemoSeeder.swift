import Fluent
import GripCore
import Vapor

/// The demo provider, created through the same services people use, so the audit trail holds it.
enum DemoSeeder {
    static let organisation = "Riverside Care Group"
    static let password = "grip-demo-2026"

    struct DemoUser: Sendable {
        let key: String
        let name: String
        let email: String
        let role: Role
        let services: [String]
    }

    static let people: [DemoUser] = [
        DemoUser(
            key: "admin", name: "Priya Shah", email: "priya.shah@riverside-care.example", role: .providerAdmin,
            services: []),
        DemoUser(
            key: "ni", name: "David Okafor", email: "david.okafor@riverside-care.example", role: .nominatedIndividual,
            services: []),
        DemoUser(
            key: "ql", name: "Helen Marsh", email: "helen.marsh@riverside-care.example", role: .qualityLead,
            services: []),
        DemoUser(
            key: "rm", name: "Sarah Collins", email: "sarah.collins@riverside-care.example", role: .registeredManager,
            services: ["oakwood", "maple"]),
        DemoUser(
            key: "rm2", name: "James Patel", email: "james.patel@riverside-care.example", role: .registeredManager,
            services: ["home"]),
        DemoUser(
            key: "staff", name: "Tom Evans", email: "tom.evans@riverside-care.example", role: .staff,
            services: ["oakwood"]),
        DemoUser(
            key: "staff2", name: "Aisha Rahman", email: "aisha.rahman@riverside-care.example", role: .staff,
            services: ["maple", "home"]),
        DemoUser(
            key: "commissioner", name: "Mark Bennett", email: "mark.bennett@northshire-council.example",
            role: .commissioner, services: ["oakwood", "maple"])
    ]

    /// Seeds the demo provider unless it is already there; returns the people to print.
    @discardableResult
    static func seed(_ app: Application, today: Day = Clock.current.today()) async throws -> [DemoUser] {
        let db = app.db
        if try await Organisation.query(on: db).filter(\.$name == organisation).first() != nil { return people }
        let (org, adminUser) = try await OrganisationService.createWithAdmin(
            name: organisation, adminName: people[0].name, email: people[0].email, password: password,
            hasher: app.password, on: db)
        let admin = try Actor(adminUser)
        let adminService = try AdminService(db: db, actor: admin)

        // Services, with the ratings of their last CQC inspection.
        var services: [String: Service] = [:]
        let serviceSpecs: [(String, String, String, ServiceType, String, [String: CQCRating])] = [
            (
                "oakwood", "Oakwood House", "1-2345678901", .residential, "Northshire County Council; Northshire ICB",
                [
                    "safe": .inadequate, "effective": .requiresImprovement, "caring": .good,
                    "responsive": .requiresImprovement, "well-led": .inadequate
                ]
            ),
            (
                "maple", "Maple Court", "1-3456789012", .supportedLiving,
                "Northshire County Council (learning disability commissioning)",
                [
                    "safe": .requiresImprovement, "effective": .requiresImprovement, "caring": .good,
                    "responsive": .good, "well-led": .requiresImprovement
                ]
            ),
            (
                "home", "Riverside Home Care – North", "1-4567890123", .domiciliary,
                "Northshire County Council (home care framework)",
                [
                    "safe": .requiresImprovement, "effective": .good, "caring": .good,
                    "responsive": .requiresImprovement, "well-led": .requiresImprovement
                ]
            )
        ]
        for (key, name, loc, type, commissioners, ratings) in serviceSpecs {
            services[key] = try await adminService.saveService(
                nil,
                .init(
                    name: name, cqcLocationID: loc, serviceType: type,
                    commissioners: commissioners, ratings: ratings), version: nil)
        }

        // People, each with a role and (for service roles) named services.
        var users: [String: User] = ["admin": adminUser]
        let hash = try app.password.hash(password)
        for p in people.dropFirst() {
            let (u, _) = try await adminService.createUser(
                .init(
                    name: p.name, email: p.email, role: p.role,
                    serviceIDs: p.services.compactMap { services[$0]?.id }), hasher: app.password)
            try await AuditLog.transaction(on: db, organisationID: org.id!, actor: admin.audit) { rec in
                u.passwordHash = hash
                try await u.update(on: rec.db)
                try await rec.record(
                    "user", u.requireID(), "password_set",
                    [AuditChange(field: "password", before: nil, after: "demo password set")])
            }
            users[p.key] = u
        }
        func id(_ k: String) -> UUID { users[k]!.id! }
        func sid(_ k: String) -> UUID { services[k]!.id! }

        // Review routes.
        var routes: [String: ReviewRoute] = [:]
        let routeSpecs: [(String, String, RouteKind, Int, [String], [String])] = [
            (
                "oakwood", "Oakwood House recovery meeting", .serviceRecoveryMeeting, 14, ["oakwood"],
                ["rm", "staff", "ql"]
            ),
            ("maple", "Maple Court recovery meeting", .serviceRecoveryMeeting, 14, ["maple"], ["rm", "staff2", "ql"]),
            ("home", "Home care recovery meeting", .serviceRecoveryMeeting, 14, ["home"], ["rm2", "staff2", "ql"]),
            (
                "oversight", "Provider oversight group", .providerOversight, 28, ["oakwood", "maple", "home"],
                ["ni", "ql", "rm", "rm2"]
            ),
            (
                "rpp", "Restrictive practice panel", .restrictivePracticePanel, 28, ["maple", "oakwood"],
                ["ql", "rm", "staff2"]
            )
        ]
        for (key, name, kind, cadence, svc, members) in routeSpecs {
            routes[key] = try await adminService.saveRoute(
                nil,
                .init(
                    name: name, kind: kind, cadenceDays: cadence,
                    serviceIDs: svc.map(sid), memberIDs: members.map(id)), version: nil)
        }

        // Sources of concern: the last CQC findings and other concerns.
        let ql = try Actor(users["ql"]!)
        let sources = SourceService(db: db, actor: ql)
        var src: [String: Source] = [:]
        let sourceSpecs: [(String, String, SourceKind, String, String, Int, String?, String?)] = [
            (
                "cqc-meds", "oakwood", .cqcInspection, "Medicines not managed safely",
                """
                Inspectors found gaps in MAR charts for 6 of 14 people, PRN protocols missing for 4 people, and \
                no stock checks for controlled drugs for 3 weeks.
                """,
                -70, "S8", "12"
            ),
            (
                "cqc-safeguarding", "oakwood", .cqcInspection, "Safeguarding concerns not always reported or reviewed",
                """
                Two unexplained bruises were not referred to the local authority; managers did not review \
                safeguarding concerns the same day.
                """,
                -70, "S3", "13"
            ),
            (
                "cqc-governance", "oakwood", .cqcInspection, "Governance systems did not identify the shortfalls",
                """
                Audits were not completed for four months; actions from audits were not followed up; the provider \
                had no oversight of quality.
                """,
                -70, "W5", "17"
            ),
            (
                "cqc-staffing", "oakwood", .cqcInspection, "Not enough suitably trained staff at night",
                """
                Night rotas showed two staff for 22 people, three of whom need two carers to move; agency staff \
                had no induction.
                """,
                -70, "S6", "18"
            ),
            (
                "cqc-careplans", "oakwood", .cqcInspection, "Care plans not reviewed or person-centred",
                "Care plans for 5 people had not been reviewed after changes in their needs, including falls risk.",
                -70, "R1", "9"
            ),
            (
                "audit-rp", "maple", .internalAudit,
                "Restrictive practice audit: PRN and physical interventions not reviewed",
                """
                The quality lead's audit found 9 physical interventions in a month with no debrief and no \
                positive behaviour support plan review.
                """,
                -40, "S4", nil
            ),
            (
                "commissioner-calls", "home", .commissionerConcern, "Commissioner concern: missed and late calls",
                """
                The council's contract officer raised 11 missed calls and 46 calls more than 30 minutes late in \
                September.
                """,
                -35, "R2", nil
            ),
            (
                "incident-fall", "oakwood", .incident, "Fall with hip fracture at night",
                """
                A resident fell at 03:10 and was not found until the 04:00 check; the falls risk assessment was \
                out of date.
                """,
                -25, "S2", nil
            ),
            (
                "complaint-family", "maple", .complaint, "Family complaint about communication",
                """
                A family member complained they were not told about a change to their relative's medication or a \
                hospital visit.
                """,
                -20, "R3", nil
            )
        ]
        for (key, service, kind, title, detail, offset, statement, regulation) in sourceSpecs {
            src[key] = try await sources.create(
                .init(
                    serviceID: sid(service), kind: kind, title: title, detail: detail,
                    raisedOn: today.adding(days: offset), statementID: statement, regulation: regulation))
        }

        // About thirty recovery actions across bands and statuses, with due days around today.
        var created: [String: RecoveryAction] = [:]
        let managers: [String: Actor] = [
            "oakwood": try Actor(users["rm"]!), "maple": try Actor(users["rm"]!), "home": try Actor(users["rm2"]!)
        ]
        for (n, spec) in DemoActions.all.enumerated() {
            let creator = managers[spec.service]!
            let svc = ActionService(db: db, actor: creator, today: today)
            var input = ActionInput()
            input.title = spec.title
            input.theme = spec.theme
            input.serviceID = sid(spec.service)
            input.sourceID = .some(spec.source.flatMap { src[$0]?.id })
            input.statementIDs = spec.statements
            input.baseline = spec.baseline
            input.baselineDay = today.adding(days: spec.baselineOffset)
            input.metric = spec.metric
            input.direction = spec.direction
            input.baselineValue = spec.baselineValue
            input.targetValue = spec.targetValue
            input.targetDay = today.adding(days: spec.dueOffset + 14)
            let f = spec.factors
            input.harm = f.0; input.peopleAffected = f.1; input.recurrence = f.2; input.regulatoryImpact = f.3;
            input.controlWeakness = f.4
            input.leadID = id(spec.lead)
            input.reviewerID = id(spec.reviewer)
            input.routeID = routes[spec.route]!.id
            input.interimControls = spec.interim
            input.dueDay = today.adding(days: spec.dueOffset)
            input.initialStatus = spec.status == .draft ? .draft : .open
            let action = try await svc.create(input)
            let aid = try action.requireID()
            created[spec.title] = action
            for (i, step) in spec.steps.enumerated() {
                let s = try await svc.addStep(
                    aid,
                    .init(
                        what: step.what, ownerRole: step.role, ownerID: step.owner.map(id),
                        whereRecorded: step.recorded, dueDay: today.adding(days: step.dueOffset)))
                if i < spec.stepsDone { try await svc.completeStep(aid, s.requireID()) }
            }
            let path: [ActionStatus] =
                switch spec.status {
                case .inProgress: [.inProgress]
                case .awaitingAssurance: [.inProgress, .awaitingAssurance]
                case .cancelled: [.cancelled]
                default: []
                }
            for target in path {
                let reason: String? =
                    target == .cancelled
                    ? "Merged into \(DemoActions.all[max(0, n - 1)].title.lowercased()) after the oversight review."
                    : nil
                _ = try await svc.transition(aid, to: target, reason: reason, version: nil)
            }
            if let change = spec.dueChange {
                _ = try await svc.changeDueDay(
                    aid, to: today.adding(days: change.newOffset), reason: change.reason,
                    controlChange: change.control, version: nil)
            }
        }
        try await DemoAssurance.seed(db: db, users: users, actions: created, today: today)
        // Oakwood House is under the council's enhanced monitoring since the inspection, with fortnightly updates.
        let oversight = OversightService(db: db, actor: try Actor(users["commissioner"]!), today: today)
        _ = try await oversight.setLevel(
            serviceID: services["oakwood"]?.id, level: .enhancedMonitoring, since: today.adding(days: -66),
            cadenceDays: 14,
            note: "Following the inadequate rating: fortnightly updates on medicines, safeguarding and night staffing.")
        let rm = OversightService(db: db, actor: try Actor(users["rm"]!), today: today)
        // Maple Court has been under enhanced monitoring since the summer. Its manager proposes stepping down to
        // routine; the level belongs to the commissioner, so it waits for Mark Bennett's confirmation.
        _ = try await oversight.setLevel(
            serviceID: services["maple"]?.id, level: .enhancedMonitoring,
            since: today.adding(days: -150), cadenceDays: 28,
            note: "Restrictive practice concerns: monthly updates on interventions.")
        _ = try await rm.setLevel(
            serviceID: services["maple"]?.id, level: .routine, since: today, cadenceDays: 28,
            note: "Every debrief within 24 hours for five months, and the panel reviews each "
                + "intervention; we propose routine oversight.")
        _ = try await rm.recordUpdate(
            serviceID: services["oakwood"]?.id, day: today.adding(days: -24),
            summary: "Medicines audit results; night staffing plan.")
        _ = try await rm.recordUpdate(
            serviceID: services["oakwood"]?.id, day: today.adding(days: -10),
            summary: "Safeguarding log review; agency induction in place.")
        let supported = try await DemoPeople.seed(db: db, users: users, services: services, today: today)
        try await DemoEscalations.seed(
            db: db, users: users, services: services, actions: created, people: supported,
            today: today)
        try await DemoIndicators.seed(
            db: db, organisationID: org.id!, services: services, actions: created, managers: managers,
            actor: try Actor(users["ql"]!), approver: try Actor(users["ni"]!), today: today)
        try await DemoMeetings.seed(db: db, users: users, routes: routes, today: today)
        try await DemoFrameworks.seed(db: db, users: users, today: today)
        try await DemoVisits.seed(db: db, users: users, services: services, today: today)
        try await DemoSafetyModels.seed(
            db: db, users: users, services: services, actions: Array(created.values), today: today)
        try await DemoLearning.seed(db: db, users: users, services: services, actions: created, today: today)
        try await DemoFirings.seed(
            db: db, organisationID: org.requireID(), users: users, now: Clock.current.now(),
            holidays: app.clock.holidays)
        return people
    }

    /// Prints the sign-in line per demo user, with the address `serve` will listen on.
    static func printSignIn(_ users: [DemoUser], arguments: [String]) {
        func flag(_ names: [String]) -> String? {
            for (i, a) in arguments.enumerated() {
                for n in names {
                    if a == n, i + 1 < arguments.count { return arguments[i + 1] }
                    if a.hasPrefix(n + "=") { return String(a.dropFirst(n.count + 1)) }
                }
            }
            return nil
        }
        let host = flag(["--hostname", "-H"]) ?? "127.0.0.1"
        let port = flag(["--port", "-p"]) ?? "8080"
        print("Grip demo: \(organisation) is loaded. Sign in at http://\(host):\(port)/sign-in as any of:")
        for u in users {
            let role = u.role.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
            let email = u.email.padding(toLength: 42, withPad: " ", startingAt: 0)
            print("  \(role) \(email) password: \(password)")
        }
    }
}
