import Foundation
import Testing
@testable import GripApp

@Suite struct WorkGateTests {
    /// Counts callers inside the gate and the most there ever were at once.
    actor Tally {
        var inside = 0, most = 0, done = 0
        func enter() { inside += 1; most = max(most, inside) }
        func leave() { inside -= 1; done += 1 }
    }

    @Test(arguments: [1, 2, 3])
    func neverLetsMoreThanItsLimitThrough(limit: Int) async throws {
        let gate = WorkGate(limit: limit)
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    await gate.acquire()
                    await tally.enter()
                    try await Task.sleep(for: .milliseconds(5))
                    await tally.leave()
                    await gate.release()
                }
            }
            try await group.waitForAll()
        }
        #expect(await tally.done == 12)
        #expect(await tally.most == limit)
        #expect(await tally.inside == 0)
    }

    /// A caller whose work fails gives its place back, so the next one still gets through.
    @Test func heavyWorkReleasesItsPlaceWhenTheWorkFails() async throws {
        struct Failed: Error {}
        for _ in 0..<(HeavyWork.gate.limit + 2) {
            await #expect(throws: Failed.self) { try await HeavyWork.run { throw Failed() } }
        }
        let answer = try await HeavyWork.run { 42 }
        #expect(answer == 42)
    }
}
