import Fluent
import Foundation
import GripCore
import NIOConcurrencyHelpers
import SQLKit

/// The framework versions and crosswalks an organisation can use: Grip's bundled ones and those it loaded.
/// Read-only; `FrameworkService` loads and chooses.
struct FrameworkCatalogue: Sendable {
    let db: any Database
    let organisationID: UUID

    /// The regulator framework in force, with the day it took effect (nil: since the organisation was set up).
    struct InForce: Sendable {
        let framework: Framework
        let since: Day?
    }

    /// A loaded version's document parsed once per process: a stored version never changes (its row id is its
    /// identity), so the cache needs no invalidation.
    private static let parsed = NIOLockedValueBox<[UUID: Framework]>([:])

    /// For a page or an API read: the framework in force as read in the last few seconds (`RememberedReads`:
    /// putting a framework in force forgets it at once on this instance). Writes read it fresh (`inForce()`).
    func inForceRemembered() async throws -> InForce {
        let organisationID = self.organisationID
        let known = try await RememberedReads.shared.value(
            "fw:" + organisationID.uuidString, now: Clock.current.now(), organisation: { _ in organisationID }
        ) { try await inForce() }
        return known!  // `inForce` returns a value or throws
    }

    /// One statement: the organisation's choice joined to the loaded version it names.
    func inForce() async throws -> InForce {
        struct Row: Decodable {
            let framework_version: String
            let framework_effective_on: String?
            let version_id: UUID?
            let document: String?
        }
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT o.framework_version, o.framework_effective_on, f.id AS version_id, f.document
                FROM organisations o LEFT JOIN framework_versions f
                  ON f.organisation_id = o.id AND f.framework_id = o.framework_version
                WHERE o.id = \(bind: organisationID)
                """
            ).first(decoding: Row.self)
        else { throw AppError.notFound("organisation") }
        let since = row.framework_effective_on.flatMap(Day.init(iso:))
        if let fw = Framework.bundled(row.framework_version) { return InForce(framework: fw, since: since) }
        guard let id = row.version_id, let document = row.document else {
            throw AppError(.internalServerError, "The framework in force (\(row.framework_version)) is not loaded.")
        }
        return InForce(framework: try Self.framework(id: id, document: document), since: since)
    }

    /// Every version the organisation can use: bundled first, then those it loaded, newest first.
    func all() async throws -> [Framework] {
        let rows = try await Scoped.query(FrameworkVersion.self, organisation: organisationID, on: db)
            .sort(\.$effectiveFrom, .descending).sort(\.$frameworkID).all()
        return Framework.bundledVersions
            + (try rows.map { try Self.framework(id: $0.requireID(), document: $0.document) })
    }

    /// The version with this id, bundled or loaded.
    func find(_ id: String) async throws -> Framework? {
        if let fw = Framework.bundled(id) { return fw }
        guard
            let row = try await Scoped.query(FrameworkVersion.self, organisation: organisationID, on: db)
                .filter(\.$frameworkID == id).first()
        else { return nil }
        return try Self.framework(id: row.requireID(), document: row.document)
    }

    /// Versions by id, for labelling mappings made under several versions.
    func byID(_ ids: Set<String>) async throws -> [String: Framework] {
        var out: [String: Framework] = [:]
        var wanted: [String] = []
        for id in ids { if let fw = Framework.bundled(id) { out[id] = fw } else { wanted.append(id) } }
        if wanted.isEmpty { return out }
        for row in try await Scoped.query(FrameworkVersion.self, organisation: organisationID, on: db)
            .filter(\.$frameworkID ~~ wanted).all()
        {
            out[row.frameworkID] = try Self.framework(id: row.requireID(), document: row.document)
        }
        return out
    }

    /// Every crosswalk: the organisation's own, and the bundled ones for pairs it has not loaded its own for.
    func crosswalks() async throws -> [Crosswalk] {
        let loaded = try await Scoped.query(FrameworkCrosswalk.self, organisation: organisationID, on: db)
            .sort(\.$fromFramework).sort(\.$toFramework).all()
        let own = try loaded.map { try Self.crosswalk($0) }
        return own + Crosswalk.bundled.filter { b in !own.contains { $0.joins(b.from, b.to) } }
    }

    /// The crosswalk read from one version to another, in whichever direction it was loaded.
    func crosswalk(from: String, to: String) async throws -> Crosswalk? {
        try await crosswalks().lazy.compactMap { $0.reading(from: from, to: to) }.first
    }

    /// Each commissioner's framework, by the commissioner's name as services list it.
    func commissionerFrameworks() async throws -> [CommissionerFramework] {
        try await Scoped.query(CommissionerFramework.self, organisation: organisationID, on: db)
            .sort(\.$commissioner).all()
    }

    /// The framework a commissioner assesses against, when one is chosen.
    func forCommissioner(_ name: String) async throws -> Framework? {
        guard
            let row = try await Scoped.query(CommissionerFramework.self, organisation: organisationID, on: db)
                .filter(\.$commissioner == name).first()
        else { return nil }
        return try await find(row.frameworkID)
    }

    static func framework(id: UUID, document: String) throws -> Framework {
        if let fw = parsed.withLockedValue({ $0[id] }) { return fw }
        switch FrameworkFile.parseJSON(Data(document.utf8)) {
        case .success(let fw):
            parsed.withLockedValue { $0[id] = fw }
            return fw
        case .failure(let f):
            throw AppError(
                .internalServerError,
                "A stored framework version cannot be read: \(f.problems.first?.description ?? "")")
        }
    }

    static func crosswalk(_ row: FrameworkCrosswalk) throws -> Crosswalk {
        // Stored rows were checked when loaded; read them again without the frameworks' item lists.
        var rows: [Crosswalk.Row] = []
        let records = (try? CSV.parse(row.document)) ?? []
        for r in records.dropFirst() where r.fields.count >= 5 {
            rows.append(
                Crosswalk.Row(
                    fromItem: r.fields[1].isEmpty ? nil : r.fields[1],
                    toItem: r.fields[3].isEmpty ? nil : r.fields[3], basis: r.fields[4]))
        }
        return Crosswalk(from: row.fromFramework, to: row.toFramework, rows: rows)
    }
}
