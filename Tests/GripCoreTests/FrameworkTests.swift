import Foundation
import Testing
@testable import GripCore

@Suite struct FrameworkTests {
    @Test func the2023QualityStatementsShipAsData() {
        let fw = Framework.cqc2023
        #expect(fw.id == "cqc-qs-2023")
        #expect(fw.kind == .regulator)
        #expect(fw.groups.map(\.id) == ["safe", "effective", "caring", "responsive", "well-led"])
        #expect(fw.items.count == 34)
        #expect(Set(fw.items.map(\.id)).count == 34)
        #expect(fw.item("S8")?.title == "Medicines optimisation")
        #expect(fw.group(ofItem: "S3")?.id == "safe")
        #expect(fw.item("Z9") == nil)
        #expect(fw.itemLabel == "Quality statement")
        #expect(fw.ratingScale.count == 4)
    }

    @Test func the2017KeyLinesOfEnquiryShipWithTheirTitles() {
        let fw = Framework.cqcKLOE2017
        let counts = fw.groups.map { "\($0.id):\($0.items.count)" }
        #expect(counts == ["safe:6", "effective:7", "caring:3", "responsive:3", "well-led:5"])
        #expect(fw.items.count == 24)
        #expect(fw.item("S1")?.title == "How do systems, processes and practices safeguard people from abuse?")
        #expect(fw.item("W5")?.title == "How does the service work in partnership with other agencies?")
        #expect(fw.item("S7") == nil)
        #expect(fw.effectiveTo == Day(iso: "2023-11-19"))
        #expect(fw.isEffective(on: Day(iso: "2020-01-01")!))
        #expect(!fw.isEffective(on: Day(iso: "2024-01-01")!))
    }

    /// The same id means different things in two versions: mappings must name their version.
    @Test func itemIDsCollideAcrossVersions() {
        #expect(Framework.cqc2023.item("S1")?.title == "Learning culture")
        #expect(Framework.cqcKLOE2017.item("S1")?.title != Framework.cqc2023.item("S1")?.title)
    }

    @Test func referenceDataStandsApartFromTheFramework() {
        #expect(
            Reference.evidenceCategories.map(\.id) == [
                "people", "staff", "partners", "observation", "processes",
                "outcomes"
            ])
        #expect(Reference.regulation("17")?.title == "Good governance")
        #expect(Reference.regulation("99") == nil)
        #expect(Reference.keyQuestions.count == 5)
    }

    static let json = #"""
        {"id": "test-pamms-2026", "title": "Test council standards", "owner": "Test Council", "kind": "commissioner",
         "effectiveFrom": "2026-04-01", "groups": [
           {"id": "d1", "title": "Safety", "items": [
             {"id": "1.1", "title": "Safeguarding", "prompts": ["Referrals made"]},
                                                    {"id": "1.2", "title": "Medicines"}]},
           {"id": "d2", "title": "Staffing", "items": [{"id": "2.1", "title": "Staffing levels"}]}],
         "ratingScale": [{"id": "good", "title": "Good"}, {"id": "poor", "title": "Poor"}]}
        """#

    @Test func aValidJSONFileGivesAFramework() throws {
        let fw = try FrameworkFile.parse(Data(Self.json.utf8)).get()
        #expect(fw.id == "test-pamms-2026")
        #expect(fw.kind == .commissioner)
        #expect(fw.groupLabel == "Domain")
        #expect(fw.itemLabel == "Standard")
        #expect(fw.items.map(\.id) == ["1.1", "1.2", "2.1"])
        #expect(fw.item("1.1")?.prompts == ["Referrals made"])
        #expect(fw.group(ofItem: "2.1")?.title == "Staffing")
        #expect(fw.ratingScale.map(\.id) == ["good", "poor"])
        #expect(fw.effectiveTo == nil)
    }

    @Test func writingAndReadingAgainGivesTheSameFramework() throws {
        for fw in Framework.bundledVersions + [try FrameworkFile.parse(Data(Self.json.utf8)).get()] {
            #expect(try FrameworkFile.parseJSON(FrameworkFile.json(fw)).get() == fw)
            // CSV carries everything but the evidence categories and the rating scale.
            let fromCSV = try FrameworkFile.parseCSV(FrameworkFile.csv(fw)).get()
            #expect(fromCSV.groups == fw.groups)
            #expect(fromCSV.id == fw.id && fromCSV.effectiveTo == fw.effectiveTo && fromCSV.itemLabel == fw.itemLabel)
        }
    }

    func problems(_ json: String) -> [String] {
        switch FrameworkFile.parse(Data(json.utf8)) {
        case .success: return []
        case .failure(let f): return f.problems.map(\.description)
        }
    }

    @Test func aBadJSONFileNamesEachProblemByItsPath() {
        let bad = Self.json.replacingOccurrences(of: #""id": "1.2""#, with: #""id": "1.1""#)
            .replacingOccurrences(of: #""kind": "commissioner""#, with: #""kind": "council""#)
            .replacingOccurrences(of: #""effectiveFrom": "2026-04-01""#, with: #""effectiveFrom": "1 April 2026""#)
            .replacingOccurrences(of: #""title": "Staffing levels""#, with: #""title": 12"#)
        let p = problems(bad)
        #expect(p.count == 4)
        #expect(p.contains { $0.hasPrefix("kind: 'council' is not a kind") })
        #expect(p.contains { $0.hasPrefix("effectiveFrom: '1 April 2026' is not a day") })
        #expect(p.contains { $0.hasPrefix("groups[0].items[1].id: The id '1.1' is used twice") })
        #expect(p.contains { $0.hasPrefix("groups[1].items[0].title: Must be text") })
    }

    @Test func missingPartsAndNonsenseAreRefused() {
        // Not starting with "{", it is read as CSV.
        #expect(problems("not json").first?.hasPrefix("row 1: The header lacks the columns") == true)
        #expect(problems("[1, 2]") == ["The file must hold one JSON object: the framework."])
        #expect(problems("{") == ["The file is not valid JSON."])
        let empty = problems(
            #"{"id": "x1", "title": "T", "owner": "O", "kind": "internal", "effectiveFrom": "2026-01-01"}"#)
        #expect(empty == ["groups: Missing: give the key questions or domains as a list."])
        let noItems = problems(
            #"{"id": "x1", "title": "T", "owner": "O", "kind": "internal", "effectiveFrom": "2026-01-01", "#
                + #""groups": [{"id": "g", "title": "G", "items": []}]}"#
        )
        #expect(noItems == ["groups[0].items: 'g' has no items: give at least one."])
        let badID = problems(
            Self.json.replacingOccurrences(of: #""id": "test-pamms-2026""#, with: #""id": "Test PAMMS""#))
        #expect(badID.count == 1 && badID[0].hasPrefix("id: 'Test PAMMS' is not a usable id"))
        let ended = problems(
            Self.json.replacingOccurrences(
                of: #""effectiveFrom": "2026-04-01""#,
                with: #""effectiveFrom": "2026-04-01", "effectiveTo": "2026-03-31""#))
        #expect(ended == ["effectiveTo: Ends on 31 March 2026, before it takes effect on 1 April 2026."])
        #expect(
            problems(String(repeating: " ", count: FrameworkFile.Limits.bytes + 1)).first?.hasPrefix(
                "The file is larger") == true)
    }

    static let csvHeader =
        "framework_id,framework_title,owner,kind,effective_from,group_id,group_title,item_id,item_title,prompts"

    @Test func aCSVFileGivesOneRowPerItem() throws {
        let csv =
            Self.csvHeader + "\n"
            + "loc-1,Local standards,Riverside,internal,2026-01-01,g1,Safety,A1,Falls,"
            + "Sensor checks | Night walk-rounds\n"
            + ",,,,,g1,,A2,Medicines,\n"
            + "loc-1,,,,,g2,Leadership,B1,Audits,\n"
        let fw = try FrameworkFile.parseCSV(csv).get()
        #expect(fw.kind == .internal)
        #expect(fw.groups.map(\.id) == ["g1", "g2"])
        #expect(fw.item("A1")?.prompts == ["Sensor checks", "Night walk-rounds"])
        #expect(fw.group(ofItem: "A2")?.title == "Safety")
    }

    @Test func aBadCSVFileNamesRowAndColumn() {
        let csv =
            Self.csvHeader + "\n"
            + "loc-1,Local standards,Riverside,internal,2026-01-01,g1,Safety,A1,Falls,\n"
            + "loc-2,,,,,g1,,A1,Medicines,\n"
            + ",,,,,g2,Leadership,,Audits,\n"
            + ",,,,,g1,,A3,Late row,\n"
        let p: [String]
        switch FrameworkFile.parseCSV(csv) {
        case .success: p = []
        case .failure(let f): p = f.problems.map(\.description)
        }
        #expect(p.count == 4)
        #expect(p.contains { $0.hasPrefix("row 3, column framework_id: Differs from row 2") })
        #expect(p.contains { $0.hasPrefix("row 3, column item_id: The id 'A1' is used twice (also at row 2)") })
        #expect(p.contains { $0.hasPrefix("row 4, column item_id: Missing") })
        #expect(p.contains { $0.hasPrefix("row 5, column group_id: Group 'g1' was already closed") })
    }

    @Test func aCSVWithoutItsColumnsSaysWhichAreMissing() {
        switch FrameworkFile.parseCSV("id,title\nx,y\n") {
        case .success: Issue.record("a CSV without the columns was accepted")
        case .failure(let f):
            #expect(f.problems.count == 1)
            #expect(f.problems[0].row == 1)
            #expect(f.problems[0].message.contains("framework_id, framework_title, owner, kind, effective_from"))
        }
    }
}

@Suite struct CrosswalkTests {
    @Test func theShippedCrosswalkJoinsThe2017And2023VersionsWithABasisForEachRow() {
        let cw = Crosswalk.kloe2017ToQS2023
        #expect(cw.from == "cqc-kloe-2017" && cw.to == "cqc-qs-2023")
        #expect(cw.rows.allSatisfy { !$0.basis.isEmpty })
        // Every 2017 line leads somewhere; every 2023 statement is reached or said to have no equivalent.
        for item in Framework.cqcKLOE2017.items { #expect(!cw.targets(of: item.id).isEmpty, "\(item.id)") }
        let reached = Set(cw.rows.compactMap(\.toItem))
        for item in Framework.cqc2023.items { #expect(reached.contains(item.id), "\(item.id)") }
        #expect(cw.inverted().noEquivalent("W8") != nil)
    }

    @Test func aProposalMergesTargetsAndKeepsTheirBases() {
        let cw = Crosswalk.kloe2017ToQS2023
        let p = cw.propose(fromItems: ["S4", "S3"], order: Framework.cqc2023.items.map(\.id))
        #expect(p.outcome == .proposed)
        #expect(p.proposedItems == ["S6", "S8"])
        #expect(p.targets.first { $0.item == "S8" }?.via == ["S4"])
        #expect(p.unmapped.isEmpty)
    }

    @Test func readingBackwardsProposesTheOtherWay() {
        let back = Crosswalk.kloe2017ToQS2023.inverted()
        let p = back.propose(fromItems: ["S1", "W8"], order: Framework.cqcKLOE2017.items.map(\.id))
        #expect(p.proposedItems == ["S6"])
        #expect(p.unmapped.map(\.item) == ["W8"])
        #expect(p.unmapped.first?.reason?.contains("environmental sustainability") == true)
        #expect(Crosswalk.kloe2017ToQS2023.reading(from: "cqc-qs-2023", to: "cqc-kloe-2017") != nil)
        #expect(Crosswalk.kloe2017ToQS2023.reading(from: "cqc-qs-2023", to: "other") == nil)
    }

    @Test func outcomes() {
        let cw = Crosswalk(
            from: "a", to: "b",
            rows: [
                .init(fromItem: "1", toItem: "x", basis: "same"),
                .init(fromItem: "2", toItem: nil, basis: "gone")
            ])
        #expect(cw.propose(fromItems: []).outcome == .notMapped)
        #expect(cw.propose(fromItems: ["2"]).outcome == .needsChoice)
        #expect(cw.propose(fromItems: ["1"], existing: ["y"]).outcome == .alreadyMapped)
        #expect(cw.propose(fromItems: ["1", "2"]).outcome == .proposed)
        #expect(cw.propose(fromItems: ["1", "2"]).unmapped.map(\.reason) == ["gone"])
    }

    func problems(_ csv: String) -> [String] {
        switch Crosswalk.parseCSV(csv, frameworks: Framework.bundled) {
        case .success: return []
        case .failure(let f): return f.problems.map(\.description)
        }
    }

    @Test func aCrosswalkFileIsCheckedAgainstBothVersions() throws {
        let head = "from_framework,from_item,to_framework,to_item,basis\n"
        let good = head + "cqc-qs-2023,S3,cqc-kloe-2017,S1,Safeguarding\ncqc-qs-2023,W8,cqc-kloe-2017,,No equivalent\n"
        let cw = try Crosswalk.parseCSV(good, frameworks: Framework.bundled).get()
        #expect(cw.rows.count == 2)
        #expect(cw.propose(fromItems: ["S3"]).proposedItems == ["S1"])
        #expect(Crosswalk.parseCSV(cw.csv, frameworks: Framework.bundled).map(\.rows) == .success(cw.rows))
        let bad =
            head + "cqc-qs-2023,S3,cqc-kloe-2017,S9,Safeguarding\n"
            + "cqc-qs-2023,Z1,cqc-kloe-2017,S1,\n"
            + "cqc-kloe-2017,S3,cqc-kloe-2017,S1,Same\n"
            + "cqc-qs-2023,,cqc-kloe-2017,,Nothing\n"
        let p = problems(bad)
        #expect(p.contains("row 2, column to_item: 'S9' is not an item of cqc-kloe-2017."))
        #expect(p.contains("row 3, column from_item: 'Z1' is not an item of cqc-qs-2023."))
        #expect(p.contains { $0.hasPrefix("row 3, column basis: Missing") })
        #expect(
            p.contains { $0.hasPrefix("row 4, column from_framework: 'cqc-kloe-2017' differs from the rows above") })
        #expect(p.contains("row 5, column from_item: Give the item on at least one side."))
        #expect(
            problems(head + "nowhere,S1,cqc-qs-2023,S1,x\n")
                == ["row 2, column from_framework: No framework version 'nowhere' is loaded: load it first."])
        #expect(
            problems(head + "cqc-qs-2023,S1,cqc-qs-2023,S1,x\n") == [
                "row 2, column to_framework: A crosswalk joins two different versions."
            ])
        #expect(problems("from,to\n").first?.contains("lacks the columns") == true)
    }
}

@Suite struct FrameworkRulesTests {
    let today = Day(iso: "2026-12-02")!

    @Test func onlyARegulatorVersionGoesInForceAndNotFromTheFuture() throws {
        #expect(FrameworkRules.choiceProblem(.cqcKLOE2017, effectiveOn: today, today: today) == nil)
        let council = try FrameworkFile.parse(Data(FrameworkTests.json.utf8)).get()
        #expect(FrameworkRules.choiceProblem(council, effectiveOn: today, today: today)?.field == "framework")
        #expect(
            FrameworkRules.choiceProblem(.cqc2023, effectiveOn: today.adding(days: 1), today: today)?.field
                == "effective_on")
        #expect(
            FrameworkRules.choiceProblem(.cqc2023, effectiveOn: Day(iso: "2020-01-01")!, today: today)?.field
                == "effective_on")
        #expect(FrameworkRules.choiceProblem(.cqc2023, effectiveOn: Day(iso: "2023-01-01")!, today: today) == nil)
    }

    @Test func itemsAreCheckedAgainstTheirVersion() {
        #expect(FrameworkRules.itemProblems(["S7", "S8"], in: .cqc2023).isEmpty)
        let unknown = FrameworkRules.itemProblems(["S7"], in: .cqcKLOE2017)
        #expect(unknown.map(\.field) == ["statements"])
        #expect(unknown.first?.message == "S7 is not in cqc-kloe-2017. Use ids such as S1 or S2.")
        #expect(Framework.cqcKLOE2017.itemsLabel == "Key lines of enquiry")
        #expect(Framework.cqc2023.itemsLabel == "Quality statements")
        #expect(
            FrameworkRules.itemProblems(["S1", "S1"], in: .cqc2023).map(\.message) == [
                "A quality statement is listed twice."
            ])
    }
}

extension FrameworkRulesTests {
    @Test func aCommissionersFrameworkNeedsANameAndNoFutureDay() {
        let today = Day(iso: "2026-12-02")!
        #expect(FrameworkRules.commissionerProblems(name: "Council", effectiveOn: today, today: today).isEmpty)
        #expect(
            FrameworkRules.commissionerProblems(name: "", effectiveOn: today.adding(days: 1), today: today)
                .map(\.field) == ["commissioner", "effective_on"])
        #expect(
            FrameworkRules.commissionerProblems(
                name: String(repeating: "x", count: 201), effectiveOn: today,
                today: today
            ).map(\.field) == ["commissioner"])
    }
}
