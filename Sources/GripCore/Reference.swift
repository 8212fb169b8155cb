import Foundation

/// Reference data Grip's own rules rely on whatever framework is in force: CQC's six evidence categories
/// (the closure gate triangulates across them) and the fundamental standards a finding can name.
public enum Reference {
    public struct Term: Sendable, Hashable, Decodable {
        public let id: String
        public let title: String
    }
    struct List: Decodable { let items: [Term] }
    struct File: Decodable {
        let evidenceCategories: List
        let regulations: List
    }

    static let file: File = {
        guard let url = Bundle.module.url(forResource: "cqc-reference", withExtension: "json"),
            let data = try? Data(contentsOf: url), let f = try? JSONDecoder().decode(File.self, from: data)
        else {
            fatalError("Grip's reference data (cqc-reference.json) is missing or unreadable")
        }
        return f
    }()

    /// CQC's evidence categories, in the order forms show them.
    public static let evidenceCategories: [Term] = file.evidenceCategories.items
    /// The fundamental standards (Regulated Activities Regulations 2014, Part 3).
    public static let regulations: [Term] = file.regulations.items

    /// CQC's five key questions: every CQC framework version keeps them, and services carry a rating for each.
    public static var keyQuestions: [Framework.Group] { Framework.cqc2023.groups }

    public static func regulation(_ id: String) -> Term? { regulations.first { $0.id == id } }
    public static func evidenceCategory(_ id: String) -> Term? { evidenceCategories.first { $0.id == id } }
    public static var evidenceCategoryTitles: [String: String] {
        Dictionary(evidenceCategories.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
    }
}
