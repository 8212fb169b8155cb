import Fluent
import GripCore
import Vapor

/// A line of a log record's page: what, and what was recorded.
struct RecordItem: Encodable {
    let label: String
    let value: String
}

/// The lists a care log's form offers, the same for every log.
enum CareLogChoices {
    /// The people supported whom the actor sees (up to 2,000, by reference, with their service), the chosen one
    /// selected.
    static func people(_ req: Request, actor: Actor, selected: String?) async throws -> [Choice] {
        let people = try await PeopleService(db: req.db, actor: actor, today: req.today).visible()
            .with(\.$service).sort(\.$reference).limit(2000).all()
        return people.map { p in
            let id = p.id!.uuidString
            return Choice(value: id, label: "\(p.reference) — \(p.service.name)", selected: selected == id)
        }
    }

    /// A list's every case, labelled, the chosen one selected.
    static func options<E: CaseIterable & RawRepresentable>(
        _: E.Type, selected: String?, label: (E) -> String
    ) -> [Choice] where E.RawValue == String {
        E.allCases.map { Choice(value: $0.rawValue, label: label($0), selected: selected == $0.rawValue) }
    }
}
