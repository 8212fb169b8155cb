import Fluent
import Foundation
import GripCore

/// What a form or a JSON body says about a restrictive intervention, as text; both the web and the API parse this.
struct InterventionForm: Codable, Sendable {
    var person: String?
    var started_at: String?
    var minutes: String?
    var place: String?
    var trigger: String?
    var kind: String?
    var staff: String?
    var injury: String?
    var recovery_minutes: String?
    var debrief_at: String?
    var debrief_by: String?
    var panel_on: String?
    var learning: String?
    var version: Int?

    static func int(_ raw: String?, _ field: String, _ label: String, into errors: inout [FieldError]) -> Int? {
        let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let i = Int(s) { return i }
        errors.append(FieldError(field, "\(label) must be a whole number of minutes."))
        return nil
    }

    func parse() -> (InterventionService.Input, [FieldError]) {
        var errors: [FieldError] = []
        var kind: InterventionKind?
        if let k = self.kind?.trimmingCharacters(in: .whitespaces), !k.isEmpty {
            kind = InterventionKind(rawValue: k)
            if kind == nil { errors.append(FieldError("kind", "Choose the kind of intervention from the list.")) }
        }
        var injury: InjuryOutcome?
        if let i = self.injury?.trimmingCharacters(in: .whitespaces), !i.isEmpty {
            injury = InjuryOutcome(rawValue: i)
            if injury == nil { errors.append(FieldError("injury", "Choose who was injured, if anyone.")) }
        }
        let input = InterventionService.Input(
            personID: InputParse.uuid(person, "person", "the person", into: &errors),
            startedAt: InputParse.time(started_at, "started_at", "When it began", into: &errors),
            minutes: Self.int(minutes, "minutes", "The duration", into: &errors),
            place: place ?? "", trigger: trigger ?? "", kind: kind, staff: staff ?? "", injury: injury,
            recoveryMinutes: Self.int(recovery_minutes, "recovery_minutes", "The time to settle", into: &errors),
            debriefAt: InputParse.time(debrief_at, "debrief_at", "The debrief's time", into: &errors),
            debriefBy: debrief_by ?? "",
            panelOn: InputParse.day(panel_on, "panel_on", "The panel's review day", into: &errors),
            learning: learning ?? "")
        return (input, errors)
    }
}

/// The restrictive interventions log (issue 23). Anyone delivering care records an intervention and its debrief; a
/// registered manager or above records the panel's sign-off. Each write recomputes the service's computed
/// intervention series in the same transaction. Commissioners read the measures, not the log.
struct InterventionService: PersonLogService {
    let db: any Database
    let actor: Actor
    let now: Date
    static let feed = IndicatorFeeds.Log.interventions

    struct Input: Sendable {
        var personID: UUID?
        var startedAt: Date?
        var minutes: Int?
        var place: String
        var trigger: String
        var kind: InterventionKind?
        var staff: String
        var injury: InjuryOutcome?
        var recoveryMinutes: Int?
        var debriefAt: Date?
        var debriefBy: String
        var panelOn: Day?
        var learning: String

        var record: InterventionRecord {
            InterventionRecord(
                personChosen: personID != nil, startedAt: startedAt, minutes: minutes, place: place, trigger: trigger,
                kindChosen: kind != nil, staff: staff, injuryChosen: injury != nil, recoveryMinutes: recoveryMinutes,
                debriefAt: debriefAt, debriefBy: debriefBy, panelOn: panelOn, learning: learning)
        }
    }

    func visible() throws -> QueryBuilder<RestrictiveIntervention> {
        try Scoped.providerLog(RestrictiveIntervention.self, for: actor, on: db)
    }

    func find(_ id: UUID?) async throws -> RestrictiveIntervention {
        try await Scoped.providerRecord(
            RestrictiveIntervention.self, id, what: "restrictive intervention", for: actor, on: db)
    }

    static func problems(_ input: Input, now: Date) -> [FieldError] {
        RestrictivePracticeRules.recordProblems(input.record, now: now)
    }

    private static func apply(_ input: Input, to i: RestrictiveIntervention) {
        let trim = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        i.startedAt = input.startedAt ?? i.startedAt
        i.minutes = input.minutes ?? i.minutes
        i.place = trim(input.place)
        i.trigger = trim(input.trigger)
        if let k = input.kind { i.kind = k }
        i.staff = trim(input.staff)
        if let j = input.injury { i.injury = j }
        i.recoveryMinutes = input.recoveryMinutes
        i.debriefAt = input.debriefAt
        i.debriefBy = trim(input.debriefBy)
        i.panelOn = input.panelOn?.iso
        i.learning = trim(input.learning)
    }

    private static func snapshot(_ i: RestrictiveIntervention) -> [String: String?] {
        [
            "person": i.$person.id.uuidString, "started_at": UKTime.format(i.startedAt), "minutes": String(i.minutes),
            "place": i.place, "trigger": i.trigger, "kind": i.kind.rawValue, "staff": i.staff,
            "injury": i.injury.rawValue, "recovery_minutes": i.recoveryMinutes.map(String.init),
            "debrief_at": i.debriefAt.map(UKTime.format), "debrief_by": i.debriefBy, "panel_on": i.panelOn,
            "learning": i.learning
        ]
    }

    func create(_ input: Input) async throws -> RestrictiveIntervention {
        try actor.require(.raiseConcerns)
        if input.panelOn != nil { try actor.require(.decideConcerns) }
        return try await write.create(person: input.personID, problems: Self.problems(input, now: now)) {
            try await Self.insert(input, person: $0, by: $1, rec: $2)
        }
    }

    /// Writes one checked intervention and its audit entry in the caller's transaction (the caller refreshes the
    /// computed series once for everything it wrote).
    static func insert(
        _ input: Input, person: Person, by actor: Actor, rec: AuditRecorder
    ) async throws
        -> RestrictiveIntervention
    {
        let i = RestrictiveIntervention()
        i.$organisation.id = actor.organisationID
        i.$recordedBy.id = actor.userID
        try i.place(with: person)
        apply(input, to: i)
        if i.panelOn != nil { i.$panelBy.id = actor.userID }
        i.version = 1
        try await i.create(on: rec.db)
        try await rec.record(
            "restrictive_intervention", i.requireID(), "created",
            AuditChange.diff([:], snapshot(i)))
        return i
    }

    /// The debrief (anyone delivering care), the panel's sign-off (a manager), and corrections, with the version
    /// read (409 when stale).
    func update(_ id: UUID?, _ input: Input, version: Int?) async throws -> RestrictiveIntervention {
        try actor.require(.raiseConcerns)
        let i = try await find(id)
        let version = try PersonLogWrite.version(version, current: i.version, what: "restrictive intervention")
        var input = input
        // The panel's sign-off is a manager's: anyone else's form does not carry it, so it is kept as it is, and
        // sending a different one is refused.
        if !actor.may(.decideConcerns) {
            let learning = input.learning.trimmingCharacters(in: .whitespacesAndNewlines)
            let changesPanel = input.panelOn != nil && input.panelOn?.iso != i.panelOn
            if changesPanel || (!learning.isEmpty && learning != i.learning) { try actor.require(.decideConcerns) }
            input.panelOn = i.panelOn.flatMap(Day.init(iso:))
            input.learning = i.learning
        }
        input.personID = input.personID ?? i.$person.id
        let person = try await write.person(input.personID, problems: Self.problems(input, now: now))
        let before = Self.snapshot(i)
        let oldService = i.$service.id
        Self.apply(input, to: i)
        try i.place(with: person)
        if i.panelOn != nil, (before["panel_on"] ?? nil) == nil { i.$panelBy.id = actor.userID }
        i.version = version
        try await write.update(
            i, table: "restrictive_intervention", what: "restrictive intervention",
            changes: AuditChange.diff(before, Self.snapshot(i)), from: oldService, to: i.$service.id,
            door: .interventionSignOff, subject: "panel_signed_off", version: \.version)
        return i
    }
}
