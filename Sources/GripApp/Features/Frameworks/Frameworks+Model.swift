import Fluent
import GripCore
import Vapor

/// The frameworks page: versions loaded, the one in force, commissioners' frameworks and crosswalks.
struct FrameworksPage: Encodable {
    struct Version: Encodable {
        let id: String, title: String, owner: String, kind: String, effective: String, items: Int, href: String
        let inForce: Bool, bundled: Bool
    }
    struct CrosswalkRow: Encodable {
        let from: String, to: String, rows: Int, href: String, bundled: Bool, remapHref: String?
    }
    struct CommissionerRow: Encodable { let name: String, framework: String, since: String, version: Int }
    let layout: Layout
    let form: FormState
    let inForce: String
    let inForceID: String
    let since: String
    let versions: [Version]
    let crosswalks: [CrosswalkRow]
    let commissioners: [CommissionerRow]
    /// Commissioners named on the organisation's services, offered when choosing their frameworks.
    let commissionerNames: [String]
    let regulatorChoices: [Choice]
    let commissionerChoices: [Choice]
    let remapTargets: [Choice]
    let today: String
    let canManage: Bool
    let canRemap: Bool

    static func load(_ req: Request, form: FormState = FormState()) async throws -> FrameworksPage {
        let actor = try req.actor
        try actor.require(.readProviderWork)
        let catalogue = FrameworkCatalogue(db: req.db, organisationID: actor.organisationID)
        let inForce = try await catalogue.inForce()
        let all = try await catalogue.all()
        let crosswalks = try await catalogue.crosswalks()
        let commissioners = try await catalogue.commissionerFrameworks()
        let names = try await Scoped.query(Service.self, for: actor, on: req.db)
            .field(\.$commissioners).all().flatMap { $0.commissioners.split(separator: ";") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let fw = inForce.framework
        let canRemap = actor.may(.remapFrameworks)
        let v = form.values
        return FrameworksPage(
            layout: Layout(req, title: "Frameworks", section: actor.may(.administer) ? "admin" : "actions"),
            form: form,
            inForce: fw.name, inForceID: fw.id, since: inForce.since?.ukFormat ?? "",
            versions: all.map { f in
                Version(
                    id: f.id, title: f.title, owner: f.owner, kind: f.kind.label,
                    effective: f.effectiveFrom.ukFormat + (f.effectiveTo.map { " to \($0.ukFormat)" } ?? " onwards"),
                    items: f.items.count, href: Paths.framework(f.id), inForce: f.id == fw.id,
                    bundled: Framework.bundled(f.id) != nil)
            },
            crosswalks: crosswalks.map { c in
                let other = c.from == fw.id ? c.to : c.to == fw.id ? c.from : nil
                return CrosswalkRow(
                    from: c.from, to: c.to, rows: c.rows.count, href: Paths.crosswalk(from: c.from, to: c.to),
                    bundled: Crosswalk.bundled.contains(c),
                    remapHref: canRemap ? other.map { Paths.remap(from: fw.id, to: $0) } : nil)
            },
            commissioners: commissioners.map {
                CommissionerRow(
                    name: $0.commissioner, framework: $0.frameworkID,
                    since: Day(iso: $0.effectiveOn)?.ukFormat ?? $0.effectiveOn, version: $0.version)
            },
            commissionerNames: Array(Set(names)).sorted(),
            regulatorChoices: all.filter { $0.kind == .regulator }.map {
                Choice(value: $0.id, label: $0.name, selected: (v["framework"] ?? fw.id) == $0.id)
            },
            commissionerChoices: [Choice(value: "", label: "None (remove)", selected: false)]
                + all.map {
                    Choice(
                        value: $0.id, label: "\($0.name): \($0.owner)", selected: v["commissioner_framework"] == $0.id)
                },
            remapTargets: all.filter { $0.id != fw.id }.map { Choice(value: $0.id, label: $0.name, selected: false) },
            today: req.today.iso, canManage: actor.may(.manageFrameworks), canRemap: canRemap)
    }
}

/// One framework version: its key questions or domains and items, with prompts.
struct FrameworkVersionPage: Encodable {
    struct Group: Encodable { let id: String, title: String, items: [Framework.Item] }
    let layout: Layout
    let id: String, title: String, owner: String, kind: String, effective: String, note: String
    let groupLabel: String, itemLabel: String
    let groups: [Group]
    let evidenceCategories: [Framework.Term]
    let ratingScale: [Framework.Term]
    let inForce: Bool
    let jsonHref: String, csvHref: String

    static func make(_ req: Request, _ fw: Framework, inForce: Bool) -> FrameworkVersionPage {
        FrameworkVersionPage(
            layout: Layout(req, title: fw.title, section: "actions"), id: fw.id, title: fw.title, owner: fw.owner,
            kind: fw.kind.label,
            effective: fw.effectiveFrom.ukFormat + (fw.effectiveTo.map { " to \($0.ukFormat)" } ?? " onwards"),
            note: fw.note,
            groupLabel: fw.groupLabel, itemLabel: fw.itemLabel,
            groups: fw.groups.map { Group(id: $0.id, title: $0.title, items: $0.items) },
            evidenceCategories: fw.evidenceCategories, ratingScale: fw.ratingScale, inForce: inForce,
            jsonHref: Paths.framework(fw.id, format: "json"), csvHref: Paths.framework(fw.id, format: "csv"))
    }
}

/// A crosswalk's rows, each item with its title.
struct CrosswalkPage: Encodable {
    struct Row: Encodable { let from: String, to: String, basis: String }
    let layout: Layout
    let from: String, to: String
    let rows: [Row]
    let csvHref: String
}

/// The re-map plan: what each action would map to under the new version, and what needs a person.
struct RemapPage: Encodable {
    struct Target: Encodable { let label: String, basis: String }
    struct Line: Encodable {
        let id: String, reference: String, title: String, service: String, href: String, editHref: String
        let from: [String]
        let existing: [String]
        let targets: [Target]
        let unmapped: [String]
    }
    let layout: Layout
    let form: FormState
    let from: String, fromID: String, to: String, toID: String
    let crosswalk: String
    let digest: String
    let proposed: [Line]
    let needsChoice: [Line]
    let alreadyMapped: Int
    let notMapped: Int

    static func make(_ req: Request, _ plan: RemapService.Plan, form: FormState = FormState()) -> RemapPage {
        let (from, to) = (plan.from, plan.to)
        func line(_ l: RemapService.Line) -> Line {
            let p = l.proposal
            return Line(
                id: l.action.id!.uuidString, reference: l.action.reference, title: l.action.title,
                service: l.action.service.name, href: Paths.action(l.action.id!),
                editHref: Paths.editAction(l.action.id!),
                from: p.fromItems.map { from.label(ofItem: $0) }, existing: p.existing.map { to.label(ofItem: $0) },
                targets: p.targets.map { t in
                    Target(
                        label: to.label(ofItem: t.item),
                        basis: "From \(t.via.joined(separator: ", ")): " + t.bases.joined(separator: " "))
                },
                unmapped: p.unmapped.map { u in from.label(ofItem: u.item) + (u.reason.map { ": \($0)" } ?? "") })
        }
        return RemapPage(
            layout: Layout(req, title: "Re-map actions to \(to.id)", section: "actions"), form: form,
            from: from.name, fromID: from.id, to: to.name, toID: to.id,
            crosswalk: plan.crosswalk.map { "\($0.rows.count) rows, \($0.from) to \($0.to)" } ?? "",
            digest: plan.digest,
            proposed: plan.lines.filter { $0.proposal.outcome == .proposed }.map(line),
            needsChoice: plan.lines.filter { $0.proposal.outcome == .needsChoice }.map(line),
            alreadyMapped: plan.count(.alreadyMapped), notMapped: plan.count(.notMapped))
    }
}
