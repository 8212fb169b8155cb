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
        #expect(
            !Permission.recordAssuranceReview.allows(.registeredManager, RecordRelation(isLead: true, isReviewer: true))
        )
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
        #expect(
            Permission.approveChange.refusal(for: .qualityLead, RecordRelation(isProposer: true, band: .high))?
                .contains("You proposed") == true)
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

    /// DESIGN §1, issue 33: the senior reviewer, a quality lead or the nominated individual; never the lead, whatever
    /// their rank; a registered manager or an admin who is not the reviewer may not.
    @Test func reAuditIsTheReviewerAQualityLeadOrTheNominatedIndividualNeverTheLead() {
        #expect(Permission.reAudit.allows(.registeredManager, reviewer))
        #expect(Permission.reAudit.allows(.staff, reviewer))
        #expect(Permission.reAudit.allows(.qualityLead) && Permission.reAudit.allows(.nominatedIndividual))
        #expect(!Permission.reAudit.allows(.registeredManager))
        #expect(!Permission.reAudit.allows(.providerAdmin))
        #expect(!Permission.reAudit.allows(.staff, lead))
        #expect(!Permission.reAudit.allows(.registeredManager, lead), "a lead of manager rank does not re-audit")
        #expect(!Permission.reAudit.allows(.qualityLead, lead), "nor does a quality lead who leads it")
        #expect(Permission.reAudit.refusal(for: .registeredManager, lead)?.contains("never the lead") == true)
    }

    /// Issue 33: who may approve a change to an extreme action — a quality lead or the nominated individual, never
    /// the proposer or the lead; a registered manager or admin may not, though they may for a high one.
    @Test func onlyProviderOversightApprovesAChangeToAnExtremeAction() {
        let extreme = RecordRelation(band: .extreme), high = RecordRelation(band: .high)
        #expect(
            Role.allCases.filter { Permission.approveChange.allows($0, extreme) }
                == [.nominatedIndividual, .qualityLead])
        #expect(
            Role.allCases.filter { Permission.approveChange.allows($0, high) }
                == [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager])
        #expect(!Permission.approveChange.allows(.qualityLead, RecordRelation(isProposer: true, band: .extreme)))
        #expect(!Permission.approveChange.allows(.qualityLead, RecordRelation(isLead: true, band: .extreme)))
    }

    /// The commissioner owns the oversight level: only a commissioner confirms a step-down.
    @Test func onlyACommissionerConfirmsAStepDownAndProviderOversightApprovesAWatchedSeries() {
        #expect(Role.allCases.filter { Permission.confirmOversight.allows($0) } == [.commissioner])
        #expect(
            Role.allCases.filter { Permission.approveSeriesChange.allows($0) }
                == [.nominatedIndividual, .qualityLead])
        #expect(!Permission.approveSeriesChange.allows(.qualityLead, RecordRelation(isProposer: true)))
        #expect(
            Role.allCases.filter { Permission.changeSeriesSettings.allows($0) }
                == [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager])
    }

    /// Senior visits are the visitors' own record: the nominated individual and quality leads (issue 36).
    @Test func seniorVisitsAreRecordedByTheVisitors() {
        #expect(
            Role.allCases.filter { Permission.recordSeniorVisits.allows($0) } == [.nominatedIndividual, .qualityLead])
    }

    /// Safety-critical operating models (issue 36): managers set them up and verify, everyone of the provider records
    /// checks, only the owner re-signs, and a stand-down is approved by a quality lead or the nominated individual who
    /// did not propose it; the policy always holds it for them.
    @Test func safetyModelsAreKeptByManagersReSignedByTheirOwnerAndStoodDownByTwo() {
        let managers: [Role] = [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager]
        #expect(Role.allCases.filter { Permission.keepSafetyModels.allows($0) } == managers)
        #expect(Role.allCases.filter { Permission.verifySafetyChecks.allows($0) } == managers)
        #expect(Role.allCases.filter { Permission.recordSafetyChecks.allows($0) } == managers + [.staff])
        #expect(Role.allCases.filter { Permission.reSignSafetyModel.allows($0) }.isEmpty)
        #expect(
            Role.allCases.filter { Permission.reSignSafetyModel.allows($0, RecordRelation(isOwner: true)) }.count
                == Role.allCases.count)
        #expect(
            Role.allCases.filter { Permission.approveStandDown.allows($0) } == [.nominatedIndividual, .qualityLead])
        #expect(!Permission.approveStandDown.allows(.qualityLead, RecordRelation(isProposer: true)))
        let edit = PolicyEdit("stand_down", meetsCondition: false, message: "Stand down.")
        #expect(
            ChangePolicy.judge(.safetyModel, edits: [edit], reason: "Three weeks of complete checks.")
                == .hold(need: .secondPerson, approver: .approveStandDown, edits: [edit]))
        for free in ["set_up", "re_sign", "check", "verification"] {
            let e = PolicyEdit(free, meetsCondition: false, message: "\(free).")
            #expect(ChangePolicy.judge(.safetyModel, edits: [e], reason: nil) == .apply, "\(free)")
        }
    }

    /// Learning across services (issue 36): shared by the group's oversight, checked by each service's managers.
    @Test func learningIsSharedByTheGroupsOversightAndCheckedByManagers() {
        #expect(Role.allCases.filter { Permission.shareLearning.allows($0) } == [.nominatedIndividual, .qualityLead])
        #expect(
            Role.allCases.filter { Permission.recordLearningChecks.allows($0) }
                == [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager])
        for subject in ["share", "check"] {
            let e = PolicyEdit(subject, meetsCondition: false, message: "\(subject).")
            #expect(ChangePolicy.judge(.learning, edits: [e], reason: nil) == .apply)
        }
    }

    /// A decision not to escalate a fired threshold (issue 36): proposed by a manager or above, approved by a quality
    /// lead or the nominated individual who did not propose it; the policy always holds it for them.
    @Test func notEscalatingIsApprovedBySeniorOversightNeverTheProposer() {
        #expect(
            Role.allCases.filter { Permission.approveNotEscalating.allows($0) } == [.nominatedIndividual, .qualityLead])
        #expect(!Permission.approveNotEscalating.allows(.nominatedIndividual, RecordRelation(isProposer: true)))
        let edit = PolicyEdit("answer:not_escalating", meetsCondition: false, message: "Not escalating.")
        #expect(
            ChangePolicy.judge(.escalationFiring, edits: [edit], reason: "Reviewed by the GP; no harm.")
                == .hold(need: .secondPerson, approver: .approveNotEscalating, edits: [edit]))
        if case .refuse(let errors) = ChangePolicy.judge(.escalationFiring, edits: [edit], reason: "no") {
            #expect(errors.map(\.field) == ["change_reason"])
        } else {
            Issue.record("a short reason was not refused")
        }
        let takeUp = PolicyEdit("answer:taken_up", meetsCondition: false, message: "Taken up.")
        #expect(ChangePolicy.judge(.escalationFiring, edits: [takeUp], reason: nil) == .apply)
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
        #expect(
            ActionRules.leadRoles == [.providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager, .staff])
        #expect(
            Role.allCases.filter(ActionRules.mayReview) == [
                .providerAdmin, .nominatedIndividual, .qualityLead, .registeredManager
            ])
    }
}
