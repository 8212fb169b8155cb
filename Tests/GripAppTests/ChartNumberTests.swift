import Foundation
import Testing
@testable import GripApp

@Suite struct ChartNumberTests {
    /// The chart's own one-decimal formatting gives what `%.1f` gives (away from exact ties).
    @Test func oneDecimalMatchesPrintf() {
        var values: [Double] = [0, 1, -1, 0.96, 0.94, 12.34, -12.36, 99.99, 100, 1e9 + 0.27, -5e6 - 0.71]
        values += (0..<5000).map { Double($0) * 0.3711 - 900.013 }
        for v in values {
            #expect(XmRChart.num(v) == String(format: "%.1f", v), "\(v)")
        }
        #expect(XmRChart.num(-0.04) == "0.0")
        #expect(XmRChart.num(.infinity) == String(format: "%.1f", Double.infinity))
    }
}
