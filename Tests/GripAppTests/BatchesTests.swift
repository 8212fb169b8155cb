import Fluent
import Foundation
import GripCore
import Testing
@testable import GripApp

@Suite struct BatchesTests {
    @Test(arguments: [(0, 3, [Int]()), (1, 3, [1]), (3, 3, [3]), (7, 3, [3, 3, 1]), (6, 3, [3, 3]), (5, 10, [5])])
    func chunksKeepEveryItemInOrder(count: Int, size: Int, sizes: [Int]) {
        let items = Array(0..<count)
        let chunks = Batches.chunks(items, size: size)
        #expect(chunks.map(\.count) == sizes)
        #expect(chunks.flatMap { $0 } == items)
    }

    @Test func createInsertsEveryModelAcrossSeveralStatements() async throws {
        try await withGrip { app in
            let before = try await count(Organisation.self, app)
            let made = (0..<7).map { i in
                Organisation(
                    name: "Batch \(i)", frameworkVersion: Framework.cqc2023.id,
                    riskMatrixVersion: RiskMatrix.current.version, reviewPolicyVersion: ReviewPolicy.current.version)
            }
            try await Batches.create(made, size: 3, on: app.db)
            #expect(try await count(Organisation.self, app) == before + 7)
            let names = try await Organisation.query(on: app.db).filter(\.$name ~~ "Batch ").all().map(\.name).sorted()
            #expect(names == (0..<7).map { "Batch \($0)" })
        }
    }

    /// Known answers from FIPS 180-2 (the empty string and "abc").
    @Test func digestsAreLowerCaseHexOfSHA256() {
        #expect(Digests.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digests.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digests.sha256(Array("abc".utf8)) == Digests.sha256("abc"))
    }
}
