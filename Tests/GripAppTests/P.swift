import Testing
import VaporTesting
@Test func placeholder2() { #expect(1 == 1) }
