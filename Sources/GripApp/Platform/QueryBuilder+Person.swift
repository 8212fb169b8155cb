import Fluent

extension QueryBuilder {
    /// The rows, each with the person `person` names joined in: one statement, where `with` took two.
    func allWithPerson(_ person: KeyPath<Model, ParentProperty<Model, User>>) async throws -> [Model] {
        let rows = try await join(User.self, on: person.appending(path: \.$id) == \User.$id).all()
        for row in rows { row[keyPath: person].value = try row.joined(User.self) }
        return rows
    }
}
