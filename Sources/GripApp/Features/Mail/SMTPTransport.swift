import Dispatch
import Foundation
import Glibc
import GripCore

/// SMTP (RFC 5321) without TLS, for a relay on the host or the local network (`GRIP_SMTP_URL`): EHLO, AUTH PLAIN
/// when the URL names a user, MAIL, RCPT, DATA, QUIT. A relay that needs TLS is reached through `GRIP_SENDMAIL`
/// (msmtp, say). Blocking sockets with 30-second timeouts, on a thread of their own.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    let user: String?
    let password: String?

    var name: String { "SMTP to \(host):\(port)" }

    init?(url: String) {
        guard let u = URLComponents(string: url), u.scheme?.lowercased() == "smtp", let host = u.host, !host.isEmpty
        else { return nil }
        self.host = host
        self.port = u.port ?? 25
        self.user = u.user?.removingPercentEncoding
        self.password = u.password?.removingPercentEncoding
        guard (1...65_535).contains(port) else { return nil }
    }

    func send(from: String, to: String, message: String) async throws {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global(qos: .utility).async {
                do {
                    try self.sendBlocking(from: from, to: to, message: message)
                    cont.resume()
                } catch {
                    cont.resume(throwing: error)
                }
            }
        }
    }

    func sendBlocking(from: String, to: String, message: String) throws {
        let connection = try Connection(host: host, port: port)
        defer { connection.close() }
        try connection.expect(220, "the greeting")
        try connection.write("EHLO grip\r\n")
        if (try? connection.expect(250, "EHLO")) == nil {
            try connection.write("HELO grip\r\n")
            try connection.expect(250, "HELO")
        }
        if let user {
            let token = Data(("\0" + user + "\0" + (password ?? "")).utf8).base64EncodedString()
            try connection.write("AUTH PLAIN \(token)\r\n")
            try connection.expect(235, "AUTH")
        }
        try connection.write("MAIL FROM:<\(from)>\r\n")
        try connection.expect(250, "MAIL FROM")
        try connection.write("RCPT TO:<\(to)>\r\n")
        try connection.expect([250, 251], "RCPT TO")
        try connection.write("DATA\r\n")
        try connection.expect(354, "DATA")
        try connection.write(MailFormat.dotStuffed(message) + (message.hasSuffix("\r\n") ? "" : "\r\n") + ".\r\n")
        try connection.expect(250, "the message")
        try? connection.write("QUIT\r\n")
    }

    /// One TCP connection, read a reply at a time.
    final class Connection {
        private var fd: Int32 = -1
        private var buffer: [UInt8] = []
        let host: String

        init(host: String, port: Int) throws {
            self.host = host
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let found = getaddrinfo(host, String(port), &hints, &list)
            guard found == 0, let first = list else {
                throw MailSendFailure(
                    "cannot find the mail server \(host): \(String(cString: gai_strerror(found)))",
                    unreachable: true)
            }
            defer { freeaddrinfo(list) }
            var lastError = ""
            var next: UnsafeMutablePointer<addrinfo>? = first
            while let ai = next {
                next = ai.pointee.ai_next
                let s = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
                guard s >= 0 else { continue }
                var timeout = timeval(tv_sec: 30, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if connect(s, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 {
                    fd = s
                    break
                }
                lastError = String(cString: strerror(errno))
                _ = Glibc.close(s)
            }
            guard fd >= 0 else {
                throw MailSendFailure("cannot connect to \(host):\(port): \(lastError)", unreachable: true)
            }
        }

        func close() {
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }

        func write(_ text: String) throws {
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw MailSendFailure("the mail server \(host) closed the connection") }
                bytes = bytes.dropFirst(n)
            }
        }

        /// One reply, however many lines ("250-…" continues, "250 …" ends).
        func reply() throws -> (code: Int, text: String) {
            var lines: [String] = []
            while true {
                let line = try readLine()
                lines.append(line)
                let chars = Array(line)
                if chars.count < 4 || chars[3] != "-" {
                    guard chars.count >= 3, let code = Int(String(chars[0..<3])) else {
                        throw MailSendFailure("the mail server \(host) answered '\(line.prefix(80))'")
                    }
                    return (code, lines.joined(separator: " "))
                }
            }
        }

        func expect(_ codes: [Int], _ step: String) throws {
            let r = try reply()
            guard codes.contains(r.code) else {
                throw MailSendFailure("the mail server \(host) refused \(step): \(r.text.prefix(200))")
            }
        }

        func expect(_ code: Int, _ step: String) throws { try expect([code], step) }

        private func readLine() throws -> String {
            while true {
                if let nl = buffer.firstIndex(of: 10) {
                    var line = Array(buffer[..<nl])
                    buffer.removeFirst(nl + 1)
                    if line.last == 13 { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                guard buffer.count < 64 * 1024 else {
                    throw MailSendFailure("the mail server \(host) sent too long a line")
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else {
                    throw MailSendFailure(
                        n == 0
                            ? "the mail server \(host) closed the connection"
                            : "no answer from the mail server \(host): \(String(cString: strerror(errno)))")
                }
                buffer += chunk[..<n]
            }
        }
    }
}
