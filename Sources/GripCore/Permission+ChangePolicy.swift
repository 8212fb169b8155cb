import Foundation

extension Permission {
    /// Who may, in words, read off the rulebook itself (so the policy table cannot drift from it):
    /// the roles allowed with no relation to the record, who else is allowed through a relation,
    /// who is ruled out by one, and who at the extreme band.
    public var who: String {
        let base = Role.allCases.filter { allows($0) }
        let relations: [(String, RecordRelation)] = [
            ("the action's lead", RecordRelation(isLead: true)),
            ("the senior reviewer", RecordRelation(isReviewer: true)),
            ("the record's owner", RecordRelation(isOwner: true))
        ]
        // Who else a relation lets in (whatever their role), and whom one rules out.
        let gained = relations.filter { _, r in Role.allCases.contains { !base.contains($0) && allows($0, r) } }.map(
            \.0)
        let lost = relations.filter { _, r in base.contains { !allows($0, r) } }.map(\.0)
        var who = base.isEmpty ? "" : Self.name(base)
        if base.isEmpty, let first = gained.first {
            who =
                first.prefix(1).uppercased() + first.dropFirst() + gained.dropFirst().map { " or \($0)" }.joined()
                + " only"
        } else if !gained.isEmpty {
            who += gained.map { ", or \($0)" }.joined()
        }
        if base.isEmpty && gained.isEmpty { who = "Nobody" }
        var parts = [who] + lost.map { "never \($0)" }
        if base.contains(where: { !allows($0, RecordRelation(isProposer: true)) }) {
            parts.append("never the proposer")
        }
        let extreme = base.filter { allows($0, RecordRelation(band: .extreme)) }
        if extreme != base { parts.append("extreme: \(Self.name(extreme).lowercased()) only") }
        return parts.joined(separator: "; ")
    }

    static func name(_ roles: [Role]) -> String {
        let set = Set(roles)
        if set == Set(Role.allCases) { return "Anyone signed in" }
        if set == Set(Role.allCases.filter(\.isManagerOrAbove)) { return "Registered manager or above" }
        if set == Set(Role.allCases.filter(\.isManagerOrAbove) + [.commissioner]) {
            return "Registered manager or above, or the commissioner"
        }
        if set == Set(Role.allCases.filter(\.canLeadActions)) { return "The provider's people (not commissioners)" }
        if set == [.commissioner] { return "A commissioner of the service" }
        let labels = roles.map(\.label)
        guard labels.count > 1 else { return labels.first ?? "" }
        return labels.dropLast().joined(separator: ", ") + " or " + labels.last!.lowercased()
    }
}
