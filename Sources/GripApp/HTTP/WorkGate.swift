import Foundation

/// Lets at most `limit` callers through at once; the rest wait in order of arrival.
/// A waiter holds nothing (no database connection), so it cannot block a holder.
actor WorkGate {
    nonisolated let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        precondition(limit > 0, "a gate lets at least one caller through")
        self.limit = limit
    }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        // The releasing caller hands its place straight to the first waiter.
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}

/// The pages and reports that read a whole provider group (provider dashboard, recovery map,
/// packs, exports) each cost a second or more of one core and tens of megabytes. Running many
/// more of them at once than there are cores makes none of them faster and multiplies the memory
/// they hold, so they queue here: twice the cores, because each spends part of its time waiting
/// on the database (with only as many as the cores, the cores sat idle and the queue grew).
/// Handlers call `run` once, at the top: never nest it.
enum HeavyWork {
    static let gate = WorkGate(limit: max(2, 2 * ProcessInfo.processInfo.activeProcessorCount))

    static func run<T>(_ body: () async throws -> T) async throws -> T {
        await gate.acquire()
        do {
            let result = try await body()
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }
}
