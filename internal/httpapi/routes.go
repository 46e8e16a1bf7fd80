package httpapi

import (
	"net/http"
	"strings"

	"wecomadmin/internal/auth"
)

// Route is one entry of the API's table of contents. The authorization
// matrix test walks Routes(), so no route can skip its permission.
type Route struct {
	Pattern    string
	Permission auth.Permission
	handler    http.HandlerFunc
}

// Routes lists every route with the permission it needs. One line a route.
func (s *Server) Routes() []Route {
	return []Route{
		{"GET /healthz", auth.Public, s.healthz},
		{"GET /readyz", auth.Public, s.readyz},
		{"GET /metrics", auth.StatusRead, s.metrics}, // corp ids and queue sizes: scrape with an API token
		{"GET /api/v1/version", auth.Public, s.version},
		{"GET /api/openapi.json", auth.Public, s.openAPIDoc},
		{"GET /api/v1/status", auth.StatusRead, s.status},
		{"POST /api/v1/auth/login", auth.Public, s.login},
		{"GET /api/v1/auth/me", auth.Authenticated, s.me},
		{"POST /api/v1/auth/logout", auth.Authenticated, s.logout},
		{"POST /api/v1/auth/logout-all", auth.Authenticated, s.logoutAll},
		{"GET /api/v1/auth/providers", auth.Public, s.providers},
		{"GET /api/v1/auth/oidc/login", auth.Public, s.oidcLogin},
		{"GET /api/v1/auth/oidc/callback", auth.Public, s.oidcCallback},
		{"POST /api/v1/auth/password", auth.Authenticated, s.changePassword}, // current password + TOTP
		{"POST /api/v1/auth/totp", auth.Authenticated, s.beginTOTPChange},
		{"POST /api/v1/auth/totp/confirm", auth.Authenticated, s.confirmTOTPChange}, // a code from the old and the new
		{"POST /api/v1/enrolment/open", auth.Public, s.openEnrolment},               // the one-time link is the credential
		{"POST /api/v1/enrolment/complete", auth.Public, s.completeEnrolment},
		{"GET /api/v1/admins", auth.AdminsRead, s.listAdmins},
		{"POST /api/v1/admins", auth.AdminsWrite, s.createAdmin},
		{"GET /api/v1/admins/{id}", auth.AdminsRead, s.getAdmin},
		{"PATCH /api/v1/admins/{id}", auth.AdminsWrite, s.updateAdmin},
		{"GET /api/v1/admins/{id}/logins", auth.AdminsRead, s.adminLogins},
		{"POST /api/v1/admins/{id}/enrolment", auth.AdminsWrite, s.createEnrolment}, // reset: a new one-time link
		{"GET /api/v1/tokens", auth.AdminsRead, s.listTokens},
		{"POST /api/v1/tokens", auth.AdminsWrite, s.createToken},
		{"DELETE /api/v1/tokens/{id}", auth.AdminsWrite, s.revokeToken},
		{"GET /api/v1/audit", auth.AuditRead, s.listAudit},
		{"GET /api/v1/audit/actions", auth.AuditRead, s.auditActions},
		{"GET /api/v1/audit/verify", auth.AuditRead, s.verifyAudit},
		{"GET /api/v1/audit/export.csv", auth.AuditExport, s.exportAudit},
		{"GET /api/v1/audit/checkpoints", auth.AuditRead, s.listCheckpoints},
		{"POST /api/v1/audit/checkpoints", auth.AuditExport, s.createCheckpoint},
		{"GET /api/v1/audit/{id}", auth.AuditRead, s.getAudit},
		{"GET /api/v1/jobs", auth.JobsRead, s.listJobs},
		{"GET /api/v1/jobs/periodic", auth.JobsRead, s.listPeriodic},
		{"POST /api/v1/jobs/periodic/{name}/run", auth.JobsWrite, s.runPeriodic},
		{"GET /api/v1/jobs/{id}", auth.JobsRead, s.getJob},
		{"GET /api/v1/jobs/{id}/events", auth.JobsRead, s.jobEvents},
		{"POST /api/v1/jobs/{id}/retry", auth.JobsWrite, s.retryJob},
		{"POST /api/v1/jobs/{id}/cancel", auth.JobsWrite, s.cancelJob},
		{"GET /api/v1/corps", auth.CorpsRead, s.listCorps},
		{"POST /api/v1/corps", auth.CorpsWrite, s.createCorp},
		{"PUT /api/v1/corps", auth.CorpsWrite, s.updateCorp},
		{"DELETE /api/v1/corps/{key}", auth.CorpsWrite, s.deleteCorp},
		{"GET /api/v1/corps/{key}/accounts-settings", auth.CorpsRead, s.getAccountSettings},
		{"PUT /api/v1/corps/{key}/accounts-settings", auth.SettingsWrite, s.putAccountSettings},
		{"GET /api/v1/corps/{key}/archive", auth.CorpsRead, s.getCorpArchive},
		{"PUT /api/v1/corps/{key}/archive", auth.CorpsWrite, s.putCorpArchive},
		{"POST /api/v1/corps/{key}/archive/keys", auth.CorpsWrite, s.addCorpArchiveKey},
		{"GET /api/v1/corps/{key}/settings", auth.CorpsRead, s.getCorpSettings},
		{"PUT /api/v1/corps/{key}/settings", auth.SettingsWrite, s.putCorpSettings},
		{"GET /api/v1/employees", auth.EmployeesRead, s.listEmployees},
		{"GET /api/v1/employees/{id}", auth.EmployeesRead, s.getEmployee},
		{"GET /api/v1/employees/held-leavers", auth.EmployeesRead, s.heldLeavers},
		{"GET /api/v1/employees/{id}/history", auth.EmployeesRead, s.employeeHistory},
		{"POST /api/v1/hr/imports", auth.HRSyncRun, s.createImport},
		{"GET /api/v1/hr/imports/{id}", auth.HRSyncRun, s.getImport},
		{"GET /api/v1/hr/imports/{id}/events", auth.HRSyncRun, s.importEvents},
		{"POST /api/v1/hr/imports/{id}/apply", auth.HRSyncRun, s.applyImport},
		{"POST /api/v1/hr/imports/{id}/override-removals", auth.HRSyncRun, s.overrideRemovals},
		{"GET /api/v1/licences", auth.LicencesRead, s.listLicences},
		{"GET /wecom/tfa", auth.Public, s.tfaPage},
		{"POST /wecom/tfa", auth.Public, s.tfaSubmit},
		{"GET /wecom/callback/{corp}", auth.Public, s.callbackVerify},
		{"POST /wecom/callback/{corp}", auth.Public, s.callbackReceive},
		{"GET /api/v1/contacts", auth.ContactsRead, s.listContacts},
		{"GET /api/v1/contacts/groups", auth.ContactsRead, s.listGroups},
		{"GET /api/v1/contacts/tags", auth.ContactsRead, s.contactTags},
		{"GET /api/v1/contacts/groups/{chat}", auth.ContactsRead, s.getGroup},
		{"POST /api/v1/contacts/reconcile", auth.TransfersWrite, s.reconcileContacts},
		{"GET /api/v1/contacts/{id}", auth.ContactsRead, s.getContact},
		{"GET /api/v1/transfers", auth.ContactsRead, s.listTransfers},
		{"POST /api/v1/transfers", auth.TransfersWrite, s.createTransfer},
		{"POST /api/v1/transfers/leaver", auth.TransfersWrite, s.leaverTransfer},
		{"GET /api/v1/transfers/{id}", auth.ContactsRead, s.getTransfer},
		{"POST /api/v1/transfers/{id}/retry", auth.TransfersWrite, s.retryTransfer},
		{"GET /api/v1/transfers/{id}/events", auth.ContactsRead, s.transferEvents},
		{"GET /api/v1/welcome-templates", auth.ContactsRead, s.listWelcomeTemplates},
		{"POST /api/v1/welcome-templates", auth.WelcomeWrite, s.saveWelcomeTemplate},
		{"PUT /api/v1/welcome-templates/{id}", auth.WelcomeWrite, s.saveWelcomeTemplate},
		{"DELETE /api/v1/welcome-templates/{id}", auth.WelcomeWrite, s.deleteWelcomeTemplate},
		{"GET /api/v1/welcome-sends", auth.ContactsRead, s.welcomeReport},
		{"GET /api/v1/media", auth.MediaRead, s.listMedia},
		{"GET /api/v1/media/{id}", auth.MediaRead, s.getMediaFile},
		{"GET /api/v1/media/{id}/info", auth.MediaRead, s.getMediaItem},
		{"GET /api/v1/media/{id}/playable", auth.MediaRead, s.getMediaPlayable},
		{"GET /api/v1/media/{id}/thumbnail", auth.MediaRead, s.getMediaThumbnail},
		{"GET /api/v1/media/{id}/transcript", auth.MediaRead, s.getMediaTranscript},
		{"GET /api/v1/messages/search", auth.MessagesRead, s.searchMessages},
		{"GET /api/v1/conversations", auth.MessagesRead, s.listConversations},
		{"GET /api/v1/conversations/{id}/messages", auth.MessagesRead, s.conversationThread},
		{"GET /api/v1/review/names", auth.MessagesRead, s.reviewNames},
		{"GET /api/v1/exports", auth.ExportsCreate, s.listExports},
		{"POST /api/v1/exports", auth.ExportsCreate, s.createExport},
		{"GET /api/v1/exports/{id}", auth.ExportsCreate, s.getExport},
		{"POST /api/v1/exports/{id}/approve", auth.ExportsApprove, s.decideExport(true)},
		{"POST /api/v1/exports/{id}/reject", auth.ExportsApprove, s.decideExport(false)},
		{"GET /api/v1/exports/{id}/download", auth.ExportsCreate, s.downloadExport},
		{"GET /api/v1/exports/{id}/progress", auth.ExportsCreate, s.exportProgress},
		{"GET /api/v1/exports/{id}/events", auth.ExportsCreate, s.exportEvents},
		{"GET /api/v1/retention", auth.RetentionWrite, s.listRetention},
		{"PUT /api/v1/retention", auth.RetentionWrite, s.putRetention},
		{"DELETE /api/v1/retention/{id}", auth.RetentionWrite, s.deleteRetention},
		{"POST /api/v1/retention/run", auth.RetentionWrite, s.runRetention},
		{"GET /api/v1/holds", auth.RetentionWrite, s.listHolds},
		{"POST /api/v1/holds", auth.RetentionWrite, s.saveHold},
		{"PUT /api/v1/holds/{id}", auth.RetentionWrite, s.saveHold},
		{"POST /api/v1/holds/{id}/release", auth.RetentionWrite, s.releaseHold},
		{"POST /api/v1/retention", auth.RetentionWrite, s.createRetention},
		{"PUT /api/v1/retention/{id}", auth.RetentionWrite, s.updateRetention},
		{"GET /api/v1/retention/preview", auth.RetentionWrite, s.previewRetention},
		{"GET /api/v1/holds/{id}", auth.RetentionWrite, s.getHold},
		{"GET /api/v1/lake", auth.SettingsWrite, s.getLake},
		{"GET /api/v1/lake/runs", auth.SettingsWrite, s.listLakeRuns},
		{"POST /api/v1/lake/runs", auth.SettingsWrite, s.runLake},
		{"PUT /api/v1/lake/settings", auth.SettingsWrite, s.putLakeSettings},
		{"POST /api/v1/lake/compliance", auth.SettingsWrite, s.createLakeCompliance},
		{"GET /api/v1/alerts", auth.AlertsRead, s.listAlerts},
		{"POST /api/v1/alerts/bulk", auth.AlertsWrite, s.bulkAlerts},
		{"GET /api/v1/alerts/{id}", auth.AlertsRead, s.getAlert},
		{"POST /api/v1/alerts/{id}/assign", auth.AlertsWrite, s.assignAlert},
		{"POST /api/v1/alerts/{id}/disposition", auth.AlertsWrite, s.dispositionAlert},
		{"POST /api/v1/alerts/{id}/notes", auth.AlertsWrite, s.noteAlert},
		{"POST /api/v1/alerts/{id}/approve", auth.AlertsWrite, s.approveAlert},
		{"GET /api/v1/alerts/{id}/intake", auth.AlertsWrite, s.alertIntake},
		{"GET /api/v1/monitoring/summary", auth.AlertsRead, s.monitoringSummary},
		{"GET /api/v1/monitoring/products", auth.AlertsRead, s.getProducts},
		{"PUT /api/v1/monitoring/products", auth.SettingsWrite, s.putProducts},
		{"GET /api/v1/monitoring/policy", auth.AlertsRead, s.getPolicy},
		{"PUT /api/v1/monitoring/policy", auth.SettingsWrite, s.putPolicy},
		{"GET /api/v1/monitoring/policy/versions", auth.AlertsRead, s.policyVersions},
		{"GET /api/v1/monitoring/settings", auth.AlertsRead, s.getMonitoringSettings},
		{"PUT /api/v1/monitoring/settings", auth.SettingsWrite, s.putMonitoringSettings},
		{"POST /api/v1/monitoring/test", auth.AlertsRead, s.testMonitoring},
		{"POST /api/v1/monitoring/preview", auth.AlertsRead, s.previewMonitoring},
		{"POST /api/v1/monitoring/runs", auth.SettingsWrite, s.startMonitoringRun},
	}
}

func (s *Server) routes() {
	for _, r := range s.Routes() {
		s.mux.Handle(r.Pattern, s.instrument(r.Pattern, s.authorize(r.Permission, s.limitBody(r.handler))))
	}
	// "/" serves /WW_verify_<code>.txt (WeCom domain ownership) before the SPA.
	s.mux.Handle("/", s.rootFiles(s.d.SPA))
	s.mux.HandleFunc("/api/", s.apiFallback)
}

// apiFallback answers JSON for unknown API paths: 405 with Allow when the
// path exists under another method, 404 otherwise.
func (s *Server) apiFallback(w http.ResponseWriter, r *http.Request) {
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
		writeError(w, r, s.d.Log, errMethodNotAllowed)
		return
	}
	writeError(w, r, s.d.Log, errRouteNotFound)
}
