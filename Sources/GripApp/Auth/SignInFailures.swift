import Fluent
import Foundation
import GripCore

/// The failed sign-ins `SignInThrottle` counts: read, recorded and cleared (a bounded number of
/// rows: at most the limits' worth inside the window, older ones are deleted as new ones arrive).
enum SignInFailures {
    /// How long to wait before another try from this e-mail address and network address, or nil.
    static func wait(email: String, address: String, now: Date, on db: any Database) async throws -> TimeInterval? {
        let since = now.addingTimeInterval(-SignInThrottle.window)
        let byAccount =
            email.isEmpty
            ? []
            : try await SignInFailure.query(on: db)
                .filter(\.$email == email).filter(\.$at > since).sort(\.$at, .descending)
                .limit(SignInThrottle.perAccount).field(\.$at).all().map(\.at)
        let byAddress = try await SignInFailure.query(on: db)
            .filter(\.$address == address).filter(\.$at > since).sort(\.$at, .descending)
            .limit(SignInThrottle.perAddress).field(\.$at).all().map(\.at)
        return SignInThrottle.wait(accountFailures: byAccount, addressFailures: byAddress, now: now)
    }

    static func record(email: String, address: String, now: Date, on db: any Database) async throws {
        try await db.writeTransaction { tx in
            try await SignInFailure.query(on: tx).filter(\.$at <= now.addingTimeInterval(-SignInThrottle.window))
                .delete()
            try await SignInFailure(email: email, address: address, at: now).create(on: tx)
        }
    }

    /// A successful sign-in forgets the account's failures (not the address's).
    static func clear(email: String, on db: any Database) async throws {
        try await db.writeTransaction { tx in try await SignInFailure.query(on: tx).filter(\.$email == email).delete() }
    }
}
