import Foundation
import GripCore
import NIOCore
import NIOHTTP1
import Vapor

/// One HTTP request of a benchmark operation.
struct BenchRequest: Sendable {
    var method: HTTPMethod = .GET
    var path: String
    var headers: [(String, String)] = []
    var body: ByteBuffer?
}

/// Drives a server (or several sharing one database) over real HTTP with a number of concurrent
/// clients, each sending its share of the requests one after another, and collects every latency.
/// Client c talks to server c modulo the number of servers.
struct BenchLoad: Sendable {
    let client: HTTPClient
    let bases: [String]

    init(client: HTTPClient, bases: [String]) {
        precondition(!bases.isEmpty)
        self.client = client
        self.bases = bases
    }

    init(client: HTTPClient, base: String) { self.init(client: client, bases: [base]) }

    struct Outcome: Sendable {
        var milliseconds: [Double]
        var errors: Int
        var wallSeconds: Double
        var firstError: String?
        var summary: LatencySummary? {
            LatencySummary(milliseconds: milliseconds, errors: errors, wallSeconds: wallSeconds)
        }
    }

    /// The answer a request gets; `ok` decides whether it counts as a success.
    struct Answer: Sendable {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: ByteBuffer?
        var text: String { body.map { String(buffer: $0) } ?? "" }
    }

    static func makeClient() -> HTTPClient {
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.timeout = .init(connect: .seconds(10), read: .seconds(300))
        config.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        config.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// Sends a request to the server client `c` talks to (the first, unless said).
    func send(_ r: BenchRequest, client c: Int = 0) async throws -> Answer {
        var request = try HTTPClient.Request(url: bases[c % bases.count] + r.path, method: r.method)
        for (name, value) in r.headers { request.headers.add(name: name, value: value) }
        if let body = r.body { request.body = .byteBuffer(body) }
        let response = try await client.execute(request: request).get()
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    /// Runs `total` requests over `clients` concurrent clients. `make(client, n)` builds a client's
    /// n-th request; `check` says whether an answer is a success (and may record what it returned).
    /// A client stops early, after at least one request, once `budget` has passed, so a slow
    /// operation cannot hold the whole benchmark up; the report gives the count actually sent.
    func run(
        clients: Int, total: Int, warmUp: Int = 0, budget: Duration = .seconds(30),
        make: @escaping @Sendable (Int, Int) -> BenchRequest,
        check: @escaping @Sendable (Int, Answer) -> Bool = { _, a in (200..<300).contains(Int(a.status.code)) }
    ) async -> Outcome {
        for n in 0..<warmUp { _ = try? await send(make(n % clients, n), client: n % clients) }
        let perClient = max(1, total / clients)
        let start = ContinuousClock.now
        let deadline = start + budget
        let results = await withTaskGroup(of: Outcome.self) { group in
            for c in 0..<clients {
                group.addTask {
                    var out = Outcome(milliseconds: [], errors: 0, wallSeconds: 0)
                    out.milliseconds.reserveCapacity(perClient)
                    for n in 0..<perClient {
                        if n > 0 && ContinuousClock.now > deadline { break }
                        let request = make(c, n)
                        let began = ContinuousClock.now
                        do {
                            let answer = try await send(request, client: c)
                            let ms = (ContinuousClock.now - began).milliseconds
                            if check(c, answer) {
                                out.milliseconds.append(ms)
                            } else {
                                out.errors += 1
                                if out.firstError == nil {
                                    out.firstError =
                                        """
                                        \(request.method) \(request.path) → \(answer.status.code): \
                                        \(answer.text.prefix(300))
                                        """
                                }
                            }
                        } catch {
                            out.errors += 1
                            if out.firstError == nil { out.firstError = "\(request.method) \(request.path): \(error)" }
                        }
                    }
                    return out
                }
            }
            var all = Outcome(milliseconds: [], errors: 0, wallSeconds: 0)
            for await o in group {
                all.milliseconds += o.milliseconds
                all.errors += o.errors
                if all.firstError == nil { all.firstError = o.firstError }
            }
            return all
        }
        var outcome = results
        outcome.wallSeconds = (ContinuousClock.now - start).seconds
        return outcome
    }
}

/// Small helpers for building requests.
extension BenchRequest {
    static func get(_ path: String, cookie: String) -> BenchRequest {
        BenchRequest(path: path, headers: [("Cookie", cookie)])
    }

    static func api(_ path: String, token: String) -> BenchRequest {
        BenchRequest(path: path, headers: [("Authorization", "Bearer \(token)")])
    }

    static func json(_ method: HTTPMethod, _ path: String, token: String, body: some Encodable) -> BenchRequest {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(body)) ?? Data()
        return BenchRequest(
            method: method, path: path,
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
            body: ByteBuffer(data: data))
    }

    static func form(_ path: String, cookie: String, fields: [(String, String)]) -> BenchRequest {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return BenchRequest(
            method: .POST, path: path,
            headers: [("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded")],
            body: ByteBuffer(string: body))
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }
}
