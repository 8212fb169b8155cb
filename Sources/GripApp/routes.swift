import Fluent
import GripCore
import Vapor

func routes(_ app: Application) throws {
    app.get(.health) { _ in HTTPStatus.ok }
    app.get(.ready) { req async throws -> HTTPStatus in
        _ = try await AccountQuery.noOrganisationYet(on: req.db)  // the database answers
        return .ok
    }
    app.get(.metrics) { _ -> Response in
        let res = Response(status: .ok, body: .init(string: Metrics.text()))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4"])
        return res
    }

    // ClockMiddleware comes last in each group, next to the handlers: middleware that waits on the database
    // (sessions) resumes outside the request's task, so the clock is bound where the handler runs.
    let web = app.grouped(app.sessions.middleware, SessionActorMiddleware(), CSRFMiddleware(), ClockMiddleware())
    try web.register(collection: AccountController())
    let signedIn = web.grouped(RequireSignInMiddleware(), RequireTwoFactorEnrolmentMiddleware(), ClockMiddleware())
    try signedIn.register(collection: HomeController())
    try signedIn.register(collection: ActionsWebController(maxUploadBytes: app.maxUploadBytes))
    try signedIn.register(collection: EvidenceWebController())
    try signedIn.register(collection: IndicatorsWebController())
    try signedIn.register(collection: DashboardWebController())
    try signedIn.register(collection: EscalationsWebController())
    try signedIn.register(collection: ThresholdsWebController())
    try signedIn.register(collection: FiringsWebController())
    try signedIn.register(collection: VisitsWebController())
    try signedIn.register(collection: SafetyModelsWebController())
    try signedIn.register(collection: LearningWebController())
    try signedIn.register(collection: MeetingsWebController())
    try signedIn.register(collection: DecisionsWebController())
    try signedIn.register(collection: GovernanceWebController())
    try signedIn.register(collection: CalendarSettingsController())
    try signedIn.register(collection: MailSettingsController())
    try signedIn.register(collection: TwoFactorController())
    try signedIn.register(collection: ReportsWebController())
    // The calendar feed is read by calendar apps: no session, the secret in its URL is the key.
    try app.grouped(ClockMiddleware()).register(collection: CalendarFeedController())
    try signedIn.register(collection: SourcesWebController())
    try signedIn.register(collection: FrameworksWebController())
    try signedIn.register(collection: CareLogWebController<PeoplePages>())
    try signedIn.register(collection: PersonWebController())
    try signedIn.register(collection: CareLogWebController<SafeguardingPages>())
    try signedIn.register(collection: CareLogWebController<InterventionPages>())
    try signedIn.register(collection: CareLogWebController<NotificationPages>())
    try signedIn.register(collection: AdminWebController())
    try signedIn.register(collection: ChangesWebController())

    app.get(.apiOpenAPI) { _ -> Response in
        let res = Response(status: .ok, body: .init(string: OpenAPIDocument.json))
        res.headers.contentType = .json
        return res
    }
    // The API's routes give their whole path (`SiteRoute`, `/api/v1/…`): the group adds middleware, not a prefix.
    let authed = app.grouped(BearerActorMiddleware(), RequireActorMiddleware(), ClockMiddleware())
    try authed.register(collection: ServicesAPIController())
    try authed.register(collection: ActionsAPIController())
    try authed.register(collection: ChangesAPIController())
    try authed.register(collection: AssuranceAPIController(maxUploadBytes: app.maxUploadBytes))
    try authed.register(collection: IndicatorsAPIController())
    try authed.register(collection: EscalationsAPIController())
    try authed.register(collection: ThresholdsAPIController())
    try authed.register(collection: FiringsAPIController())
    try authed.register(collection: VisitsAPIController())
    try authed.register(collection: SafetyModelsAPIController())
    try authed.register(collection: LearningAPIController())
    try authed.register(collection: MeetingsAPIController())
    try authed.register(collection: GovernanceAPIController())
    try authed.register(collection: ReportsAPIController())
    try authed.register(collection: FrameworksAPIController())
    try authed.register(collection: CareLogsAPIController())
}
