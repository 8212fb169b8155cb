import Foundation
import Testing
@testable import GripCore

@Suite struct ClosureGateTests {
    let reviewer = UUID()
    let baseline = Day(iso: "2026-03-03")!
    let names = [
        "people": "People's experience", "staff": "Feedback from staff and leaders",
        "partners": "Feedback from partners",
        "observation": "Observation", "processes": "Processes", "outcomes": "Outcomes"
    ]

    func facts(
        _ band: RiskBand, _ categories: [String], on day: Day? = nil, measure: Double? = 100,
        direction: TargetDirection = .higher, target: Double = 100, signer: UUID? = nil, connected: Bool = true
    ) -> ClosureFacts {
        ClosureFacts(
            band: band, baselineDay: baseline, direction: direction, targetValue: target,
            metric: "% reviewed the same day",
            evidence: categories.map { EvidenceFact(category: $0, date: day ?? baseline.adding(days: 5)) },
            latestMeasure: measure, indicatorValuesSinceBaseline: connected, reviewerID: reviewer,
            reviewerName: "Helen Marsh", signerID: signer ?? reviewer,
            categoryNames: names)
    }

    func codes(_ f: ClosureFacts) -> [ClosureCondition] { ClosureGate.unmet(f).map(\.code) }

    @Test(arguments: [RiskBand.low, .moderate])
    func lowerBandsNeedTwoCategories(band: RiskBand) {
        #expect(codes(facts(band, ["processes"])) == [.evidenceCategories])
        #expect(codes(facts(band, ["processes", "processes"])) == [.evidenceCategories])
        #expect(codes(facts(band, ["processes", "staff"])).isEmpty)
        #expect(codes(facts(band, [])) == [.evidenceCategories])
    }

    @Test(arguments: [RiskBand.high, .extreme])
    func higherBandsNeedThreeCategoriesIncludingDirectEvidence(band: RiskBand) {
        #expect(codes(facts(band, ["processes", "staff"])) == [.evidenceCategories, .directEvidence])
        #expect(codes(facts(band, ["processes", "staff", "partners"])) == [.directEvidence])
        #expect(codes(facts(band, ["processes", "staff", "observation"])).isEmpty)
        #expect(codes(facts(band, ["processes", "staff", "people"])).isEmpty)
        #expect(codes(facts(band, ["observation", "people"])) == [.evidenceCategories])
    }

    @Test func messagesSayWhatIsNeededAndWhatThereIs() {
        let m = ClosureGate.unmet(facts(.high, ["staff", "processes"]))
        #expect(
            m[0].message
                == """
                Needs evidence from 3 different CQC evidence categories including observation or people's \
                experience — has 2: feedback from staff and leaders, processes.
                """
        )
        #expect(m[1].message.contains("observation or people's experience"))
    }

    @Test func evidenceOnTheBaselineDayCountsAndOlderDoesNot() {
        var f = facts(.low, ["processes", "staff"], on: baseline)
        #expect(codes(f).isEmpty)
        f = facts(.low, ["processes", "staff"], on: baseline.adding(days: -1))
        let unmet = ClosureGate.unmet(f)
        #expect(unmet.map(\.code) == [.evidenceCategories])
        #expect(
            unmet[0].message.contains(
                "Only evidence from 3 March 2026, the baseline day, counts: 2 older items do not."))
        f.evidence.append(EvidenceFact(category: "outcomes", date: baseline))
        f.evidence.append(EvidenceFact(category: "observation", date: baseline.adding(days: 1)))
        #expect(codes(f).isEmpty)
    }

    @Test func targetMetExactlyAtTargetInEitherDirection() {
        #expect(codes(facts(.low, ["a", "b"], measure: 100)).isEmpty)
        #expect(codes(facts(.low, ["a", "b"], measure: 99.9)) == [.targetMet])
        #expect(codes(facts(.low, ["a", "b"], measure: 101)).isEmpty)
        #expect(codes(facts(.low, ["a", "b"], measure: 0, direction: .lower, target: 0)).isEmpty)
        #expect(codes(facts(.low, ["a", "b"], measure: 1, direction: .lower, target: 0)) == [.targetMet])
        #expect(codes(facts(.low, ["a", "b"], measure: -1, direction: .lower, target: 0)).isEmpty)
        let m = ClosureGate.unmet(facts(.low, ["a", "b"], measure: 82))
        #expect(m[0].message == "The latest measure 82% has not met the target 100% (higher is better).")
    }

    @Test func noMeasureYetIsUnmet() {
        let m = ClosureGate.unmet(facts(.moderate, ["a", "b"], measure: nil))
        #expect(m.map(\.code) == [.targetMet])
        #expect(m[0].message.contains("No review has recorded a measure value"))
    }

    @Test func onlyTheSeniorReviewerSigns() {
        let m = ClosureGate.unmet(facts(.low, ["a", "b"], signer: UUID()))
        #expect(m.map(\.code) == [.reviewer])
        #expect(m[0].message.contains("Helen Marsh"))
    }

    @Test func everyConditionAtOnce() {
        #expect(
            codes(facts(.extreme, ["processes"], measure: 10, signer: UUID(), connected: false))
                == [.evidenceCategories, .directEvidence, .targetMet, .connected, .reviewer])
    }

    /// A high or extreme action must be connected to outcomes: outcome evidence since the baseline,
    /// or a linked indicator with values since then. Low and moderate need neither.
    @Test(arguments: [RiskBand.high, .extreme])
    func higherBandsMustBeConnectedToOutcomes(band: RiskBand) {
        let triangulated = ["processes", "staff", "observation"]
        let m = ClosureGate.unmet(facts(band, triangulated, connected: false))
        #expect(m.map(\.code) == [.connected])
        #expect(m[0].message.contains("connected to outcomes"))
        #expect(codes(facts(band, triangulated, connected: true)).isEmpty)
        #expect(codes(facts(band, triangulated + ["outcomes"], connected: false)).isEmpty)
        // Outcome evidence from before the baseline day does not connect it.
        var old = facts(band, triangulated, connected: false)
        old.evidence.append(EvidenceFact(category: "outcomes", date: baseline.adding(days: -1)))
        #expect(codes(old) == [.connected])
    }

    @Test(arguments: [RiskBand.low, .moderate])
    func lowerBandsNeedNoConnection(band: RiskBand) {
        #expect(codes(facts(band, ["processes", "staff"], connected: false)).isEmpty)
    }

    @Test func theLatestAssuredMeasureCountsNotTheBest() {
        // The gate is given the latest review's measure: 99 after an earlier 100 is unmet.
        #expect(codes(facts(.low, ["a", "b"], measure: 99)) == [.targetMet])
    }

    @Test func overrideRemovesExactlyOneUnmetConditionWithAReasonOnLowAndModerate() throws {
        let f = facts(.moderate, ["processes"], measure: 95)
        #expect(
            try ClosureGate.decide(f, override: (.targetMet, "Audit sample too small this month: verified by hand"))
                .map(\.code)
                == [.evidenceCategories])
        #expect(try ClosureGate.decide(f, override: nil).map(\.code) == [.evidenceCategories, .targetMet])
        #expect(throws: ClosureGate.OverrideError.reasonRequired) {
            try ClosureGate.decide(f, override: (.targetMet, "  short "))
        }
        let met = facts(.low, ["processes"], measure: 100)
        #expect(throws: ClosureGate.OverrideError.conditionAlreadyMet(.targetMet)) {
            try ClosureGate.decide(met, override: (.targetMet, "A long enough reason here"))
        }
        let other = facts(.low, ["a", "b"], signer: UUID())
        #expect(throws: ClosureGate.OverrideError.reviewerCannotBeOverridden) {
            try ClosureGate.decide(other, override: (.reviewer, "I am in charge of this"))
        }
    }

    /// High and extreme actions allow no override at all: stronger evidence, not waivers.
    @Test(arguments: [RiskBand.high, .extreme])
    func higherBandsAllowNoOverride(band: RiskBand) {
        let f = facts(band, ["processes", "staff", "partners"], measure: 95, connected: false)
        for condition in [ClosureCondition.directEvidence, .targetMet, .connected, .evidenceCategories] {
            #expect(throws: ClosureGate.OverrideError.noOverrideForBand(band)) {
                try ClosureGate.decide(f, override: (condition, "Observation impossible: service closed to visitors"))
            }
            #expect(!condition.canBeOverridden(on: band))
            #expect(condition.canBeOverridden(on: .moderate))
        }
        #expect(!ClosureCondition.reviewer.canBeOverridden(on: .low))
    }
}

@Suite struct AttentionTests {
    let today = Day(iso: "2026-06-30")!

    func facts(
        status: ActionStatus = .inProgress, band: RiskBand = .moderate, due: Int = 10, review: Int = 3,
        baseline: Int = -20,
        measures: [Double] = [], lastEvidence: Int? = -1, outcome: Bool = true, indicator: Bool = false,
        direction: TargetDirection = .higher, baselineValue: Double = 50
    ) -> AttentionFacts {
        AttentionFacts(
            status: status, band: band, dueDay: today.adding(days: due), nextReviewDay: today.adding(days: review),
            baselineDay: today.adding(days: baseline), direction: direction, baselineValue: baselineValue,
            measures: measures,
            lastEvidenceDay: lastEvidence.map { today.adding(days: $0) }, hasOutcomeEvidence: outcome,
            hasLinkedIndicator: indicator)
    }

    func flags(_ f: AttentionFacts) -> [AttentionFlag] {
        Attention.flags(f, policy: .current, today: today).map(\.flag)
    }

    @Test func aHealthyActionHasNoFlags() {
        #expect(flags(facts()).isEmpty)
    }

    @Test func overdueAndReviewOverdueFromTheDayAfter() {
        #expect(flags(facts(due: -1)) == [.overdue])
        #expect(flags(facts(due: 0)).isEmpty)
        #expect(flags(facts(review: -1)) == [.reviewOverdue])
        #expect(flags(facts(review: 0)).isEmpty)
        #expect(
            Attention.flags(facts(due: -3), policy: .current, today: today)[0].explanation.contains("3 days overdue"))
    }

    @Test func stalledAfterTwoReviewPeriodsWithoutEvidence() {
        // Moderate: cadence 14, so two periods are 28 days.
        #expect(flags(facts(lastEvidence: -28)).isEmpty)
        #expect(flags(facts(lastEvidence: -29)) == [.stalled])
        // No evidence at all: counted from the baseline day.
        #expect(flags(facts(baseline: -28, lastEvidence: nil)).isEmpty)
        #expect(flags(facts(baseline: -29, lastEvidence: nil)) == [.stalled])
        // Extreme: cadence 7.
        #expect(flags(facts(band: .extreme, lastEvidence: -15, outcome: true)) == [.stalled])
    }

    @Test func weakProgressAfterThreeReviewsNotBetterThanBaseline() {
        #expect(flags(facts(measures: [40, 45])).isEmpty)
        #expect(flags(facts(measures: [40, 45, 50])) == [.weakProgress])
        #expect(flags(facts(measures: [40, 45, 51])).isEmpty)
        #expect(flags(facts(measures: [12, 11, 11], direction: .lower, baselineValue: 11)) == [.weakProgress])
        #expect(flags(facts(measures: [12, 11, 10], direction: .lower, baselineValue: 11)).isEmpty)
    }

    @Test func disconnectedHighRiskWithoutOutcomes() {
        #expect(flags(facts(band: .high, outcome: false)) == [.disconnected])
        #expect(flags(facts(band: .extreme, outcome: false, indicator: true)).isEmpty)
        #expect(flags(facts(band: .moderate, outcome: false)).isEmpty)
        #expect(flags(facts(status: .monitoring, band: .high, outcome: false)) == [.disconnected])
    }

    @Test func closedOrDraftActionsAreNotChased() {
        for s in [ActionStatus.draft, .monitoring, .sustained, .cancelled] {
            #expect(
                flags(facts(status: s, due: -5, review: -5, measures: [1, 1, 1], lastEvidence: -100)).isEmpty, "\(s)")
        }
    }
}

@Suite struct MonitoringTests {
    let closed = Day(iso: "2026-05-01")!

    @Test func twoCyclesByCadenceUntilMeetingsAreRecorded() {
        #expect(
            Monitoring.isInWindow(
                closedOn: closed, cadenceDays: 14, meetingsHeldSinceClosure: nil, today: closed.adding(days: 28)))
        #expect(
            !Monitoring.isInWindow(
                closedOn: closed, cadenceDays: 14, meetingsHeldSinceClosure: nil, today: closed.adding(days: 29)))
        #expect(Monitoring.windowEnds(closedOn: closed, cadenceDays: 28).iso == "2026-06-26")
    }

    @Test func thenByMeetingsHeld() {
        #expect(
            Monitoring.isInWindow(
                closedOn: closed, cadenceDays: 14, meetingsHeldSinceClosure: 1, today: closed.adding(days: 90)))
        #expect(
            !Monitoring.isInWindow(
                closedOn: closed, cadenceDays: 14, meetingsHeldSinceClosure: 2, today: closed.adding(days: 3)))
    }

    @Test func reAuditSustainsOrReopens() throws {
        #expect(
            try Monitoring.reAudit(
                status: .monitoring, passed: true, finding: "All MAR charts complete", sample: "14 charts",
                method: "Audit") == .sustained)
        #expect(
            try Monitoring.reAudit(
                status: .monitoring, passed: false, finding: "3 gaps found", sample: "14 charts", method: "Audit",
                controlChange: "Night senior checks every chart") == .reopened)
        // A failed re-audit names the control that changes; a passed one needs none.
        let noControl = #expect(throws: ValidationFailure.self) {
            try Monitoring.reAudit(
                status: .monitoring, passed: false, finding: "3 gaps found", sample: "14 charts", method: "Audit",
                controlChange: "  ")
        }
        #expect(noControl?.errors.map(\.field) == ["control_change"])
        #expect(throws: ValidationFailure.self) {
            try Monitoring.reAudit(status: .inProgress, passed: true, finding: "x", sample: "s", method: "m")
        }
        let blank = #expect(throws: ValidationFailure.self) {
            try Monitoring.reAudit(
                status: .monitoring, passed: false, finding: " ", sample: "14 charts", method: "Audit")
        }
        #expect(blank?.errors.map(\.field) == ["finding", "control_change"])
        let untested = #expect(throws: ValidationFailure.self) {
            try Monitoring.reAudit(status: .monitoring, passed: true, finding: "Fine", sample: " ", method: "")
        }
        #expect(untested?.errors.map(\.field) == ["sample", "method"])
    }
}

@Suite struct FileCheckTests {
    func check(
        _ name: String, _ bytes: [UInt8], limit: Int = FileCheck.defaultLimitBytes
    ) -> Result<FileCheck.Accepted, FieldError> {
        FileCheck.check(filename: name, bytes: bytes, limit: limit)
    }

    @Test func acceptsDocumentsByTheirContent() throws {
        #expect(try check("audit.pdf", Array("%PDF-1.7\n...".utf8)).get().contentType == "application/pdf")
        #expect(
            try check("photo.PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]).get().contentType == "image/png"
        )
        #expect(try check("photo.jpeg", [0xFF, 0xD8, 0xFF, 0xE0]).get().contentType == "image/jpeg")
        #expect(try check("rota.xlsx", [0x50, 0x4B, 0x03, 0x04, 1, 2]).get().contentType.contains("spreadsheetml"))
        #expect(
            try check("notes.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).get().contentType
                == "application/msword")
        #expect(try check("calls.csv", Array("date,missed\n2026-01-01,3\n".utf8)).get().contentType == "text/csv")
        #expect(try check("notes.txt", Array("plain words £".utf8)).get().contentType == "text/plain")
    }

    @Test func refusesEmptyOversizedAndUnknownFiles() {
        #expect(throws: FieldError.self) { try check("a.pdf", []).get() }
        #expect(throws: FieldError.self) {
            try check("a.pdf", Array("%PDF-1.4".utf8) + [UInt8](repeating: 0, count: 20), limit: 10).get()
        }
        #expect(throws: FieldError.self) { try check("a.bin", [0x00, 0x01, 0x02, 0xFF]).get() }
        #expect(throws: FieldError.self) { try check("archive.zip", [0x50, 0x4B, 0x03, 0x04]).get() }
        if case .failure(let e) = check(
            "big.pdf", Array("%PDF-".utf8) + [UInt8](repeating: 1, count: 3_000_000), limit: 2_097_152)
        {
            #expect(e.message == "big.pdf is 2.9 MB; the limit is 2.0 MB.")
        } else {
            Issue.record("expected a refusal")
        }
    }

    @Test func sizesReadNaturally() {
        #expect(FileCheck.humanSize(740) == "740 bytes")
        #expect(FileCheck.humanSize(1025) == "2 KB")
        #expect(FileCheck.humanSize(3_565_158) == "3.4 MB")
        #expect(FileCheck.humanSize(20 * 1_048_576) == "20 MB")
    }

    @Test func refusesRenamedExecutablesAndMismatchedNames() {
        for (name, bytes) in [
            ("report.pdf", [UInt8]([0x7F, 0x45, 0x4C, 0x46, 2, 1])), ("minutes.docx", [0x4D, 0x5A, 0x90, 0]),
            ("data.csv", Array("#!/bin/sh\nrm -rf /".utf8))
        ] {
            guard case .failure(let e) = check(name, bytes) else { Issue.record("\(name) accepted"); continue }
            #expect(e.message.contains("program or script"), "\(name)")
        }
        guard case .failure(let e) = check("photo.pdf", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            Issue.record("accepted"); return
        }
        #expect(e.message.contains("contains a PNG image but is named .pdf"))
    }
}
