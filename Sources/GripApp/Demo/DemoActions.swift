import GripCore

/// The demo provider's recovery plan: realistic actions for a home rated inadequate,
/// a supported living service under a restrictive-practice review and a home care branch
/// under commissioner concern.
struct DemoActionSpec: Sendable {
    struct Step: Sendable {
        let what: String; let role: String; let owner: String?; let recorded: String; let dueOffset: Int
    }
    struct DueChange: Sendable { let newOffset: Int; let reason: String; let control: String }
    let service: String
    let title: String
    let theme: String
    let statements: [String]
    let source: String?
    let baseline: String
    let baselineOffset: Int
    let metric: String
    let direction: TargetDirection
    let baselineValue: Double
    let targetValue: Double
    let factors: (Int, Int, Int, Int, Int)
    let lead: String
    let reviewer: String
    let route: String
    let interim: String
    let dueOffset: Int
    let status: ActionStatus
    let steps: [Step]
    let stepsDone: Int
    let dueChange: DueChange?
}

enum DemoActions {
    typealias S = DemoActionSpec.Step
    static let extreme = (5, 3, 4, 5, 4), extreme16 = (4, 4, 4, 4, 4), extreme15 = (5, 2, 3, 4, 3)
    static let high12 = (4, 3, 3, 4, 3), high9 = (3, 3, 3, 3, 3), high8 = (4, 2, 2, 3, 2)
    static let moderate6 = (3, 2, 2, 2, 2), moderate4 = (2, 2, 2, 2, 2), moderate5 = (5, 1, 1, 1, 1)
    static let low3 = (3, 1, 1, 2, 1), low2 = (2, 1, 1, 1, 1), low1 = (1, 1, 1, 1, 1)

    static let all: [DemoActionSpec] = [
        .init(
            service: "oakwood", title: "Every MAR chart complete and checked daily", theme: "Medicines",
            statements: ["S8"], source: "cqc-meds",
            baseline:
                """
                CQC found gaps in MAR charts for 6 of 14 people; our own check on the baseline day found 57% of \
                charts complete.
                """,
            baselineOffset: -60, metric: "% of MAR charts complete at the daily check", direction: .higher,
            baselineValue: 57, targetValue: 100,
            factors: extreme, lead: "rm", reviewer: "ql", route: "oakwood",
            interim:
                """
                Senior on each shift checks every MAR chart at handover; gaps escalated to the manager the same \
                shift.
                """,
            dueOffset: -6, status: .inProgress,
            steps: [
                S(
                    what: "Daily MAR check at each handover", role: "Senior carer on shift", owner: "staff",
                    recorded: "Medicines handover log", dueOffset: -40),
                S(
                    what: "Medicines competency reassessment for all medicines-trained staff",
                    role: "Registered manager", owner: "rm", recorded: "Training matrix", dueOffset: -10),
                S(
                    what: "Weekly MAR audit by the deputy", role: "Deputy manager", owner: nil,
                    recorded: "Medicines audit file", dueOffset: 7)
            ],
            stepsDone: 1,
            dueChange: .init(
                newOffset: 14, reason: "Competency reassessments delayed by two staff on long-term sick leave.",
                control: "Agency nurse covers the morning medicines round until reassessments are complete.")),
        .init(
            service: "oakwood", title: "PRN protocols in place for everyone prescribed 'as required' medicines",
            theme: "Medicines", statements: ["S8", "E2"], source: "cqc-meds",
            baseline: "4 of 9 people prescribed PRN medicines had no protocol.", baselineOffset: -60,
            metric: "% of PRN medicines with a protocol", direction: .higher, baselineValue: 56, targetValue: 100,
            factors: high12, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "No PRN given without a phone call to the on-call manager.", dueOffset: 10,
            status: .awaitingAssurance,
            steps: [
                S(
                    what: "Write PRN protocols with the GP and pharmacist", role: "Senior carer", owner: "staff",
                    recorded: "MAR folder", dueOffset: -20),
                S(
                    what: "Check every PRN administration against its protocol weekly", role: "Registered manager",
                    owner: "rm", recorded: "Medicines audit file", dueOffset: 5)
            ],
            stepsDone: 2, dueChange: nil),
        .init(
            service: "oakwood", title: "Controlled drugs stock checked twice daily", theme: "Medicines",
            statements: ["S8"], source: "cqc-meds",
            baseline: "No controlled drug stock checks recorded for 3 weeks before the inspection.",
            baselineOffset: -60,
            metric: "% of required CD checks completed", direction: .higher, baselineValue: 0, targetValue: 100,
            factors: high9, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "Manager countersigns the CD register daily.", dueOffset: -3, status: .inProgress,
            steps: [
                S(
                    what: "Twice-daily CD stock check by two staff", role: "Senior carer", owner: "staff",
                    recorded: "CD register", dueOffset: -30)
            ],
            stepsDone: 0, dueChange: nil),
        .init(
            service: "oakwood", title: "Safeguarding concerns reviewed by a manager the same day",
            theme: "Safeguarding", statements: ["S3"], source: "cqc-safeguarding",
            baseline:
                "Two unexplained bruises were not referred; 40% of concerns were reviewed by a manager the same day.",
            baselineOffset: -60,
            metric: "% of safeguarding concerns reviewed by a manager the same day", direction: .higher,
            baselineValue: 40, targetValue: 100,
            factors: extreme16, lead: "rm", reviewer: "ni", route: "oakwood",
            interim: "On-call manager rota covers every day; all body maps go to the on-call manager by phone.",
            dueOffset: 12, status: .inProgress,
            steps: [
                S(
                    what: "Safeguarding log reviewed at 17:00 daily", role: "Manager on duty", owner: "rm",
                    recorded: "Safeguarding log", dueOffset: -30),
                S(
                    what: "Refresher safeguarding training for all staff", role: "Training lead", owner: nil,
                    recorded: "Training matrix", dueOffset: 20)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "oakwood", title: "Body maps completed for every unexplained mark", theme: "Safeguarding",
            statements: ["S3"], source: "cqc-safeguarding",
            baseline: "Body maps were found for 3 of 7 recorded marks.", baselineOffset: -60,
            metric: "% of unexplained marks with a body map", direction: .higher, baselineValue: 43, targetValue: 100,
            factors: high12, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "Shift leader checks the daily notes for marks and completes body maps before handover.",
            dueOffset: -12, status: .inProgress,
            steps: [
                S(
                    what: "Body-map prompt added to the daily notes template", role: "Registered manager", owner: "rm",
                    recorded: "Care planning system", dueOffset: -35)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "oakwood", title: "Monthly audit programme completed and followed up", theme: "Governance",
            statements: ["W5", "W6"], source: "cqc-governance",
            baseline: "No audits for four months; no action tracking.", baselineOffset: -60,
            metric: "% of scheduled audits completed with actions tracked", direction: .higher, baselineValue: 0,
            targetValue: 95,
            factors: extreme15, lead: "ql", reviewer: "ni", route: "oversight",
            interim: "Quality lead visits weekly and reviews the home's risk register with the manager.", dueOffset: 30,
            status: .inProgress,
            steps: [
                S(
                    what: "Publish the audit calendar", role: "Quality lead", owner: "ql", recorded: "Audit calendar",
                    dueOffset: -45),
                S(
                    what: "Audit actions added to Grip within 2 days of each audit", role: "Registered manager",
                    owner: "rm", recorded: "Grip", dueOffset: 15)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "oakwood", title: "Board sees a monthly quality report for Oakwood", theme: "Governance",
            statements: ["W4"], source: "cqc-governance",
            baseline: "The board had not discussed Oakwood's quality for six months.", baselineOffset: -60,
            metric: "Board quality reports received (per month)", direction: .higher, baselineValue: 0, targetValue: 1,
            factors: high8, lead: "ql", reviewer: "ni", route: "oversight",
            interim: "Nominated individual receives a weekly update by e-mail.", dueOffset: 20, status: .open,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "oakwood", title: "Three staff on every night shift", theme: "Staffing", statements: ["S6"],
            source: "cqc-staffing",
            baseline: "Night rotas showed 2 staff for 22 people on 18 of 28 nights.", baselineOffset: -60,
            metric: "Nights with fewer than 3 staff (per 4 weeks)", direction: .lower, baselineValue: 18,
            targetValue: 0,
            factors: extreme, lead: "rm", reviewer: "ql", route: "oakwood",
            interim: "Block-booked agency carer every night until recruitment completes.", dueOffset: -2,
            status: .inProgress,
            steps: [
                S(
                    what: "Block-book agency night carer", role: "Registered manager", owner: "rm", recorded: "Rota",
                    dueOffset: -50),
                S(
                    what: "Recruit two permanent night carers", role: "Registered manager", owner: "rm",
                    recorded: "Recruitment tracker", dueOffset: 5)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "oakwood", title: "Agency staff inducted before their first shift", theme: "Staffing",
            statements: ["S6", "E3"], source: "cqc-staffing",
            baseline: "No induction records for agency staff.", baselineOffset: -60,
            metric: "% of agency shifts with a completed induction", direction: .higher, baselineValue: 0,
            targetValue: 100,
            factors: high9, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "Shift leader gives a verbal induction using a checklist.", dueOffset: 5,
            status: .awaitingAssurance,
            steps: [
                S(
                    what: "One-page agency induction checklist", role: "Senior carer", owner: "staff",
                    recorded: "Agency file", dueOffset: -20)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "oakwood", title: "Care plans reviewed within 7 days of any change in need",
            theme: "Care planning", statements: ["R1", "E1"], source: "cqc-careplans",
            baseline: "5 care plans not reviewed after changes in need.", baselineOffset: -60,
            metric: "% of care plans reviewed within 7 days of a change", direction: .higher, baselineValue: 64,
            targetValue: 95,
            factors: high12, lead: "rm", reviewer: "ql", route: "oakwood",
            interim: "Daily flash meeting lists anyone whose needs changed.", dueOffset: 25, status: .inProgress,
            steps: [
                S(
                    what: "Review the 5 care plans CQC named", role: "Registered manager", owner: "rm",
                    recorded: "Care planning system", dueOffset: -40),
                S(
                    what: "Monthly care plan audit", role: "Deputy manager", owner: nil, recorded: "Audit file",
                    dueOffset: 10)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "oakwood", title: "Falls risk assessments current for everyone", theme: "Falls",
            statements: ["S2", "S4"], source: "incident-fall",
            baseline: "The falls risk assessment of the person who fell was 5 months old; 61% were current.",
            baselineOffset: -25,
            metric: "% of falls risk assessments reviewed in the last month", direction: .higher, baselineValue: 61,
            targetValue: 100,
            factors: high12, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "Hourly night checks for people at high falls risk; sensor mats in place.", dueOffset: -8,
            status: .inProgress,
            steps: [
                S(
                    what: "Reassess falls risk for everyone", role: "Senior carer", owner: "staff",
                    recorded: "Care planning system", dueOffset: -10)
            ],
            stepsDone: 0, dueChange: nil),
        .init(
            service: "oakwood", title: "Night checks recorded on time", theme: "Falls", statements: ["S2"],
            source: "incident-fall",
            baseline: "72% of planned night checks recorded within 15 minutes.", baselineOffset: -25,
            metric: "% of night checks on time", direction: .higher, baselineValue: 72, targetValue: 98,
            factors: moderate6, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "", dueOffset: 18, status: .open,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "oakwood", title: "Residents' meeting each month with actions fed back", theme: "People's voice",
            statements: ["R4"], source: nil,
            baseline: "No residents' meeting since March.", baselineOffset: -30,
            metric: "Residents' meetings held (per month)", direction: .higher, baselineValue: 0, targetValue: 1,
            factors: moderate4, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "", dueOffset: 40, status: .draft,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "oakwood", title: "Kitchen fridge temperatures logged daily", theme: "Environment",
            statements: ["S5"], source: nil,
            baseline: "Fridge log had 9 missing days last month.", baselineOffset: -20,
            metric: "Missing fridge log days (per month)", direction: .lower, baselineValue: 9, targetValue: 0,
            factors: low3, lead: "staff", reviewer: "rm", route: "oakwood",
            interim: "", dueOffset: 9, status: .inProgress,
            steps: [
                S(
                    what: "Add fridge check to the night checklist", role: "Night senior", owner: "staff",
                    recorded: "Kitchen log", dueOffset: 2)
            ],
            stepsDone: 0, dueChange: nil),
        .init(
            service: "oakwood", title: "Replace worn bedroom carpets on the first floor", theme: "Environment",
            statements: ["S5"], source: nil,
            baseline: "4 bedrooms with trip hazards from worn carpet.", baselineOffset: -30,
            metric: "Bedrooms with carpet trip hazards", direction: .lower, baselineValue: 4, targetValue: 0,
            factors: moderate5, lead: "rm", reviewer: "ql", route: "oakwood",
            interim: "", dueOffset: 45, status: .cancelled,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "maple", title: "Debrief within 24 hours after every physical intervention",
            theme: "Restrictive practice", statements: ["S4", "E6"], source: "audit-rp",
            baseline: "None of the 9 physical interventions in August had a debrief.", baselineOffset: -40,
            metric: "% of physical interventions debriefed within 24 hours", direction: .higher, baselineValue: 0,
            targetValue: 100,
            factors: extreme16, lead: "staff2", reviewer: "ql", route: "rpp",
            interim: "Every physical intervention is phoned through to the on-call manager, who arranges the debrief.",
            dueOffset: -4, status: .inProgress,
            steps: [
                S(
                    what: "Debrief template in the incident form", role: "Team leader", owner: "staff2",
                    recorded: "Incident system", dueOffset: -30),
                S(
                    what: "Restrictive practice panel reviews every intervention", role: "Quality lead", owner: "ql",
                    recorded: "Panel minutes", dueOffset: 10)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "maple", title: "Positive behaviour support plans reviewed after any incident",
            theme: "Restrictive practice", statements: ["S4", "C3"], source: "audit-rp",
            baseline: "2 of 6 PBS plans reviewed in the last 3 months.", baselineOffset: -40,
            metric: "% of PBS plans reviewed within 14 days of an incident", direction: .higher, baselineValue: 33,
            targetValue: 100,
            factors: high12, lead: "rm", reviewer: "ql", route: "maple",
            interim: "Behaviour specialist visits weekly until all plans are reviewed.", dueOffset: 15,
            status: .inProgress,
            steps: [
                S(
                    what: "Book behaviour specialist sessions", role: "Registered manager", owner: "rm",
                    recorded: "Diary", dueOffset: -20)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "maple", title: "Reduce PRN use for distress", theme: "Restrictive practice",
            statements: ["S8", "S4"], source: "audit-rp",
            baseline: "14 PRN administrations for distress in August.", baselineOffset: -40,
            metric: "PRN administrations for distress (per month)", direction: .lower, baselineValue: 14,
            targetValue: 4,
            factors: high9, lead: "staff2", reviewer: "rm", route: "rpp",
            interim: "Every PRN for distress is agreed with the on-call manager first.", dueOffset: 35, status: .open,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "maple", title: "Families told of medication changes within 48 hours", theme: "Communication",
            statements: ["R3", "R4"], source: "complaint-family",
            baseline: "Families were told of 3 of 8 medication changes.", baselineOffset: -20,
            metric: "% of medication changes communicated within 48 hours", direction: .higher, baselineValue: 38,
            targetValue: 95,
            factors: moderate6, lead: "staff2", reviewer: "rm", route: "maple",
            interim: "", dueOffset: 7, status: .inProgress,
            steps: [
                S(
                    what: "Family contact prompt on the medication change form", role: "Team leader", owner: "staff2",
                    recorded: "Medication change form", dueOffset: 3)
            ],
            stepsDone: 0, dueChange: nil),
        .init(
            service: "maple", title: "Tenancy meetings recorded with easy-read notes", theme: "People's voice",
            statements: ["C3", "R1"], source: nil,
            baseline: "No easy-read notes of tenancy meetings.", baselineOffset: -15,
            metric: "Meetings with easy-read notes (%)", direction: .higher, baselineValue: 0, targetValue: 100,
            factors: low2, lead: "staff2", reviewer: "rm", route: "maple",
            interim: "", dueOffset: 28, status: .open,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "maple", title: "Supervision every 6 weeks for all support workers", theme: "Staffing",
            statements: ["C5", "S6"], source: nil,
            baseline: "54% of support workers had supervision in the last 6 weeks.", baselineOffset: -30,
            metric: "Supervision compliance %", direction: .higher, baselineValue: 54, targetValue: 90,
            factors: moderate6, lead: "rm", reviewer: "ql", route: "maple",
            interim: "", dueOffset: -1, status: .inProgress,
            steps: [
                S(
                    what: "Supervision schedule for every team leader", role: "Registered manager", owner: "rm",
                    recorded: "Supervision tracker", dueOffset: -14)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "maple", title: "Fire drills include the night team", theme: "Environment", statements: ["S5"],
            source: nil,
            baseline: "No night fire drill this year.", baselineOffset: -10,
            metric: "Night fire drills held (per quarter)", direction: .higher, baselineValue: 0, targetValue: 1,
            factors: high8, lead: "staff2", reviewer: "rm", route: "maple",
            interim: "Night team walked through the evacuation plan at handover.", dueOffset: 21, status: .draft,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "home", title: "No missed calls", theme: "Call reliability", statements: ["R2", "S2"],
            source: "commissioner-calls",
            baseline: "11 missed calls in September (council's monitoring).", baselineOffset: -35,
            metric: "Missed calls (per month)", direction: .lower, baselineValue: 11, targetValue: 0,
            factors: extreme, lead: "rm2", reviewer: "ql", route: "home",
            interim: "Coordinator checks the call monitoring board hourly and dispatches a standby carer.",
            dueOffset: 3, status: .inProgress,
            steps: [
                S(
                    what: "Standby carer on every shift", role: "Care coordinator", owner: "staff2", recorded: "Rota",
                    dueOffset: -20),
                S(
                    what: "Electronic call monitoring alerts at 15 minutes late", role: "Registered manager",
                    owner: "rm2", recorded: "Call monitoring system", dueOffset: -5)
            ],
            stepsDone: 2, dueChange: nil),
        .init(
            service: "home", title: "Calls more than 30 minutes late below 2%", theme: "Call reliability",
            statements: ["R2"], source: "commissioner-calls",
            baseline: "46 of 1,850 calls (2.5%) more than 30 minutes late in September.", baselineOffset: -35,
            metric: "% of calls more than 30 minutes late", direction: .lower, baselineValue: 2.5, targetValue: 2,
            factors: high12, lead: "rm2", reviewer: "ql", route: "home",
            interim: "Time-critical calls (medicines, diabetes) flagged and prioritised.", dueOffset: -9,
            status: .inProgress,
            steps: [
                S(
                    what: "Re-plan rounds to cut travel time", role: "Care coordinator", owner: "staff2",
                    recorded: "Rota system", dueOffset: -15)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "home", title: "Time-critical medicines calls never late", theme: "Medicines",
            statements: ["S8", "R2"], source: "commissioner-calls",
            baseline: "4 time-critical medicines calls were late in September.", baselineOffset: -35,
            metric: "Late time-critical medicines calls (per month)", direction: .lower, baselineValue: 4,
            targetValue: 0,
            factors: extreme15, lead: "rm2", reviewer: "ni", route: "home",
            interim: "Time-critical calls cannot be moved without the manager's approval.", dueOffset: 14,
            status: .awaitingAssurance,
            steps: [
                S(
                    what: "Flag time-critical calls in the rota system", role: "Registered manager", owner: "rm2",
                    recorded: "Rota system", dueOffset: -25)
            ],
            stepsDone: 1, dueChange: nil),
        .init(
            service: "home", title: "Spot checks on every carer each quarter", theme: "Competence",
            statements: ["E2", "S6"], source: nil,
            baseline: "38% of carers had a spot check in the last quarter.", baselineOffset: -120,
            metric: "% of carers spot-checked this quarter", direction: .higher, baselineValue: 38, targetValue: 100,
            factors: moderate6, lead: "staff2", reviewer: "rm2", route: "home",
            interim: "", dueOffset: 50, status: .inProgress,
            steps: [
                S(
                    what: "Spot-check schedule for field supervisors", role: "Field supervisor", owner: "staff2",
                    recorded: "Spot check log", dueOffset: 10)
            ],
            stepsDone: 0, dueChange: nil),
        .init(
            service: "home", title: "Staff turnover below 25%", theme: "Workforce", statements: ["C5"], source: nil,
            baseline: "Annualised turnover 38%.", baselineOffset: -30,
            metric: "Annualised staff turnover %", direction: .lower, baselineValue: 38, targetValue: 25,
            factors: moderate4, lead: "rm2", reviewer: "ql", route: "oversight",
            interim: "", dueOffset: 90, status: .open,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "home", title: "Complaints acknowledged within 2 working days", theme: "Complaints",
            statements: ["R4"], source: nil,
            baseline: "3 of 7 complaints acknowledged in time.", baselineOffset: -20,
            metric: "% of complaints acknowledged in 2 working days", direction: .higher, baselineValue: 43,
            targetValue: 100,
            factors: low3, lead: "rm2", reviewer: "ql", route: "home",
            interim: "", dueOffset: -5, status: .inProgress,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "home", title: "Office phone answered out of hours", theme: "Call reliability", statements: ["R2"],
            source: nil,
            baseline: "Out-of-hours line went to voicemail 12 times in a month.", baselineOffset: -15,
            metric: "Unanswered out-of-hours calls (per month)", direction: .lower, baselineValue: 12, targetValue: 0,
            factors: low1, lead: "staff2", reviewer: "rm2", route: "home",
            interim: "", dueOffset: 30, status: .draft,
            steps: [], stepsDone: 0, dueChange: nil),
        .init(
            service: "maple", title: "Health action plans up to date", theme: "Health", statements: ["E4"], source: nil,
            baseline: "3 of 6 tenants' health action plans more than a year old.", baselineOffset: -25,
            metric: "% of health action plans reviewed in the last year", direction: .higher, baselineValue: 50,
            targetValue: 100,
            factors: low2, lead: "staff2", reviewer: "rm", route: "maple",
            interim: "", dueOffset: 60, status: .open,
            steps: [], stepsDone: 0, dueChange: nil)
    ]
}
