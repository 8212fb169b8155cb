import Foundation

/// One version of an assessment framework: CQC's, a council's (PAMMS) or the provider's own. Data, never
/// Swift constants: Grip ships the CQC versions as files, and a provider loads others (`FrameworkFile`).
/// A version never changes once loaded: a new edition is a new version with its own id.
public struct Framework: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case regulator, commissioner, `internal`
        public var label: String {
            switch self {
            case .regulator: "Regulator"
            case .commissioner: "Commissioner"
            case .internal: "Internal"
            }
        }
    }

    /// A quality statement, key line of enquiry or standard.
    public struct Item: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        public let prompts: [String]
        public init(id: String, title: String, prompts: [String] = []) {
            self.id = id
            self.title = title
            self.prompts = prompts
        }
    }

    /// A key question or domain, holding its items in order.
    public struct Group: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        public let items: [Item]
        public init(id: String, title: String, items: [Item]) {
            self.id = id
            self.title = title
            self.items = items
        }
    }

    /// An evidence category or a level of the rating scale.
    public struct Term: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    public let id: String
    public let title: String
    public let owner: String
    public let kind: Kind
    public let effectiveFrom: Day
    public let effectiveTo: Day?
    /// What the framework calls its groups ("Key question", "Domain") and items ("Quality statement", "Standard").
    public let groupLabel: String
    public let itemLabel: String
    /// The plural, for headings ("Key lines of enquiry").
    public let itemsLabel: String
    public let note: String
    public let groups: [Group]
    public let evidenceCategories: [Term]
    public let ratingScale: [Term]

    private let groupIndexByItem: [String: Int]

    public init(
        id: String, title: String, owner: String, kind: Kind, effectiveFrom: Day, effectiveTo: Day? = nil,
        groupLabel: String? = nil, itemLabel: String? = nil, itemsLabel: String? = nil, note: String = "",
        groups: [Group],
        evidenceCategories: [Term] = [], ratingScale: [Term] = []
    ) {
        self.id = id
        self.title = title
        self.owner = owner
        self.kind = kind
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.groupLabel = groupLabel ?? (kind == .regulator ? "Key question" : "Domain")
        self.itemLabel = itemLabel ?? (kind == .regulator ? "Quality statement" : "Standard")
        self.itemsLabel = itemsLabel ?? self.itemLabel + "s"
        self.note = note
        self.groups = groups
        self.evidenceCategories = evidenceCategories
        self.ratingScale = ratingScale
        var index: [String: Int] = [:]
        for (g, group) in groups.enumerated() {
            for item in group.items where index[item.id] == nil { index[item.id] = g }
        }
        self.groupIndexByItem = index
    }

    public var items: [Item] { groups.flatMap(\.items) }

    public func item(_ id: String) -> Item? {
        guard let g = groupIndexByItem[id] else { return nil }
        return groups[g].items.first { $0.id == id }
    }

    public func contains(_ itemID: String) -> Bool { groupIndexByItem[itemID] != nil }

    public func group(ofItem id: String) -> Group? { groupIndexByItem[id].map { groups[$0] } }

    public func group(_ id: String) -> Group? { groups.first { $0.id == id } }

    /// Each item's title by id, for sentences.
    public var itemTitles: [String: String] {
        Dictionary(items.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
    }

    /// "S3 Safeguarding", or the bare id when the item is not in this version.
    public func label(ofItem id: String) -> String {
        item(id).map { "\($0.id) \($0.title)" } ?? id
    }

    /// "CQC key lines of enquiry for adult social care (cqc-kloe-2017)".
    public var name: String { "\(title) (\(id))" }

    /// Whether the version applies on a day by its own dates (the organisation's choice decides what is in force).
    public func isEffective(on day: Day) -> Bool {
        day >= effectiveFrom && (effectiveTo.map { day <= $0 } ?? true)
    }

    public static func == (a: Framework, b: Framework) -> Bool {
        a.id == b.id && a.title == b.title && a.owner == b.owner && a.kind == b.kind
            && a.effectiveFrom == b.effectiveFrom
            && a.effectiveTo == b.effectiveTo && a.groupLabel == b.groupLabel && a.itemLabel == b.itemLabel
            && a.itemsLabel == b.itemsLabel
            && a.note == b.note && a.groups == b.groups && a.evidenceCategories == b.evidenceCategories
            && a.ratingScale == b.ratingScale
    }

    public func hash(into h: inout Hasher) { h.combine(id) }
}

extension Framework {
    /// The CQC single assessment framework's quality statements (2023): the version in force for a new organisation.
    public static let cqc2023: Framework = bundledFile("cqc-qs-2023")
    /// CQC's key lines of enquiry for adult social care (2017 to 2023).
    public static let cqcKLOE2017: Framework = bundledFile("cqc-kloe-2017")

    /// The versions shipped with Grip, newest first. Every organisation can use them without loading a file.
    public static let bundledVersions: [Framework] = [cqc2023, cqcKLOE2017]

    public static func bundled(_ id: String) -> Framework? { bundledVersions.first { $0.id == id } }

    static func bundledFile(_ name: String) -> Framework {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "frameworks"),
            let data = try? Data(contentsOf: url)
        else {
            fatalError("The bundled framework \(name) is missing from Grip's resources")
        }
        switch FrameworkFile.parseJSON(data) {
        case .success(let fw): return fw
        case .failure(let f): fatalError("The bundled framework \(name) is invalid: \(f.problems)")
        }
    }
}
