import Foundation

/// A version of the CQC assessment framework, loaded from data (never hard-coded).
public struct Framework: Sendable, Decodable {
    public struct Statement: Sendable, Decodable, Hashable {
        public let id: String
        public let name: String
    }
    public struct KeyQuestion: Sendable, Decodable, Hashable {
        public let id: String
        public let name: String
        public let statements: [Statement]
    }
    public struct Item: Sendable, Decodable, Hashable {
        public let id: String
        public let name: String
    }
    public struct Regulations: Sendable, Decodable {
        public let items: [Item]
    }

    public let framework: String
    public let version: String
    public let keyQuestions: [KeyQuestion]
    public let evidenceCategories: [Item]
    public let regulations: Regulations

    public var statements: [Statement] { keyQuestions.flatMap(\.statements) }

    public func statement(_ id: String) -> Statement? { statements.first { $0.id == id } }

    /// Each statement's name by id, for sentences.
    public var statementNames: [String: String] {
        Dictionary(statements.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    public func keyQuestion(ofStatement id: String) -> KeyQuestion? {
        keyQuestions.first { $0.statements.contains { $0.id == id } }
    }

    public func keyQuestion(_ id: String) -> KeyQuestion? { keyQuestions.first { $0.id == id } }

    public func regulation(_ id: String) -> Item? { regulations.items.first { $0.id == id } }

    public static func decode(_ data: Data) throws -> Framework {
        try JSONDecoder().decode(Framework.self, from: data)
    }

    /// The framework version shipped with Grip (CQC single assessment framework, 2023).
    public static let bundled: Framework = {
        guard let url = Bundle.module.url(forResource: "cqc-quality-statements", withExtension: "json"),
              let data = try? Data(contentsOf: url), let fw = try? decode(data) else {
            fatalError("The bundled CQC framework resource is missing or unreadable")
        }
        return fw
    }()
}
