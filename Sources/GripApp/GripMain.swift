import Fluent
import Foundation
import Vapor

/// The `grip` command line: Vapor's commands (serve, routes) plus Grip's own.
public enum GripMain {
    public static func run() async throws {
        // `grip spc` is offline analysis: no database, no server.
        let raw = CommandLine.arguments
        if raw.count > 1 && raw[1] == "spc" {
            exit(SPCCommand.run(arguments: Array(raw.dropFirst(2))))
        }
        // `grip rules` prints the change policy: data, no database.
        if raw.count > 1 && raw[1] == "rules" {
            exit(RulesCommand.run(arguments: Array(raw.dropFirst(2))))
        }
        // `grip bench` (no sub-command) runs the whole benchmark: it only starts other processes
        // and talks HTTP, so it opens no database of its own.
        if raw.count > 1 && raw[1] == "bench" && (raw.count == 2 || raw[2].hasPrefix("-")) {
            exit(await BenchRun.main(Array(raw.dropFirst(2))))
        }
        // `grip restore` writes the database file before anything opens it.
        if raw.count > 1 && raw[1] == "restore" {
            exit(await RestoreRun.main(Array(raw.dropFirst(2))))
        }
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        var args = env.arguments
        let command = args.count > 1 ? args[1] : "serve"
        let demo = command == "demo"
        if demo { args[1] = "serve" }
        env.arguments = args
        let app = try await Application.make(env)
        do {
            var config = try GripConfig.fromEnvironment()
            // serve and demo migrate on start; the other commands migrate when they run.
            config.autoMigrate = command == "serve" || demo || command.hasPrefix("-")
            config.dayRoll = config.autoMigrate
            try await configure(app, config: config)
            // The command's work, and the demo's loading, read the application's clock.
            try await app.withClock {
                if demo {
                    let users = try await DemoSeeder.seed(app)
                    DemoSeeder.printSignIn(users, arguments: args)
                }
                try await app.execute()
            }
        } catch {
            if !(error is CommandFailure) { app.logger.report(error: error) }  // commands print their own
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
