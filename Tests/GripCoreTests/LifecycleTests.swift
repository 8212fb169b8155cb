import Testing
@testable import GripCore

@Suite struct LifecycleTests {
    @Test(arguments: [
        (ActionStatus.draft, ActionStatus.open), (.open, .inProgress), (.inProgress, .awaitingAssurance),
        (.reopened, .awaitingAssurance), (.draft, .cancelled), (.open, .cancelled), (.inProgress, .cancelled)
    ])
    func allowedMoves(from: ActionStatus, to: ActionStatus) throws {
        let reason = to == .cancelled ? "Duplicate of A-0003" : nil
        #expect(try ActionLifecycle.transition(from: from, to: to, reason: reason) == to)
    }

    @Test func monitoringAndSustainedAreNeverPlainTargets() {
        for from in ActionStatus.allCases {
            if from != .monitoring {
                #expect(throws: TransitionError.gatedTarget(.monitoring)) {
                    try ActionLifecycle.transition(from: from, to: .monitoring, reason: "x")
                }
            }
            if from != .sustained {
                #expect(throws: TransitionError.gatedTarget(.sustained)) {
                    try ActionLifecycle.transition(from: from, to: .sustained, reason: "x")
                }
            }
        }
        #expect(TransitionError.gatedTarget(.monitoring).message.contains("senior reviewer"))
        #expect(TransitionError.gatedTarget(.sustained).message.contains("re-audit"))
    }

    @Test func illegalMovesNameWhereTheActionCanGo() {
        #expect(throws: TransitionError.notAllowed(from: .draft, to: .awaitingAssurance)) {
            try ActionLifecycle.transition(from: .draft, to: .awaitingAssurance, reason: nil)
        }
        let message = TransitionError.notAllowed(from: .draft, to: .awaitingAssurance).message
        #expect(message.contains("open"))
        #expect(throws: TransitionError.notAllowed(from: .cancelled, to: .open)) {
            try ActionLifecycle.transition(from: .cancelled, to: .open, reason: "undo")
        }
        #expect(TransitionError.notAllowed(from: .cancelled, to: .open).message.contains("final"))
        #expect(throws: TransitionError.notAllowed(from: .open, to: .reopened)) {
            try ActionLifecycle.transition(from: .open, to: .reopened, reason: "r")
        }
    }

    @Test func sameStatusIsAnError() {
        #expect(throws: TransitionError.sameStatus(.open)) {
            try ActionLifecycle.transition(from: .open, to: .open, reason: nil)
        }
    }

    @Test func reasonsAreRequiredToCancelReopenOrSendBack() throws {
        #expect(throws: TransitionError.reasonRequired(from: .open, to: .cancelled)) {
            try ActionLifecycle.transition(from: .open, to: .cancelled, reason: "   ")
        }
        #expect(throws: TransitionError.reasonRequired(from: .monitoring, to: .reopened)) {
            try ActionLifecycle.transition(from: .monitoring, to: .reopened, reason: nil)
        }
        #expect(throws: TransitionError.reasonRequired(from: .awaitingAssurance, to: .inProgress)) {
            try ActionLifecycle.transition(from: .awaitingAssurance, to: .inProgress, reason: "")
        }
        #expect(
            try ActionLifecycle.transition(from: .sustained, to: .reopened, reason: "Failed spot check") == .reopened)
    }

    /// DESIGN §2's lifecycle, written out by hand: every plain move that is allowed. Every other
    /// pair of the whole from × to table is refused, with the right error.
    static let allowed: Set<String> = [
        "draft>open", "draft>cancelled",
        "open>in_progress", "open>cancelled",
        "in_progress>awaiting_assurance", "in_progress>cancelled",
        "reopened>awaiting_assurance", "reopened>cancelled",
        "awaiting_assurance>in_progress", "awaiting_assurance>cancelled",
        "monitoring>reopened", "sustained>reopened"
    ]

    @Test(arguments: ActionStatus.allCases)
    func theWholeTable(from: ActionStatus) {
        for to in ActionStatus.allCases {
            let key = "\(from.rawValue)>\(to.rawValue)"
            let result = Result { () throws(TransitionError) in
                try ActionLifecycle.transition(from: from, to: to, reason: "A reason")
            }
            if from == to {
                #expect(result == .failure(.sameStatus(from)), "\(key)")
            } else if to == .monitoring || to == .sustained {
                #expect(result == .failure(.gatedTarget(to)), "\(key)")
            } else if Self.allowed.contains(key) {
                #expect(result == .success(to), "\(key)")
            } else {
                #expect(result == .failure(.notAllowed(from: from, to: to)), "\(key)")
            }
        }
    }

    @Test func reopenedBehavesAsInProgress() {
        #expect(ActionStatus.reopened.isLive)
        #expect(
            (try? ActionLifecycle.transition(from: .reopened, to: .awaitingAssurance, reason: nil))
                == .awaitingAssurance)
        #expect(!ActionStatus.monitoring.isLive)
        #expect(!ActionStatus.draft.isLive)
    }

    @Test func apiValuesAreSnakeCase() {
        #expect(
            ActionStatus.allCases.map(\.rawValue) == [
                "draft", "open", "in_progress", "awaiting_assurance", "monitoring", "sustained", "reopened", "cancelled"
            ])
    }

    /// Only the closure sign-off enters monitoring, from a live status; only a re-audit leaves it for sustained.
    @Test(arguments: ActionStatus.allCases)
    func gatedMovesStartOnlyWhereTheyMay(from: ActionStatus) {
        if from.isLive {
            #expect((try? ActionLifecycle.signOff(from: from)) == .monitoring)
        } else {
            #expect(throws: TransitionError.notAllowed(from: from, to: .monitoring)) {
                try ActionLifecycle.signOff(from: from)
            }
        }
        if from == .monitoring {
            #expect((try? ActionLifecycle.reAudited(from: from, passed: true)) == .sustained)
            #expect((try? ActionLifecycle.reAudited(from: from, passed: false)) == .reopened)
        } else {
            #expect(throws: TransitionError.notAllowed(from: from, to: .sustained)) {
                try ActionLifecycle.reAudited(from: from, passed: true)
            }
        }
    }
}
