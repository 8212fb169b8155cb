import Fluent
import Foundation
import Testing
@testable import GripApp

/// Every model names its Fluent fields (`properties`) instead of leaving Fluent to find them by reflection
/// for every row. A field missing from a list would silently never be saved or read, so each list is
/// checked here against what reflection finds, and every model that has a list is checked.
@Suite struct ModelFieldListTests {
    struct Listed: Sendable, CustomTestStringConvertible {
        let name: String
        /// The model's own list and what reflection finds, from one instance.
        let fields: @Sendable () -> (listed: [ObjectIdentifier], reflected: [ObjectIdentifier])
        var testDescription: String { name }

        static func of<M: Model>(_ type: M.Type) -> Listed {
            Listed(
                name: String(describing: type),
                fields: {
                    let m = M()
                    let reflected = Mirror(reflecting: m).children.compactMap { $0.value as? any AnyProperty }
                    return (
                        m.properties.map { ObjectIdentifier($0 as AnyObject) },
                        reflected.map { ObjectIdentifier($0 as AnyObject) }
                    )
                })
        }
    }

    static let models: [Listed] = [
        .of(AuditEntry.self), .of(Escalation.self), .of(EscalationLink.self), .of(EscalationEvidence.self),
        .of(EscalationResponse.self), .of(EscalationFiring.self), .of(SeniorVisit.self), .of(OperatingModel.self),
        .of(OperatingModelSignature.self), .of(SafetyCheckRecord.self), .of(SafetyVerification.self),
        .of(LearningItem.self), .of(LearningCheck.self), .of(SeniorVisitLead.self),
        .of(Evidence.self), .of(EvidenceAction.self), .of(EvidenceMapping.self), .of(StoredFile.self),
        .of(EvidenceFile.self),
        .of(EvidenceRequest.self), .of(Review.self), .of(ProgressUpdate.self), .of(ReAudit.self),
        .of(PendingChange.self), .of(Indicator.self), .of(IndicatorValue.self),
        .of(SeriesSetting.self), .of(SeriesWarning.self), .of(SeriesSpark.self), .of(Meeting.self),
        .of(MeetingItem.self),
        .of(MeetingAttendance.self),
        .of(MeetingChallenge.self), .of(Decision.self), .of(MeetingAddendum.self), .of(MeetingFollowUp.self),
        .of(Organisation.self),
        .of(ServiceOversight.self), .of(OversightUpdate.self), .of(RecoveryAction.self), .of(ActionMapping.self),
        .of(FrameworkVersion.self), .of(FrameworkCrosswalk.self),
        .of(CommissionerFramework.self), .of(ActionStep.self), .of(EscalationThresholdVersion.self),
        .of(DueDayChange.self), .of(ReviewRoute.self), .of(RouteService.self), .of(RouteMember.self),
        .of(ApiToken.self),
        .of(PasswordReset.self), .of(SignInFailure.self), .of(MailMessage.self),
        .of(Service.self), .of(Source.self), .of(User.self), .of(ServiceAccess.self),
        .of(Person.self), .of(CaseShare.self), .of(SafeguardingConcern.self), .of(RestrictiveIntervention.self),
        .of(StatutoryNotification.self)
    ]

    @Test(arguments: models)
    func listNamesEveryFieldInOrder(_ model: Listed) {
        let (listed, reflected) = model.fields()
        #expect(reflected.count >= 3)
        #expect(listed == reflected)
    }

    /// Every `extension X { var properties … }` in the model sources is one of the models checked above.
    @Test func everyListedModelIsChecked() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/GripApp/Models")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter {
            $0.pathExtension == "swift"
        }
        #expect(files.count > 5)
        var declared: Set<String> = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (i, line) in lines.enumerated() where line.contains("var properties: [any AnyProperty]") && i > 0 {
                let head = lines[i - 1]
                if head.hasPrefix("extension "),
                    let name = head.dropFirst("extension ".count).split(separator: " ").first
                {
                    declared.insert(String(name))
                }
            }
        }
        #expect(declared == Set(Self.models.map(\.name)))
    }
}
