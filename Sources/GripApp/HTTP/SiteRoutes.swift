import Foundation

/// Every URL of the site, typed: each registers its route and builds its links (`SiteRoute`). The pages first,
/// then the API; within each, by path.
extension SiteRoute {
    // home, and the probes
    static let home = SiteRoute("/")
    static let health = SiteRoute("/health")
    static let ready = SiteRoute("/ready")
    static let metrics = SiteRoute("/metrics")
    static let apiOpenAPI = SiteRoute("/api/v1/openapi.json")

    // account
    static let accountCalendar = SiteRoute("/account/calendar")
    static let accountCalendarStop = SiteRoute("/account/calendar/stop")
    static let accountMail = SiteRoute("/account/mail")
    static let accountTwoFactor = SiteRoute("/account/two-factor")
    static let accountTwoFactorDisable = SiteRoute("/account/two-factor/disable")

    // actions
    static let actions = SiteRoute("/actions")
    static let action = SiteRoute("/actions/:id")
    static let actionChange = SiteRoute("/actions/:id/changes/:change")
    static let actionClose = SiteRoute("/actions/:id/close")
    static let actionDueDay = SiteRoute("/actions/:id/due-day")
    static let actionEdit = SiteRoute("/actions/:id/edit")
    static let actionEvidence = SiteRoute("/actions/:id/evidence")
    static let actionEvidenceRequests = SiteRoute("/actions/:id/evidence-requests")
    static let actionProgress = SiteRoute("/actions/:id/progress")
    static let actionReAudits = SiteRoute("/actions/:id/reaudits")
    static let actionReviews = SiteRoute("/actions/:id/reviews")
    static let actionSteps = SiteRoute("/actions/:id/steps")
    static let actionStepDone = SiteRoute("/actions/:id/steps/:step/done")
    static let actionTransition = SiteRoute("/actions/:id/transition")
    static let actionsCSV = SiteRoute("/actions/export.csv")
    static let actionsXLSX = SiteRoute("/actions/export.xlsx")
    static let actionsImport = SiteRoute("/actions/import")
    static let actionsImportConfirm = SiteRoute("/actions/import/confirm")
    static let newAction = SiteRoute("/actions/new")

    // admin
    static let admin = SiteRoute("/admin")
    static let adminRoutes = SiteRoute("/admin/routes")
    static let adminRoute = SiteRoute("/admin/routes/:id")
    static let adminServices = SiteRoute("/admin/services")
    static let adminService = SiteRoute("/admin/services/:id")
    static let adminSettings = SiteRoute("/admin/settings")
    static let adminSettingsTwoFactor = SiteRoute("/admin/settings/two-factor")
    static let adminTokens = SiteRoute("/admin/tokens")
    static let adminTokenRevoke = SiteRoute("/admin/tokens/:id/revoke")
    static let adminUsers = SiteRoute("/admin/users")
    static let adminUser = SiteRoute("/admin/users/:id")
    static let adminUserDeactivate = SiteRoute("/admin/users/:id/deactivate")
    static let adminUserResetLink = SiteRoute("/admin/users/:id/reset-link")
    static let adminUserTwoFactorReset = SiteRoute("/admin/users/:id/two-factor/reset")

    // calendar
    static let calendar = SiteRoute("/calendar/:file")

    // changes
    static let change = SiteRoute("/changes/:change")

    // dashboard
    static let dashboard = SiteRoute("/dashboard")

    // decisions
    static let decisions = SiteRoute("/decisions")
    static let decisionDone = SiteRoute("/decisions/:id/done")

    // escalations
    static let escalations = SiteRoute("/escalations")
    static let escalation = SiteRoute("/escalations/:id")
    static let escalationLinks = SiteRoute("/escalations/:id/links")
    static let escalationResponses = SiteRoute("/escalations/:id/responses")
    static let escalationTransition = SiteRoute("/escalations/:id/transition")
    static let escalationsNew = SiteRoute("/escalations/new")
    static let escalationThresholds = SiteRoute("/escalations/thresholds")
    static let firing = SiteRoute("/escalations/fired/:firing")
    static let firingTakeUp = SiteRoute("/escalations/fired/:firing/take-up")
    static let firingNotEscalating = SiteRoute("/escalations/fired/:firing/not-escalating")

    // evidence
    static let evidenceEdit = SiteRoute("/evidence/:id/edit")
    static let evidenceFile = SiteRoute("/evidence/:id/files/:file")

    // frameworks
    static let frameworks = SiteRoute("/frameworks")
    static let framework = SiteRoute("/frameworks/:fid")
    static let frameworksCommissioners = SiteRoute("/frameworks/commissioners")
    static let frameworksCrosswalks = SiteRoute("/frameworks/crosswalks")
    static let frameworksCrosswalk = SiteRoute("/frameworks/crosswalks/:from/:to")
    static let frameworksInForce = SiteRoute("/frameworks/in-force")
    static let frameworksRemap = SiteRoute("/frameworks/remap")

    // governance
    static let governance = SiteRoute("/governance")

    // indicators
    static let indicators = SiteRoute("/indicators")
    static let indicator = SiteRoute("/indicators/:id")
    static let indicatorService = SiteRoute("/indicators/:id/services/:service")
    static let indicatorServiceSettings = SiteRoute("/indicators/:id/services/:service/settings")
    static let indicatorServiceValues = SiteRoute("/indicators/:id/services/:service/values")
    static let indicatorsImport = SiteRoute("/indicators/import")

    // map
    static let map = SiteRoute("/map")

    // map.csv
    static let mapCsv = SiteRoute("/map.csv")

    // map.xlsx
    static let mapXlsx = SiteRoute("/map.xlsx")

    // meetings
    static let meetings = SiteRoute("/meetings")
    static let meeting = SiteRoute("/meetings/:id")
    static let meetingAddenda = SiteRoute("/meetings/:id/addenda")
    static let meetingApprove = SiteRoute("/meetings/:id/approve")
    static let meetingAttendance = SiteRoute("/meetings/:id/attendance")
    static let meetingItem = SiteRoute("/meetings/:id/items/:item")
    static let meetingItemChallenges = SiteRoute("/meetings/:id/items/:item/challenges")
    static let meetingItemDecisions = SiteRoute("/meetings/:id/items/:item/decisions")
    static let meetingItemDiscussion = SiteRoute("/meetings/:id/items/:item/discussion")
    static let meetingItemFollowUps = SiteRoute("/meetings/:id/items/:item/follow-ups")
    static let meetingStart = SiteRoute("/meetings/:id/start")

    // people
    static let personEdit = SiteRoute("/people/:id/edit")
    static let personShares = SiteRoute("/people/:id/shares")

    // reports
    static let reports = SiteRoute("/reports")
    static let reportsPack = SiteRoute("/reports/pack")

    // reset-password
    static let resetPassword = SiteRoute("/reset-password/:token")

    // routes
    static let route = SiteRoute("/routes/:id")
    static let routeMeetings = SiteRoute("/routes/:id/meetings")

    // rules
    static let rules = SiteRoute("/rules")

    // services
    static let serviceDashboard = SiteRoute("/services/:id/dashboard")
    static let serviceOversight = SiteRoute("/services/:id/oversight")
    static let serviceVisits = SiteRoute("/services/:id/visits")
    static let serviceVisitors = SiteRoute("/services/:id/visits/visitors")
    static let serviceSafetyModels = SiteRoute("/services/:id/safety-models")
    static let safetyModel = SiteRoute("/safety-models/:model")
    static let safetyModelChecks = SiteRoute("/safety-models/:model/checks")
    static let safetyModelVerifications = SiteRoute("/safety-models/:model/verifications")
    static let safetyModelReSign = SiteRoute("/safety-models/:model/re-sign")
    static let safetyModelStandDown = SiteRoute("/safety-models/:model/stand-down")
    static let learning = SiteRoute("/learning")
    static let learningCheck = SiteRoute("/learning/checks/:check")
    static let serviceOversightUpdates = SiteRoute("/services/:id/oversight-updates")

    // setup
    static let setup = SiteRoute("/setup")

    // sign-in
    static let signIn = SiteRoute("/sign-in")
    static let signInCode = SiteRoute("/sign-in/code")

    // sign-out
    static let signOut = SiteRoute("/sign-out")

    // sources
    static let sources = SiteRoute("/sources")

    // API: actions
    static let apiActions = SiteRoute("/api/v1/actions")
    static let apiAction = SiteRoute("/api/v1/actions/:id")
    static let apiActionChanges = SiteRoute("/api/v1/actions/:id/changes")
    static let apiActionChangeApprove = SiteRoute("/api/v1/actions/:id/changes/:change/approve")
    static let apiActionChangeRefuse = SiteRoute("/api/v1/actions/:id/changes/:change/refuse")
    static let apiActionClose = SiteRoute("/api/v1/actions/:id/close")
    static let apiActionClosure = SiteRoute("/api/v1/actions/:id/closure")
    static let apiActionDueDay = SiteRoute("/api/v1/actions/:id/due-day")
    static let apiActionEvidence = SiteRoute("/api/v1/actions/:id/evidence")
    static let apiActionEvidenceRequests = SiteRoute("/api/v1/actions/:id/evidence-requests")
    static let apiActionProgressUpdates = SiteRoute("/api/v1/actions/:id/progress-updates")
    static let apiActionReaudits = SiteRoute("/api/v1/actions/:id/reaudits")
    static let apiActionReviews = SiteRoute("/api/v1/actions/:id/reviews")
    static let apiActionTransitions = SiteRoute("/api/v1/actions/:id/transitions")

    // API: changes
    static let apiChanges = SiteRoute("/api/v1/changes")
    static let apiChange = SiteRoute("/api/v1/changes/:change")
    static let apiChangeApprove = SiteRoute("/api/v1/changes/:change/approve")
    static let apiChangeRefuse = SiteRoute("/api/v1/changes/:change/refuse")

    // API: cqc-notifications
    static let apiCqcNotifications = SiteRoute("/api/v1/cqc-notifications")
    static let apiCqcNotification = SiteRoute("/api/v1/cqc-notifications/:id")

    // API: crosswalks
    static let apiCrosswalk = SiteRoute("/api/v1/crosswalks/:from/:to")

    // API: dashboard
    static let apiDashboard = SiteRoute("/api/v1/dashboard")

    // API: decisions
    static let apiDecisions = SiteRoute("/api/v1/decisions")
    static let apiDecisionDone = SiteRoute("/api/v1/decisions/:id/done")

    // API: escalations
    static let apiEscalations = SiteRoute("/api/v1/escalations")
    static let apiEscalation = SiteRoute("/api/v1/escalations/:id")
    static let apiEscalationLinks = SiteRoute("/api/v1/escalations/:id/links")
    static let apiEscalationResponses = SiteRoute("/api/v1/escalations/:id/responses")
    static let apiEscalationTransitions = SiteRoute("/api/v1/escalations/:id/transitions")
    static let apiEscalationThresholds = SiteRoute("/api/v1/escalations/thresholds")
    static let apiServiceVisits = SiteRoute("/api/v1/services/:id/senior-visits")
    static let apiServiceVisitors = SiteRoute("/api/v1/services/:id/senior-visits/visitors")
    static let apiServiceSafetyModels = SiteRoute("/api/v1/services/:id/safety-models")
    static let apiSafetyModel = SiteRoute("/api/v1/safety-models/:model")
    static let apiSafetyModelChecks = SiteRoute("/api/v1/safety-models/:model/checks")
    static let apiSafetyModelVerifications = SiteRoute("/api/v1/safety-models/:model/verifications")
    static let apiSafetyModelReSign = SiteRoute("/api/v1/safety-models/:model/re-sign")
    static let apiSafetyModelStandDown = SiteRoute("/api/v1/safety-models/:model/stand-down")
    static let apiLearning = SiteRoute("/api/v1/learning")
    static let apiLearningCheck = SiteRoute("/api/v1/learning/checks/:check")
    static let apiFirings = SiteRoute("/api/v1/escalations/fired")
    static let apiFiring = SiteRoute("/api/v1/escalations/fired/:firing")
    static let apiFiringTakeUp = SiteRoute("/api/v1/escalations/fired/:firing/take-up")
    static let apiFiringNotEscalating = SiteRoute("/api/v1/escalations/fired/:firing/not-escalating")

    // API: evidence
    static let apiEvidence = SiteRoute("/api/v1/evidence/:id")
    static let apiEvidenceFile = SiteRoute("/api/v1/evidence/:id/files/:file")

    // API: exports
    static let apiExportsActions = SiteRoute("/api/v1/exports/actions")
    static let apiExportsMap = SiteRoute("/api/v1/exports/map")

    // API: frameworks
    static let apiFrameworks = SiteRoute("/api/v1/frameworks")
    static let apiFramework = SiteRoute("/api/v1/frameworks/:framework")
    static let apiFrameworksCommissioners = SiteRoute("/api/v1/frameworks/commissioners")
    static let apiFrameworksInForce = SiteRoute("/api/v1/frameworks/in-force")

    // API: governance
    static let apiGovernance = SiteRoute("/api/v1/governance")

    // API: indicators
    static let apiIndicators = SiteRoute("/api/v1/indicators")
    static let apiIndicatorServiceSettings = SiteRoute("/api/v1/indicators/:id/services/:service/settings")
    static let apiIndicatorServiceSpc = SiteRoute("/api/v1/indicators/:id/services/:service/spc")
    static let apiIndicatorsValues = SiteRoute("/api/v1/indicators/values")

    // API: map
    static let apiMap = SiteRoute("/api/v1/map")

    // API: meetings
    static let apiMeetings = SiteRoute("/api/v1/meetings")
    static let apiMeeting = SiteRoute("/api/v1/meetings/:id")
    static let apiMeetingAddenda = SiteRoute("/api/v1/meetings/:id/addenda")
    static let apiMeetingAgenda = SiteRoute("/api/v1/meetings/:id/agenda")
    static let apiMeetingApprove = SiteRoute("/api/v1/meetings/:id/approve")
    static let apiMeetingAttendance = SiteRoute("/api/v1/meetings/:id/attendance")
    static let apiMeetingItemChallenges = SiteRoute("/api/v1/meetings/:id/items/:item/challenges")
    static let apiMeetingItemDecisions = SiteRoute("/api/v1/meetings/:id/items/:item/decisions")
    static let apiMeetingItemDiscussion = SiteRoute("/api/v1/meetings/:id/items/:item/discussion")
    static let apiMeetingItemFollowUps = SiteRoute("/api/v1/meetings/:id/items/:item/follow-ups")
    static let apiMeetingMinutes = SiteRoute("/api/v1/meetings/:id/minutes")
    static let apiMeetingStart = SiteRoute("/api/v1/meetings/:id/start")

    // API: people
    static let apiPeople = SiteRoute("/api/v1/people")
    static let apiPerson = SiteRoute("/api/v1/people/:id")
    static let apiPersonPattern = SiteRoute("/api/v1/people/:id/pattern")
    static let apiPersonShares = SiteRoute("/api/v1/people/:id/shares")
    static let apiPeopleAggregates = SiteRoute("/api/v1/people/aggregates")

    // API: remap
    static let apiRemap = SiteRoute("/api/v1/remap")

    // API: reports
    static let apiReport = SiteRoute("/api/v1/reports/:kind")

    // API: restrictive-interventions
    static let apiRestrictiveInterventions = SiteRoute("/api/v1/restrictive-interventions")
    static let apiRestrictiveIntervention = SiteRoute("/api/v1/restrictive-interventions/:id")
    static let apiRestrictiveInterventionsImport = SiteRoute("/api/v1/restrictive-interventions/import")

    // API: routes
    static let apiRoutes = SiteRoute("/api/v1/routes")
    static let apiRoute = SiteRoute("/api/v1/routes/:id")
    static let apiRouteMeetings = SiteRoute("/api/v1/routes/:id/meetings")

    // API: safeguarding-concerns
    static let apiSafeguardingConcerns = SiteRoute("/api/v1/safeguarding-concerns")
    static let apiSafeguardingConcern = SiteRoute("/api/v1/safeguarding-concerns/:id")
    static let apiSafeguardingConcernsImport = SiteRoute("/api/v1/safeguarding-concerns/import")

    // API: services
    static let apiServices = SiteRoute("/api/v1/services")
    static let apiServiceOversight = SiteRoute("/api/v1/services/:id/oversight")

    static let apiCrosswalks = SiteRoute("/api/v1/crosswalks")

    static let apiImportsActions = SiteRoute("/api/v1/imports/actions")

    // care logs (people, safeguarding, restrictive interventions, CQC notifications), registered generically
    static let people = SiteRoute("/people")
    static let newPerson = SiteRoute("/people/new")
    static let person = SiteRoute("/people/:id")
    static let safeguarding = SiteRoute("/safeguarding")
    static let newConcern = SiteRoute("/safeguarding/new")
    static let safeguardingImport = SiteRoute("/safeguarding/import")
    static let concern = SiteRoute("/safeguarding/:id")
    static let interventions = SiteRoute("/interventions")
    static let newIntervention = SiteRoute("/interventions/new")
    static let interventionsImport = SiteRoute("/interventions/import")
    static let intervention = SiteRoute("/interventions/:id")
    static let notifications = SiteRoute("/cqc-notifications")
    static let notification = SiteRoute("/cqc-notifications/:id")

    /// Every typed route, for the test that checks each is registered.
    static let all: [SiteRoute] = [
        health, ready, metrics, apiOpenAPI,
        people, newPerson, person, safeguarding, newConcern, safeguardingImport, concern, interventions,
        newIntervention, interventionsImport, intervention, notifications, notification,
        apiImportsActions,
        apiCrosswalks,
        apiActionEvidence,
        home, accountCalendar, accountCalendarStop, accountMail, accountTwoFactor, accountTwoFactorDisable, actions,
        action, actionChange, actionClose, actionDueDay, actionEdit, actionEvidence, actionEvidenceRequests,
        actionProgress, actionReAudits, actionReviews, actionSteps, actionStepDone, actionTransition, actionsCSV,
        actionsXLSX, actionsImport, actionsImportConfirm, newAction, admin, adminRoutes, adminRoute, adminServices,
        adminService, adminSettings, adminSettingsTwoFactor, adminTokens, adminTokenRevoke, adminUsers, adminUser,
        adminUserDeactivate, adminUserResetLink, adminUserTwoFactorReset, calendar, change, dashboard, decisions,
        decisionDone, escalations, escalation, escalationLinks, escalationResponses, escalationTransition,
        escalationsNew, escalationThresholds, firing, firingTakeUp, firingNotEscalating, evidenceEdit, evidenceFile,
        frameworks, framework,
        frameworksCommissioners,
        frameworksCrosswalks, frameworksCrosswalk, frameworksInForce, frameworksRemap, governance, indicators,
        indicator, indicatorService, indicatorServiceSettings, indicatorServiceValues, indicatorsImport, map,
        mapCsv, mapXlsx, meetings, meeting, meetingAddenda, meetingApprove, meetingAttendance, meetingItem,
        meetingItemChallenges, meetingItemDecisions, meetingItemDiscussion, meetingItemFollowUps, meetingStart,
        personEdit, personShares, reports, reportsPack, resetPassword, route, routeMeetings, rules,
        serviceDashboard, serviceOversight, serviceOversightUpdates, serviceVisits, apiServiceVisits, setup, signIn,
        serviceSafetyModels, safetyModel, safetyModelChecks, safetyModelVerifications, safetyModelReSign,
        safetyModelStandDown, apiServiceSafetyModels, apiSafetyModel, apiSafetyModelChecks,
        apiSafetyModelVerifications, apiSafetyModelReSign, apiSafetyModelStandDown, learning, learningCheck,
        apiLearning, apiLearningCheck, serviceVisitors, apiServiceVisitors,
        signInCode, signOut, sources,
        apiActions, apiAction, apiActionChanges, apiActionChangeApprove, apiActionChangeRefuse, apiActionClose,
        apiActionClosure, apiActionDueDay, apiActionEvidenceRequests, apiActionProgressUpdates, apiActionReaudits,
        apiActionReviews, apiActionTransitions, apiChanges, apiChange, apiChangeApprove, apiChangeRefuse,
        apiCqcNotifications, apiCqcNotification, apiCrosswalk, apiDashboard, apiDecisions, apiDecisionDone,
        apiEscalations, apiEscalation, apiEscalationLinks, apiEscalationResponses, apiEscalationTransitions,
        apiEscalationThresholds, apiFirings, apiFiring, apiFiringTakeUp, apiFiringNotEscalating, apiEvidence,
        apiEvidenceFile, apiExportsActions, apiExportsMap, apiFrameworks,
        apiFramework,
        apiFrameworksCommissioners, apiFrameworksInForce, apiGovernance, apiIndicators, apiIndicatorServiceSettings,
        apiIndicatorServiceSpc, apiIndicatorsValues, apiMap, apiMeetings, apiMeeting, apiMeetingAddenda,
        apiMeetingAgenda, apiMeetingApprove, apiMeetingAttendance, apiMeetingItemChallenges,
        apiMeetingItemDecisions, apiMeetingItemDiscussion, apiMeetingItemFollowUps, apiMeetingMinutes,
        apiMeetingStart, apiPeople, apiPerson, apiPersonPattern, apiPersonShares, apiPeopleAggregates, apiRemap,
        apiReport, apiRestrictiveInterventions, apiRestrictiveIntervention, apiRestrictiveInterventionsImport,
        apiRoutes, apiRoute, apiRouteMeetings, apiSafeguardingConcerns, apiSafeguardingConcern,
        apiSafeguardingConcernsImport, apiServices, apiServiceOversight
    ]

    /// The routes by name, for templates' `#route("name", …)`.
    static let named: [String: SiteRoute] = [
        "home": home, "health": health, "ready": ready, "metrics": metrics, "apiOpenAPI": apiOpenAPI,
        "accountCalendar": accountCalendar, "accountCalendarStop": accountCalendarStop, "accountMail": accountMail,
        "accountTwoFactor": accountTwoFactor, "accountTwoFactorDisable": accountTwoFactorDisable,
        "actions": actions, "action": action, "actionChange": actionChange, "actionClose": actionClose,
        "actionDueDay": actionDueDay, "actionEdit": actionEdit, "actionEvidence": actionEvidence,
        "actionEvidenceRequests": actionEvidenceRequests, "actionProgress": actionProgress,
        "actionReAudits": actionReAudits, "actionReviews": actionReviews, "actionSteps": actionSteps,
        "actionStepDone": actionStepDone, "actionTransition": actionTransition, "actionsCSV": actionsCSV,
        "actionsXLSX": actionsXLSX, "actionsImport": actionsImport, "actionsImportConfirm": actionsImportConfirm,
        "newAction": newAction, "admin": admin, "adminRoutes": adminRoutes, "adminRoute": adminRoute,
        "adminServices": adminServices, "adminService": adminService, "adminSettings": adminSettings,
        "adminSettingsTwoFactor": adminSettingsTwoFactor, "adminTokens": adminTokens,
        "adminTokenRevoke": adminTokenRevoke, "adminUsers": adminUsers, "adminUser": adminUser,
        "adminUserDeactivate": adminUserDeactivate, "adminUserResetLink": adminUserResetLink,
        "adminUserTwoFactorReset": adminUserTwoFactorReset, "calendar": calendar, "change": change,
        "dashboard": dashboard, "decisions": decisions, "decisionDone": decisionDone, "escalations": escalations,
        "escalation": escalation, "escalationLinks": escalationLinks, "escalationResponses": escalationResponses,
        "escalationThresholds": escalationThresholds, "firing": firing, "firingTakeUp": firingTakeUp,
        "firingNotEscalating": firingNotEscalating,
        "escalationTransition": escalationTransition, "escalationsNew": escalationsNew,
        "evidenceEdit": evidenceEdit, "evidenceFile": evidenceFile, "frameworks": frameworks,
        "framework": framework, "frameworksCommissioners": frameworksCommissioners,
        "frameworksCrosswalks": frameworksCrosswalks, "frameworksCrosswalk": frameworksCrosswalk,
        "frameworksInForce": frameworksInForce, "frameworksRemap": frameworksRemap, "governance": governance,
        "indicators": indicators, "indicator": indicator, "indicatorService": indicatorService,
        "indicatorServiceSettings": indicatorServiceSettings, "indicatorServiceValues": indicatorServiceValues,
        "indicatorsImport": indicatorsImport, "map": map, "mapCsv": mapCsv, "mapXlsx": mapXlsx,
        "meetings": meetings, "meeting": meeting, "meetingAddenda": meetingAddenda,
        "meetingApprove": meetingApprove, "meetingAttendance": meetingAttendance, "meetingItem": meetingItem,
        "meetingItemChallenges": meetingItemChallenges, "meetingItemDecisions": meetingItemDecisions,
        "meetingItemDiscussion": meetingItemDiscussion, "meetingItemFollowUps": meetingItemFollowUps,
        "meetingStart": meetingStart, "personEdit": personEdit, "personShares": personShares, "reports": reports,
        "reportsPack": reportsPack, "resetPassword": resetPassword, "route": route, "routeMeetings": routeMeetings,
        "rules": rules, "serviceDashboard": serviceDashboard, "serviceOversight": serviceOversight,
        "serviceVisits": serviceVisits,
        "apiServiceVisits": apiServiceVisits,
        "serviceSafetyModels": serviceSafetyModels, "safetyModel": safetyModel, "safetyModelChecks": safetyModelChecks,
        "safetyModelVerifications": safetyModelVerifications, "safetyModelReSign": safetyModelReSign,
        "safetyModelStandDown": safetyModelStandDown, "apiServiceSafetyModels": apiServiceSafetyModels,
        "apiSafetyModel": apiSafetyModel, "apiSafetyModelChecks": apiSafetyModelChecks,
        "apiSafetyModelVerifications": apiSafetyModelVerifications, "apiSafetyModelReSign": apiSafetyModelReSign,
        "apiSafetyModelStandDown": apiSafetyModelStandDown, "learning": learning, "learningCheck": learningCheck,
        "apiLearning": apiLearning, "apiLearningCheck": apiLearningCheck, "serviceVisitors": serviceVisitors,
        "apiServiceVisitors": apiServiceVisitors,
        "serviceOversightUpdates": serviceOversightUpdates, "setup": setup, "signIn": signIn,
        "signInCode": signInCode, "signOut": signOut, "sources": sources, "apiActions": apiActions,
        "apiAction": apiAction, "apiActionChanges": apiActionChanges,
        "apiActionChangeApprove": apiActionChangeApprove, "apiActionChangeRefuse": apiActionChangeRefuse,
        "apiActionClose": apiActionClose, "apiActionClosure": apiActionClosure, "apiActionDueDay": apiActionDueDay,
        "apiActionEvidence": apiActionEvidence, "apiActionEvidenceRequests": apiActionEvidenceRequests,
        "apiActionProgressUpdates": apiActionProgressUpdates, "apiActionReaudits": apiActionReaudits,
        "apiActionReviews": apiActionReviews, "apiActionTransitions": apiActionTransitions,
        "apiChanges": apiChanges, "apiChange": apiChange, "apiChangeApprove": apiChangeApprove,
        "apiChangeRefuse": apiChangeRefuse, "apiCqcNotifications": apiCqcNotifications,
        "apiCqcNotification": apiCqcNotification, "apiCrosswalk": apiCrosswalk, "apiDashboard": apiDashboard,
        "apiDecisions": apiDecisions, "apiDecisionDone": apiDecisionDone, "apiEscalations": apiEscalations,
        "apiEscalation": apiEscalation, "apiEscalationLinks": apiEscalationLinks,
        "apiEscalationResponses": apiEscalationResponses, "apiEscalationTransitions": apiEscalationTransitions,
        "apiEscalationThresholds": apiEscalationThresholds, "apiFirings": apiFirings, "apiFiring": apiFiring,
        "apiFiringTakeUp": apiFiringTakeUp, "apiFiringNotEscalating": apiFiringNotEscalating,
        "apiEvidence": apiEvidence, "apiEvidenceFile": apiEvidenceFile, "apiExportsActions": apiExportsActions,
        "apiExportsMap": apiExportsMap, "apiFrameworks": apiFrameworks, "apiFramework": apiFramework,
        "apiFrameworksCommissioners": apiFrameworksCommissioners, "apiFrameworksInForce": apiFrameworksInForce,
        "apiGovernance": apiGovernance, "apiIndicators": apiIndicators,
        "apiIndicatorServiceSettings": apiIndicatorServiceSettings,
        "apiIndicatorServiceSpc": apiIndicatorServiceSpc, "apiIndicatorsValues": apiIndicatorsValues,
        "apiMap": apiMap, "apiMeetings": apiMeetings, "apiMeeting": apiMeeting,
        "apiMeetingAddenda": apiMeetingAddenda, "apiMeetingAgenda": apiMeetingAgenda,
        "apiMeetingApprove": apiMeetingApprove, "apiMeetingAttendance": apiMeetingAttendance,
        "apiMeetingItemChallenges": apiMeetingItemChallenges, "apiMeetingItemDecisions": apiMeetingItemDecisions,
        "apiMeetingItemDiscussion": apiMeetingItemDiscussion, "apiMeetingItemFollowUps": apiMeetingItemFollowUps,
        "apiMeetingMinutes": apiMeetingMinutes, "apiMeetingStart": apiMeetingStart, "apiPeople": apiPeople,
        "apiPerson": apiPerson, "apiPersonPattern": apiPersonPattern, "apiPersonShares": apiPersonShares,
        "apiPeopleAggregates": apiPeopleAggregates, "apiRemap": apiRemap, "apiReport": apiReport,
        "apiRestrictiveInterventions": apiRestrictiveInterventions,
        "apiRestrictiveIntervention": apiRestrictiveIntervention,
        "apiRestrictiveInterventionsImport": apiRestrictiveInterventionsImport, "apiRoutes": apiRoutes,
        "apiRoute": apiRoute, "apiRouteMeetings": apiRouteMeetings,
        "apiSafeguardingConcerns": apiSafeguardingConcerns, "apiSafeguardingConcern": apiSafeguardingConcern,
        "apiSafeguardingConcernsImport": apiSafeguardingConcernsImport, "apiServices": apiServices,
        "apiServiceOversight": apiServiceOversight, "apiCrosswalks": apiCrosswalks,
        "apiImportsActions": apiImportsActions, "people": people, "newPerson": newPerson, "person": person,
        "safeguarding": safeguarding, "newConcern": newConcern, "safeguardingImport": safeguardingImport,
        "concern": concern, "interventions": interventions, "newIntervention": newIntervention,
        "interventionsImport": interventionsImport, "intervention": intervention, "notifications": notifications,
        "notification": notification
    ]
}
