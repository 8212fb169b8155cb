import Foundation
import Testing
@testable import GripCore

/// Stored enum values are the API's and the database's: they may never change silently.
@Suite struct ServiceTypeTests {
    @Test func storedValuesAndLabels() {
        #expect(
            ServiceType.allCases.map(\.rawValue)
                == ["supported_living", "residential", "nursing", "domiciliary", "outreach", "respite"])
        #expect(Set(ServiceType.allCases.map(\.label)).count == ServiceType.allCases.count)
        #expect(CQCRating.allCases.allSatisfy { !$0.label.isEmpty })
        #expect(Set(SourceKind.allCases.map(\.label)).count == SourceKind.allCases.count)
    }

    @Test func oversightRoutesLookAcrossTheirServices() {
        #expect(RouteKind.allCases.filter(\.overseesItsServices) == [.improvementBoard, .providerOversight, .board])
        #expect(!RouteKind.serviceRecoveryMeeting.overseesItsServices)
        #expect(!RouteKind.restrictivePracticePanel.overseesItsServices)
    }
}
