import Foundation
import Testing
@testable import GripCore

/// The record-level rules of the one rulebook: by role and by relation to the record.
@Suite struct RulebookTests {
    let lead = RecordRelation(isLead: true)
    let reviewer = RecordRelation(isReviewer: true)
    let owner = RecordRelation(isOwner: true)

    @Test func theLeadRecordsProgressButNeverTheAssuranceReview() {
        for role in Role.allCases where role != .commissioner {
            #expect(Permission.recordProgress.allows(role, lead))
            let refusal = Permission.recordAssuranceReview.refusal(for: role, lead)
            #expect(refusal?.contains("progress updates") == true, "\(role) leading the action is refused assurance")
        }
        #expect(!Permission.recordProgress.allows(.commissioner))
    }

    @Test func assuranceIsTheReviewerOrAManagerWhoIsNotTheLead() {
        #expect(Permission.recordAssuranceReview.allows(.registeredManager))
        #expect(Permission.recordAssuranceReview.allows(.qualityLead, reviewer))
        #expect(!Permission.recordAssuranceReview.allows(.staff))
        #expect(!Permission.recordAssuranceReview.allows(.commissioner))
        // Even a manager may not assure an action they lead, and even if also named its reviewer (a broken record).
        #expect(!Permission.recordAssuranceReview.allows(.registeredManager, RecordRelation(isLead: true, isReviewer: true)))
    }

    @Test func statusMovesAreForTheLeadOrAManager() {
        #expect(Permission.changeActionStatus.allows(.staff, lead))
        #expect(!Permission.changeActionStatus.allows(.staff))
        #expect(!Permission.changeActionStatus.allows(.staff, owner))
        #expect(!Permission.changeActionStatus.allows(.commissioner, lead))
        #expect(Permission.changeActionStatus.allows(.registeredManager))
    }

    @Test func stepsAreCompletedByTheirOwnerTheLeadOrAManager() {
        #expect(Permission.completeStep.allows(.staff, owner))
        #expect(Permission.completeStep.allows(.staff, lead))
        #expect(!Permission.completeStep.allows(.staff))
        #expect(!Permission.completeStep.allows(.commissioner, owner))
        #expect(Permission.completeStep.allows(.qualityLead))
    }

    @Test func onlyTheNamedSeniorReviewerSignsOffWhateverTheRole() {
        for role in Role.allCases {
            #expect(Permission.signOffClosure.allows(role, reviewer))
            #expect(!Permission.signOffClosure.allows(role), "\(role) not named as reviewer cannot sign off")
        }
        #expect(!Permission.signOffClosure.allows(.providerAdmin, lead))
    }

    @Test func approvalNeedsASecondPersonWhoMayBeTheSeniorReviewer() {
        let high = RecordRelation(band: .high)
        #expect(Permission.approveChange.allows(.registeredManager, high))
        #expect(!Permission.approveChange.allows(.staff, high))
        #expect(!Permission.approveChange.allows(.commissioner, high))
        // The proposer never approves their own change; nor does the lead.
        #expect(Permission.approveChange.refusal(for: .qualityLead, RecordRelation(isProposer: true, band: .high))?.contains("You proposed") == true)
        #expect(!Permission.approveChange.allows(.nominatedIndividual, RecordRelation(isLead: true, band: .high)))
        // Extreme: provider-level oversight only.
        let extreme = RecordRelation(band: .extreme)
        #expect(Permission.approveChange.allows(.qualityLead, extreme))
        #expect(Permission.approveChange.allows(.nominatedIndividual, extreme))
        #expect(!Permission.approveChange.allows(.registeredManager, extreme))
        #expect(!Permission.approveChange.allows(.providerAdmin, extreme))
        // The reviewer may approve (they are not the proposer).
        #expect(Permission.approveChange.allows(.registeredManager, RecordRelation(isReviewer: true, band: .moderate)))
    }

    @Test func evidenceAndRequestsAndDecisionsFollowTheirOwner() {
        for p in [Permission.editEvidence, .fulfilEvidenceRequest, .completeDecisions] {
            #expect(p.allows(.staff, owner))
            #expect(!p.allows(.staff))
            #expect(p.allows(.registeredManager))
            #expect(!p.allows(.commissioner, owner))
        }
    }

    @Test func reAuditIsAManagerOrTheReviewer() {
        #expect(Permission.reAudit.allows(.registeredManager))
        #expect(Permission.reAudit.allows(.staff, reviewer))
        #expect(!Permission.reAudit.allows(.staff, lead))
    }

    @Test func everyRefusalSaysWhy() {
        let relations = [RecordRelation.none, lead, reviewer, owner, RecordRelation(isProposer: true, band: .extreme)]
        for p in Permission.allCases {
            for role in Role.allCases {
                for r in relations {
                    if let why = p.refusal(for: role, r) { #expect(why.count > 20, "\(p) for \(role): \(why)") }
                }
            }
        }
    }
}

@Suite struct PeopleRulesTests {
    @Test func anAdminCannotDemoteThemself() {
        #expect(PeopleRules.selfChangeProblem(isSelf: true, newRole: .qualityLead)?.field == "role")
        #expect(PeopleRules.selfChangeProblem(isSelf: true, newRole: .providerAdmin) == nil)
        #expect(PeopleRules.selfChangeProblem(isSelf: false, newRole: .staff) == nil)
    }

    @Test func everyoneButCommissionersDeliversWork() {
        #expect(ActionRules.leadRoles == [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .staff])
        #expect(Role.allCases.filter(ActionRules.mayReview) == [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager])
    }
}
