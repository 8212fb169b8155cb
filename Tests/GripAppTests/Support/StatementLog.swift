import Fluent
import Vapor
@testable import GripApp

/// Every SQL statement a database handle sends, Fluent's and SQLKit's alike (Fluent's `QueryHistory` sees only
/// Fluent's): the drivers log each statement at the configured `sqlLogLevel` (debug) through the handle's logger.
final class StatementLog: Sendable {
    private let lines = Locked([String]())

    var statements: [String] { lines.with { $0 } }

    /// A handle on the app's database whose statements this log collects.
    func database(_ app: Application) -> any Database {
        let handler = Handler(log: self)
        let logger = Logger(label: "grip.statements") { _ in handler }
        return app.databases.database(logger: logger, on: app.eventLoopGroup.any())!
    }

    fileprivate func add(_ line: String) { lines.with { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: StatementLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard event.level == .debug else { return }
            log.add(event.message.description)
        }
    }
}
