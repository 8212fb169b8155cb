import CoreMetrics
import Foundation
import Prometheus

/// Prometheus metrics: Vapor reports request counts and durations through swift-metrics.
enum Metrics {
    static let registry = PrometheusCollectorRegistry()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var booted = false

    /// swift-metrics may be bootstrapped once per process (tests make many apps).
    static func bootstrapOnce() {
        lock.lock()
        defer { lock.unlock() }
        guard !booted else { return }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        booted = true
    }

    static func text() -> String { registry.emitToString() }
}
