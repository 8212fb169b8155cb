import Foundation
import GripCore
import Testing
import Vapor

@testable import GripApp

/// The action's field list, written once (`ActionFields.all`, issue 34): the form's text, the stored model, the
/// audit snapshot, the API body and a proposal's merge are all derived from it, so each is checked against it.
@Suite struct ActionFieldsTests {
    static let values: ActionValues = {
        var v = ActionValues()
        v.title = "Medicines records complete"
        v.theme = "Medicines"
        v.serviceID = UUID()
        v.sourceID = UUID()
        v.statementIDs = ["S8", "E1"]
        v.baseline = "Audit found gaps in 4 of 14 records."
        v.baselineDay = Day(year: 2026, month: 9, day: 1)!
        v.metric = "% records complete"
        v.direction = .lower
        v.baselineValue = 71.5
        v.targetValue = 2
        v.targetDay = Day(year: 2027, month: 1, day: 31)!
        v.factors = RiskFactors(harm: 4, peopleAffected: 3, recurrence: 2, regulatoryImpact: 5, controlWeakness: 1)
        v.leadID = UUID()
        v.reviewerID = UUID()
        v.routeID = UUID()
        v.indicatorID = UUID()
        v.interimControls = "Daily check by the shift lead."
        v.dueDay = Day(year: 2027, month: 1, day: 15)!
        return v
    }()

    @Test func everyFieldsTextReadsBackToItsValue() {
        let v = Self.values
        var input = ActionInput(), errors: [FieldError] = []
        for f in ActionFields.all { f.read(f.text(v), &input, &errors) }
        input.statementIDs = v.statementIDs
        #expect(errors.isEmpty)
        let (merged, missing) = input.merged(over: nil, statements: [])
        #expect(missing.isEmpty)
        #expect(merged == v)
    }

    @Test func everyFieldIsStoredAndLoadedByTheModel() throws {
        let a = RecoveryAction()
        for f in ActionFields.all { f.store(Self.values, a) }
        #expect(a.title == Self.values.title && a.riskRegulatory == 5 && a.targetDay == "2027-01-31")
        #expect(a.$source.id == Self.values.sourceID && a.$indicator.id == Self.values.indicatorID)
        #expect(try a.values(statements: Self.values.statementIDs) == Self.values.withSortedStatements)
    }

    @Test func aCreationNamesEveryMissingRequiredFieldInTheFormsOrder() {
        let (v, errors) = ActionInput().merged(over: nil, statements: [])
        #expect(v == nil)
        #expect(
            errors.map(\.field) == [
                "title", "theme", "service", "baseline", "baseline_day", "metric", "direction", "baseline_value",
                "target_value", "target_day", "harm", "people_affected", "recurrence", "regulatory_impact",
                "control_weakness", "lead", "reviewer", "route", "due_day"
            ])
        #expect(errors.first?.message == "Title is required.")
    }

    @Test func textIsTrimmedAndLimited() {
        var input = ActionInput(Self.values)
        input.title = "  Spaced  "
        #expect(input.merged(over: nil, statements: []).0?.title == "Spaced")
        input.title = "   "
        #expect(input.merged(over: nil, statements: []).1 == [FieldError("title", "Title is required.")])
        input.title = String(repeating: "x", count: InputLimits.titleCharacters + 1)
        #expect(input.merged(over: nil, statements: []).1.first?.message.contains("at most 200 characters") == true)
    }

    @Test func anUnsetValueKeepsAndAGivenNoneClears() throws {
        let a = RecoveryAction()
        for f in ActionFields.all { f.store(Self.values, a) }
        var keep = ActionInput()
        keep.harm = 1
        let kept = try #require(keep.merged(over: a, statements: ["S8"]).0)
        #expect(kept.sourceID == Self.values.sourceID && kept.factors.harm == 1 && kept.factors.recurrence == 2)
        var clear = ActionInput()
        clear.sourceID = .some(nil)
        #expect(clear.sourceID == .some(nil))
        #expect(try #require(clear.merged(over: a, statements: []).0).sourceID == nil)
    }

    @Test func formTextThatCannotBeReadIsNamed() {
        var input = ActionInput(), errors: [FieldError] = []
        for (name, raw) in [("baseline_day", "31/02/2026"), ("target_value", "lots"), ("harm", "high"), ("lead", "x")] {
            ActionFields.named(name)!.read(raw, &input, &errors)
        }
        #expect(
            errors == [
                FieldError("baseline_day", "Baseline day must be a real date (YYYY-MM-DD)."),
                FieldError("target_value", "Target value must be a number, such as 75 or 2.5."),
                FieldError("harm", "Potential harm must be a whole number."),
                FieldError("lead", "Choose a lead from the list.")
            ])
    }

    /// A proposal approved later takes only what it changed: a risk factor changed meanwhile stays.
    @Test func aProposalsMergeTakesOnlyWhatItChanged() {
        let base = Self.values
        var proposed = base
        proposed.factors.harm = 5
        proposed.title = "Proposed title"
        var current = base
        current.factors.recurrence = 4
        current.interimControls = "Twice-daily check."
        let merged = current.merged(proposed: proposed, base: base)
        #expect(merged.factors.harm == 5 && merged.title == "Proposed title")
        #expect(merged.factors.recurrence == 4 && merged.interimControls == "Twice-daily check.")
    }

    @Test func theAuditSnapshotHasEveryFieldAndTheFactorsTogether() {
        let s = ActionService.snapshot(values: Self.values)
        #expect(s["risk_factors"] == "4/3/2/5/1")
        #expect(s["service_id"] == Self.values.serviceID.uuidString && s["statements"] == "E1, S8")
        #expect(s["baseline_value"] == "71.5" && s["direction"] == "lower" && s["due_day"] == "2027-01-15")
        #expect(s.count == ActionFields.all.filter { $0.audit != nil }.count + 1)
    }

    @Test func theAPIBodyIsReadByTheFieldsJSONNames() throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let body = """
            {"title": "T", "risk": {"harm": 2, "people_affected": 3, "recurrence": 1, "regulatory_impact": 1,
             "control_weakness": 1}, "source_id": null, "baseline_day": "2026-10-01", "version": 3}
            """
        let patch = try decoder.decode(ActionPatchBody.self, from: Data(body.utf8))
        #expect(patch.version == 3 && patch.input.title == "T" && patch.input.peopleAffected == 3)
        #expect(patch.input.baselineDay == Day(year: 2026, month: 10, day: 1) && patch.input.sourceID == nil)
        #expect(patch.input.theme == nil)
        do {
            _ = try decoder.decode(ActionCreateBody.self, from: Data(body.utf8))
            Issue.record("a creation without its theme was read")
        } catch DecodingError.keyNotFound(let key, _) {
            #expect(key.stringValue == "theme")
        }
        do {
            _ = try decoder.decode(ActionPatchBody.self, from: Data(#"{"risk": {"harm": 2}}"#.utf8))
            Issue.record("a risk object without every factor was read")
        } catch DecodingError.keyNotFound(let key, let ctx) {
            #expect(key.stringValue == "peopleAffected" && ctx.codingPath.map(\.stringValue) == ["risk"])
        }
    }
}

extension ActionFieldsTests {
    /// A client's body (the bench's) is what the API reads: every field by its JSON name, the factors in `risk`.
    @Test func anEncodedInputIsReadBackAsACreation() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var input = ActionInput(Self.values)
        input.initialStatus = .draft
        let data = try encoder.encode(input)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["risk"] as? [String: Any])?["people_affected"] as? Int == 3)
        #expect(json["baseline_day"] as? String == "2026-09-01" && json["status"] as? String == "draft")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let read = try decoder.decode(ActionCreateBody.self, from: data).input
        #expect(read.initialStatus == .draft)
        #expect(read.merged(over: nil, statements: []).0 == Self.values)
    }
}

extension ActionValues {
    fileprivate var withSortedStatements: ActionValues {
        var v = self
        v.statementIDs.sort()
        return v
    }
}
