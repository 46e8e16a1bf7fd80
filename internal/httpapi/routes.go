package httpapi

import (
	"net/http"
	"strings"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store"
)

// Route is one entry of the API's table of contents. The authorization
// matrix test walks Routes(), so no route can skip its permission.
type Route struct {
	Pattern    string
	Permission auth.Permission
	handler    handlerFunc
	api        contract // what it takes and answers, for the OpenAPI document
}

// Routes lists every route with the permission it needs. One line a route.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /healthz", auth.Public, s.healthz, returns[healthView]()},
		{"GET /readyz", auth.Public, s.readyz, returns[readyView]()},
		{"GET /metrics", auth.StatusRead, s.metrics, rawBody("text/plain")}, // corp ids and queue sizes: scrape with an API token
		{"GET /api/v1/version", auth.Public, s.version, returns[versionView]()},
		{"GET /api/openapi.json", auth.Public, s.openAPIDoc, rawBody("application/json")},
		{"GET /api/v1/status", auth.StatusRead, s.status, returns[status.Report]()},
		{"POST /api/v1/auth/login", auth.Public, s.login, returns[meJSON]()},
		{"GET /api/v1/auth/me", auth.Authenticated, s.me, returns[meJSON]()},
		{"POST /api/v1/auth/logout", auth.Authenticated, s.logout, returns[signedOutView]()},
		{"POST /api/v1/auth/logout-all", auth.Authenticated, s.logoutAll, returns[sessionsEndedView]()},
		{"GET /api/v1/auth/providers", auth.Public, s.providers, returns[providersView]()},
		{"GET /api/v1/auth/oidc/login", auth.Public, s.oidcLogin, rawBody("text/html")},
		{"GET /api/v1/auth/oidc/callback", auth.Public, s.oidcCallback, rawBody("text/html")},
		{"POST /api/v1/auth/password", auth.Authenticated, s.changePassword, returns[changedView]()}, // current password + TOTP
		{"POST /api/v1/auth/totp", auth.Authenticated, s.beginTOTPChange, returns[totpKeyView]()},
		{"POST /api/v1/auth/totp/confirm", auth.Authenticated, s.confirmTOTPChange, returns[changedView]()}, // a code from the old and the new
		{"POST /api/v1/enrolment/open", auth.Public, s.openEnrolment, returns[enrolmentPageView]()},         // the one-time link is the credential
		{"POST /api/v1/enrolment/complete", auth.Public, s.completeEnrolment, returns[enrolledView]()},
		{"GET /api/v1/admins", auth.AdminsRead, s.listAdmins, returns[itemsView[adminJSON]]()},
		{"POST /api/v1/admins", auth.AdminsWrite, s.createAdmin, returns[createdAdminView]()},
		{"GET /api/v1/admins/{id}", auth.AdminsRead, s.getAdmin, returns[adminJSON]()},
		{"PATCH /api/v1/admins/{id}", auth.AdminsWrite, s.updateAdmin, returns[adminJSON]()},
		{"GET /api/v1/admins/{id}/logins", auth.AdminsRead, s.adminLogins, returns[itemsView[loginJSON]]()},
		{"POST /api/v1/admins/{id}/enrolment", auth.AdminsWrite, s.createEnrolment, returns[enrolmentJSON]()}, // reset: a new one-time link
		{"GET /api/v1/tokens", auth.AdminsRead, s.listTokens, returns[itemsView[tokenJSON]]()},
		{"POST /api/v1/tokens", auth.AdminsWrite, s.createToken, returns[createdTokenView]()},
		{"DELETE /api/v1/tokens/{id}", auth.AdminsWrite, s.revokeToken, returns[revokedView]()},
		{"GET /api/v1/audit", auth.AuditRead, s.listAudit, returns[pageView[auditJSON]]()},
		{"GET /api/v1/audit/actions", auth.AuditRead, s.auditActions, returns[itemsView[string]]()},
		{"GET /api/v1/audit/verify", auth.AuditRead, s.verifyAudit, returns[audit.Report]()},
		{"GET /api/v1/audit/export.csv", auth.AuditExport, s.exportAudit, rawBody("text/csv")},
		{"GET /api/v1/audit/checkpoints", auth.AuditRead, s.listCheckpoints, returns[checkpointsView]()},
		{"POST /api/v1/audit/checkpoints", auth.AuditExport, s.createCheckpoint, returns[checkpointJSON]()},
		{"GET /api/v1/audit/{id}", auth.AuditRead, s.getAudit, returns[auditJSON]()},
		{"GET /api/v1/jobs", auth.JobsRead, s.listJobs, returns[pageView[jobView]]()},
		{"GET /api/v1/jobs/periodic", auth.JobsRead, s.listPeriodic, returns[itemsView[periodicView]]()},
		{"POST /api/v1/jobs/periodic/{name}/run", auth.JobsWrite, s.runPeriodic, returns[jobIDView]()},
		{"GET /api/v1/jobs/{id}", auth.JobsRead, s.getJob, returns[jobView]()},
		{"GET /api/v1/jobs/{id}/events", auth.JobsRead, s.jobEvents, rawBody("text/event-stream")},
		{"POST /api/v1/jobs/{id}/retry", auth.JobsWrite, s.retryJob, returns[jobView]()},
		{"POST /api/v1/jobs/{id}/cancel", auth.JobsWrite, s.cancelJob, returns[jobView]()},
		{"GET /api/v1/corps", auth.CorpsRead, s.listCorps, returns[[]accounts.CorpView]()},
		{"POST /api/v1/corps", auth.CorpsWrite, s.createCorp, takes[accounts.CorpInput, accounts.CorpView]()},
		{"PUT /api/v1/corps", auth.CorpsWrite, s.updateCorp, takes[accounts.CorpInput, accounts.CorpView]()},
		{"DELETE /api/v1/corps/{key}", auth.CorpsWrite, s.deleteCorp, returns[deletedView[string]]()},
		{"GET /api/v1/corps/{key}/accounts-settings", auth.CorpsRead, s.getAccountSettings, returns[accounts.Settings]()},
		{"PUT /api/v1/corps/{key}/accounts-settings", auth.SettingsWrite, s.putAccountSettings, takes[accounts.Settings, accounts.Settings]()},
		{"GET /api/v1/corps/{key}/archive", auth.CorpsRead, s.getCorpArchive, returns[accounts.ArchiveView]()},
		{"PUT /api/v1/corps/{key}/archive", auth.CorpsWrite, s.putCorpArchive, takes[accounts.ArchiveInput, accounts.ArchiveView]()},
		{"POST /api/v1/corps/{key}/archive/keys", auth.CorpsWrite, s.addCorpArchiveKey, takes[accounts.ArchiveKeyInput, accounts.ArchiveKeyView]()},
		{"GET /api/v1/corps/{key}/settings", auth.CorpsRead, s.getCorpSettings, returns[accounts.CorpSettings]()},
		{"PUT /api/v1/corps/{key}/settings", auth.SettingsWrite, s.putCorpSettings, takes[accounts.CorpSettings, accounts.CorpSettings]()},
		{"GET /api/v1/employees", auth.EmployeesRead, s.listEmployees, returns[*accounts.EmployeePage]()},
		{"GET /api/v1/employees/{id}", auth.EmployeesRead, s.getEmployee, returns[accounts.EmployeeView]()},
		{"GET /api/v1/employees/held-leavers", auth.EmployeesRead, s.heldLeavers, returns[itemsView[accounts.HeldLeaver]]()},
		{"GET /api/v1/employees/{id}/history", auth.EmployeesRead, s.employeeHistory, returns[accounts.EmployeeHistory]()},
		{"POST /api/v1/hr/imports", auth.HRSyncRun, s.createImport, returns[*accounts.SyncOutput]()},
		{"GET /api/v1/hr/imports/{id}", auth.HRSyncRun, s.getImport, returns[*accounts.RunStatus]()},
		{"GET /api/v1/hr/imports/{id}/events", auth.HRSyncRun, s.importEvents, rawBody("text/event-stream")},
		{"POST /api/v1/hr/imports/{id}/apply", auth.HRSyncRun, s.applyImport, returns[*accounts.RunResult]()},
		{"POST /api/v1/hr/imports/{id}/override-removals", auth.HRSyncRun, s.overrideRemovals, returns[*accounts.RunStatus]()},
		{"GET /api/v1/licences", auth.LicencesRead, s.listLicences, returns[[]accounts.LicenceReport]()},
		{"GET /wecom/tfa", auth.Public, s.tfaPage, rawBody("text/html")},
		{"POST /wecom/tfa", auth.Public, s.tfaSubmit, rawBody("text/html")},
		{"GET /wecom/callback/{corp}", auth.Public, s.callbackVerify, rawBody("text/plain")},
		{"POST /wecom/callback/{corp}", auth.Public, s.callbackReceive, rawBody("text/plain")},
		{"GET /api/v1/contacts", auth.ContactsRead, s.listContacts, returns[pageView[store.FollowRelation]]()},
		{"GET /api/v1/contacts/groups", auth.ContactsRead, s.listGroups, returns[pageView[store.GroupChat]]()},
		{"GET /api/v1/contacts/tags", auth.ContactsRead, s.contactTags, returns[itemsView[store.RelationTag]]()},
		{"GET /api/v1/contacts/groups/{chat}", auth.ContactsRead, s.getGroup, returns[groupView]()},
		{"POST /api/v1/contacts/reconcile", auth.TransfersWrite, s.reconcileContacts, returns[contacts.ReconcileReport]()},
		{"GET /api/v1/contacts/{id}", auth.ContactsRead, s.getContact, returns[contacts.ContactView]()},
		{"GET /api/v1/transfers", auth.ContactsRead, s.listTransfers, returns[itemsView[store.Transfer]]()},
		{"POST /api/v1/transfers", auth.TransfersWrite, s.createTransfer, returns[store.Transfer]()},
		{"POST /api/v1/transfers/leaver", auth.TransfersWrite, s.leaverTransfer, returns[[]store.Transfer]()},
		{"GET /api/v1/transfers/{id}", auth.ContactsRead, s.getTransfer, returns[contacts.TransferDetail]()},
		{"POST /api/v1/transfers/{id}/retry", auth.TransfersWrite, s.retryTransfer, returns[contacts.RetryResult]()},
		{"GET /api/v1/transfers/{id}/events", auth.ContactsRead, s.transferEvents, rawBody("text/event-stream")},
		{"GET /api/v1/welcome-templates", auth.ContactsRead, s.listWelcomeTemplates, returns[itemsView[store.WelcomeTemplate]]()},
		{"POST /api/v1/welcome-templates", auth.WelcomeWrite, s.saveWelcomeTemplate, takes[contacts.TemplateInput, idView]()},
		{"PUT /api/v1/welcome-templates/{id}", auth.WelcomeWrite, s.saveWelcomeTemplate, takes[contacts.TemplateInput, idView]()},
		{"DELETE /api/v1/welcome-templates/{id}", auth.WelcomeWrite, s.deleteWelcomeTemplate, returns[deletedView[int64]]()},
		{"GET /api/v1/welcome-sends", auth.ContactsRead, s.welcomeReport, returns[contacts.WelcomeStats]()},
		{"GET /api/v1/media", auth.MediaRead, s.listMedia, returns[pageView[mediaView]]()},
		{"GET /api/v1/media/{id}", auth.MediaRead, s.getMediaFile, rawBody("application/octet-stream")},
		{"GET /api/v1/media/{id}/info", auth.MediaRead, s.getMediaItem, returns[mediaView]()},
		{"GET /api/v1/media/{id}/playable", auth.MediaRead, s.getMediaPlayable, rawBody("application/octet-stream")},
		{"GET /api/v1/media/{id}/thumbnail", auth.MediaRead, s.getMediaThumbnail, rawBody("image/jpeg")},
		{"GET /api/v1/media/{id}/transcript", auth.MediaRead, s.getMediaTranscript, returns[transcriptView]()},
		{"GET /api/v1/messages/search", auth.MessagesRead, s.searchMessages, returns[search.Result]()},
		{"GET /api/v1/conversations", auth.MessagesRead, s.listConversations, returns[search.ConversationList]()},
		{"GET /api/v1/conversations/{id}/messages", auth.MessagesRead, s.conversationThread, returns[search.Thread]()},
		{"GET /api/v1/review/names", auth.MessagesRead, s.reviewNames, returns[itemsView[store.Suggestion]]()},
		{"GET /api/v1/exports", auth.ExportsCreate, s.listExports, returns[itemsView[exportJSON]]()},
		{"POST /api/v1/exports", auth.ExportsCreate, s.createExport, returns[exportJSON]()},
		{"GET /api/v1/exports/{id}", auth.ExportsCreate, s.getExport, returns[exportJSON]()},
		{"POST /api/v1/exports/{id}/approve", auth.ExportsApprove, s.decideExport(true), returns[exportJSON]()},
		{"POST /api/v1/exports/{id}/reject", auth.ExportsApprove, s.decideExport(false), returns[exportJSON]()},
		{"GET /api/v1/exports/{id}/download", auth.ExportsCreate, s.downloadExport, rawBody("application/zip")},
		{"GET /api/v1/exports/{id}/progress", auth.ExportsCreate, s.exportProgress, returns[jobView]()},
		{"GET /api/v1/exports/{id}/events", auth.ExportsCreate, s.exportEvents, rawBody("text/event-stream")},
		{"GET /api/v1/retention", auth.RetentionWrite, s.listRetention, returns[retentionRulesView]()},
		{"PUT /api/v1/retention", auth.RetentionWrite, s.putRetention, takes[store.RetentionRule, store.RetentionRule]()},
		{"DELETE /api/v1/retention/{id}", auth.RetentionWrite, s.deleteRetention, noContent},
		{"POST /api/v1/retention/run", auth.RetentionWrite, s.runRetention, returns[retention.Result]()},
		{"GET /api/v1/holds", auth.RetentionWrite, s.listHolds, returns[itemsView[store.LegalHold]]()},
		{"POST /api/v1/holds", auth.RetentionWrite, s.saveHold, takes[store.LegalHold, store.LegalHold]()},
		{"PUT /api/v1/holds/{id}", auth.RetentionWrite, s.saveHold, takes[store.LegalHold, store.LegalHold]()},
		{"POST /api/v1/holds/{id}/release", auth.RetentionWrite, s.releaseHold, returns[store.LegalHold]()},
		{"POST /api/v1/retention", auth.RetentionWrite, s.createRetention, takes[store.RetentionRule, store.RetentionRule]()},
		{"PUT /api/v1/retention/{id}", auth.RetentionWrite, s.updateRetention, takes[store.RetentionRule, store.RetentionRule]()},
		{"GET /api/v1/retention/preview", auth.RetentionWrite, s.previewRetention, returns[retention.Preview]()},
		{"GET /api/v1/holds/{id}", auth.RetentionWrite, s.getHold, returns[store.LegalHold]()},
		{"GET /api/v1/lake", auth.SettingsWrite, s.getLake, returns[lake.Overview]()},
		{"GET /api/v1/lake/runs", auth.SettingsWrite, s.listLakeRuns, returns[itemsView[lake.RunView]]()},
		{"POST /api/v1/lake/runs", auth.SettingsWrite, s.runLake, returns[lake.Result]()},
		{"PUT /api/v1/lake/settings", auth.SettingsWrite, s.putLakeSettings, returns[lake.Settings]()},
		{"POST /api/v1/lake/compliance", auth.SettingsWrite, s.createLakeCompliance, returns[lake.ComplianceResult]()},
		{"GET /api/v1/alerts", auth.AlertsRead, s.listAlerts, returns[monitor.List]()},
		{"POST /api/v1/alerts/bulk", auth.AlertsWrite, s.bulkAlerts, returns[itemsView[monitor.BulkResult]]()},
		{"GET /api/v1/alerts/{id}", auth.AlertsRead, s.getAlert, returns[monitor.Detail]()},
		{"POST /api/v1/alerts/{id}/assign", auth.AlertsWrite, s.assignAlert, returns[monitor.Detail]()},
		{"POST /api/v1/alerts/{id}/disposition", auth.AlertsWrite, s.dispositionAlert, takes[monitor.Decision, monitor.Detail]()},
		{"POST /api/v1/alerts/{id}/notes", auth.AlertsWrite, s.noteAlert, returns[monitor.Detail]()},
		{"POST /api/v1/alerts/{id}/approve", auth.AlertsWrite, s.approveAlert, returns[monitor.Detail]()},
		{"GET /api/v1/alerts/{id}/intake", auth.AlertsWrite, s.alertIntake, rawBody("application/octet-stream")},
		{"GET /api/v1/monitoring/summary", auth.AlertsRead, s.monitoringSummary, returns[monitor.Summary]()},
		{"GET /api/v1/monitoring/products", auth.AlertsRead, s.getProducts, returns[monitor.Document]()},
		{"PUT /api/v1/monitoring/products", auth.SettingsWrite, s.putProducts, returns[monitor.Document]()},
		{"GET /api/v1/monitoring/policy", auth.AlertsRead, s.getPolicy, returns[monitor.Document]()},
		{"PUT /api/v1/monitoring/policy", auth.SettingsWrite, s.putPolicy, returns[monitor.Document]()},
		{"GET /api/v1/monitoring/policy/versions", auth.AlertsRead, s.policyVersions, returns[itemsView[monitor.Document]]()},
		{"GET /api/v1/monitoring/settings", auth.AlertsRead, s.getMonitoringSettings, returns[monitor.Settings]()},
		{"PUT /api/v1/monitoring/settings", auth.SettingsWrite, s.putMonitoringSettings, takes[monitor.SettingsPatch, monitor.Settings]()},
		{"POST /api/v1/monitoring/test", auth.AlertsRead, s.testMonitoring, untyped},
		{"POST /api/v1/monitoring/preview", auth.AlertsRead, s.previewMonitoring, untyped},
		{"POST /api/v1/monitoring/runs", auth.SettingsWrite, s.startMonitoringRun, returns[monitor.Run]()},
		{"GET /api/v1/monitoring/runs/{id}", auth.AlertsRead, s.monitoringRun, returns[monitor.RunProgress]()},
	}
}

func (s *Server) routes() {
	groups := s.dependencyGroups()
	for _, r := range s.Routes() {
		h := s.serve(r.handler)
		if s.unwired(groups, r.Pattern) != "" {
			h = s.serve(s.unavailable)
		}
		s.mux.Handle(r.Pattern, s.instrument(r.Pattern, s.authorize(r.Permission, s.limitBody(h))))
	}
	// "/" serves /WW_verify_<code>.txt (WeCom domain ownership) before the SPA.
	s.mux.Handle("/", s.rootFiles(s.d.SPA))
	s.mux.HandleFunc("/api/", s.serve(s.apiFallback))
}

// apiFallback answers JSON for unknown API paths: 405 with Allow when the
// path exists under another method, 404 otherwise.
func (s *Server) apiFallback(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/api/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return errMethodNotAllowed
	}
	return errRouteNotFound
}
