import Foundation
import GripApp

do {
    try await GripMain.run()
} catch {
    // The problem has been printed (by the command or the logger); exit non-zero, no stack trace.
    exit(1)
}
