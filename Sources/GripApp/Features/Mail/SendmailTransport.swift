import Foundation
import Glibc
import GripCore

/// A sendmail-compatible command (`GRIP_SENDMAIL`), run through `/bin/sh -c`, the message on its standard input.
struct SendmailTransport: MailTransport {
    let command: String
    var name: String { "the command \(command)" }

    func send(from: String, to: String, message: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        // Local mailers take LF line ends. The message is written once the command runs; a command that stops
        // reading early says why in its exit status.
        let data = Data(message.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        // A command that exits without reading its input must not take Grip down with SIGPIPE: the write fails
        // instead, and the exit status says why.
        signal(SIGPIPE, SIG_IGN)
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in cont.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                cont.resume(throwing: MailSendFailure("could not run \(command): \(error)"))
                return
            }
            try? input.fileHandleForWriting.write(contentsOf: data)
            try? input.fileHandleForWriting.close()
        }
        guard process.terminationStatus == 0 else {
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().prefix(300), as: UTF8.self)
            throw MailSendFailure(
                "\(command) exited \(process.terminationStatus)"
                    + (said.isEmpty ? "" : ": " + said.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }
}
