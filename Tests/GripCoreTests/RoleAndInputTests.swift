import Foundation
import Testing
@testable import GripCore

@Suite struct RoleAndInputTests {
    @Test func organisationRolesSeeEveryService() {
        #expect(Role.allCases.filter(\.isOrganisationScoped) == [.providerAdmin, .nominatedIndividual, .qualityLead])
    }

    @Test func managerOrAbove() {
        #expect(
            Role.allCases.filter(\.isManagerOrAbove) == [
                .providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager
            ])
    }

    @Test func permissionsTable() {
        #expect(Role.allCases.filter { Permission.administer.allows($0) } == [.providerAdmin])
        #expect(!Permission.createActions.allows(.staff))
        #expect(!Permission.createActions.allows(.commissioner))
        #expect(Permission.createActions.allows(.registeredManager))
        #expect(Role.allCases.allSatisfy { Permission.viewActions.allows($0) })
    }

    /// Who holds each permission, role by role (DESIGN §1).
    @Test(arguments: [
        (
            Permission.recordEvidence,
            [Role.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .staff]
        ),
        (.changeActionStatus, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.completeDecisions, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.recordProgress, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .staff]),
        (.recordAssuranceReview, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.readPacks, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .commissioner]),
        (.signOffClosure, []),
        (.readMeetings, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .staff]),
        (.reAudit, [.nominatedIndividual, .qualityLead]),
        (.raiseEscalations, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.runMeetings, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.enterIndicatorValues, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.updateCommissioner, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]),
        (.moveEscalations, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .commissioner]),
        (.recordOversight, [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .commissioner]),
        (.keepIndicators, [.providerAdmin, .nominatedIndividual, .qualityLead])
    ])
    func whoHoldsEachPermission(_ permission: Permission, _ holders: [Role]) {
        #expect(Role.allCases.filter { permission.allows($0) } == holders)
        for role in Role.allCases where !holders.contains(role) {
            #expect(permission.refusal(for: role)?.isEmpty == false, "a refused \(role) is told why")
        }
    }

    @Test func everyEscalationPartyMayMoveEscalationsAndNoOneElse() {
        for role in Role.allCases {
            #expect(Permission.moveEscalations.allows(role) == (Party.of(role) != nil))
            #expect(Permission.raiseEscalations.allows(role) == (Party.of(role) == .provider))
        }
    }

    @Test func passwordRules() {
        #expect(PasswordPolicy.problem("short") != nil)
        #expect(PasswordPolicy.problem("aaaaaaaaaaaa") != nil)
        #expect(PasswordPolicy.problem("correct horse battery") == nil)
        #expect(PasswordPolicy.problem(String(repeating: "ab", count: 101)) != nil)
    }

    @Test func emailNormalisation() {
        #expect(EmailAddress.normalised("  Sarah.Collins@Example.ORG ") == "sarah.collins@example.org")
        #expect(EmailAddress.normalised("no-at-sign") == nil)
        #expect(EmailAddress.normalised("a@b") == nil)
        #expect(EmailAddress.normalised("a b@c.org") == nil)
        #expect(EmailAddress.normalised("a@@c.org") == nil)
    }
}
