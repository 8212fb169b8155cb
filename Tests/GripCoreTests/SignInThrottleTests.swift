import Foundation
import Testing
@testable import GripCore

@Suite struct SignInThrottleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    @Test func fewerFailuresThanTheLimitAllowATry() {
        #expect(SignInThrottle.wait(failures: [], limit: 5, now: now) == nil)
        #expect(SignInThrottle.wait(failures: (1...4).map { ago(Double($0) * 10) }, limit: 5, now: now) == nil)
    }

    @Test func theLimitPausesUntilTheOldestCountingFailureLeavesTheWindow() {
        // Five failures 100, 200 … 500 seconds ago: the one 500 s ago leaves the window in 900 − 500 = 400 s.
        let failures = (1...5).map { ago(Double($0) * 100) }
        #expect(SignInThrottle.wait(failures: failures, limit: 5, now: now) == 400)
        // Order does not matter.
        #expect(SignInThrottle.wait(failures: failures.reversed(), limit: 5, now: now) == 400)
    }

    @Test func onlyFailuresInsideTheWindowCount() {
        // Four recent and two older than the window: still allowed.
        let failures = (1...4).map { ago(Double($0)) } + [ago(SignInThrottle.window), ago(SignInThrottle.window + 1)]
        #expect(SignInThrottle.wait(failures: failures, limit: 5, now: now) == nil)
        // A failure exactly one window ago has just left it; one a second younger still counts.
        let edge = (1...4).map { ago(Double($0)) } + [ago(SignInThrottle.window - 1)]
        #expect(SignInThrottle.wait(failures: edge, limit: 5, now: now) == 1)
    }

    @Test func moreFailuresThanTheLimitWaitForEnoughToLeave() {
        // Seven failures 10…70 s ago, limit 5: a try is allowed once only four are left in the
        // window, i.e. when the fifth newest (50 s ago) leaves: 900 − 50 = 850 s.
        let failures = (1...7).map { ago(Double($0) * 10) }
        #expect(SignInThrottle.wait(failures: failures, limit: 5, now: now) == 850)
    }

    @Test func failuresInTheFutureAndAZeroLimitAreIgnored() {
        let failures = (1...5).map { now.addingTimeInterval(Double($0)) }
        #expect(SignInThrottle.wait(failures: failures, limit: 5, now: now) == nil)
        #expect(SignInThrottle.wait(failures: [ago(1)], limit: 0, now: now) == nil)
    }

    @Test func theLongerOfTheAccountAndAddressPausesApplies() {
        let account = (1...5).map { ago(Double($0) * 100) }  // 400 s
        let address = (1...20).map { ago(Double($0)) }  // 900 − 20 = 880 s
        #expect(SignInThrottle.wait(accountFailures: account, addressFailures: [], now: now) == 400)
        #expect(SignInThrottle.wait(accountFailures: account, addressFailures: address, now: now) == 880)
        #expect(SignInThrottle.wait(accountFailures: [], addressFailures: Array(address.prefix(19)), now: now) == nil)
    }

    @Test func theMessageRoundsMinutesUp() {
        #expect(SignInThrottle.minutes(1) == 1)
        #expect(SignInThrottle.minutes(60) == 1)
        #expect(SignInThrottle.minutes(61) == 2)
        #expect(SignInThrottle.minutes(880) == 15)
        #expect(SignInThrottle.message(30).contains("Wait 1 minute and"))
        #expect(SignInThrottle.message(400).contains("Wait 7 minutes"))
    }
}
