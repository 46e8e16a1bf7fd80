package audit

// Action names what happened, from one "resource.verb" catalog. The UI
// lists them as filters; keep codes stable (they are in the chain).
type Action = string

// The action catalog. Add new actions here.
const (
	AuthLogin     Action = "auth.login"      // every sign-in attempt (success and failure)
	AuthLogout    Action = "auth.logout"     // one session ended
	AuthLogoutAll Action = "auth.logout_all" // every session of an admin ended
	AuthDenied    Action = "auth.denied"     // a request refused for want of permission or CSRF token
	// Self-service on the account page (success, or a wrong current password/code).
	AuthPasswordChange Action = "auth.password_change"
	AuthTOTPChange     Action = "auth.totp_change"

	// One-time enrolment links of local accounts (never the token, password or seed).
	EnrolmentCreate Action = "enrolment.create"
	EnrolmentUse    Action = "enrolment.use"
	EnrolmentExpire Action = "enrolment.expire"

	AdminCreate      Action = "admin.create"
	AdminUpdateRoles Action = "admin.update_roles"
	AdminDisable     Action = "admin.disable"
	AdminEnable      Action = "admin.enable"
	// An OIDC identity (issuer, subject) linked to an admin: a pre-created
	// account by verified e-mail, a new account, or an old link re-keyed.
	AdminOIDCLink Action = "admin.oidc_link"

	TokenCreate Action = "token.create"
	TokenRevoke Action = "token.revoke"

	AuditExport     Action = "audit.export"     // the audit trail exported (CSV), with the file's SHA-256
	AuditVerify     Action = "audit.verify"     // the chain was verified, with the result
	AuditCheckpoint Action = "audit.checkpoint" // a signed checkpoint was written

	CorpCreate     Action = "corp.create"
	CorpUpdate     Action = "corp.update"
	CorpDelete     Action = "corp.delete" // a corp without data removed, or the refusal and why
	SettingsUpdate Action = "settings.update"

	// The archive settings (source, URL, secret) and private keys of a corp
	// added in the UI; never with a secret value.
	CorpArchiveUpdate Action = "corp.archive_update"
	CorpArchiveKeyAdd Action = "corp.archive_key_add"

	TFAVerify Action = "tfa.verify"

	// A second person lifted the removal limit of a refused HR plan.
	HRSyncRemovalOverride Action = "hrsync.removal_override"

	WeComWrite Action = "wecom.write" // any other write to WeCom made through the portal

	MessagesSearch   Action = "messages.search"   // every search, with its query and filters
	ConversationOpen Action = "conversation.open" // a conversation's content shown
	ConversationList Action = "conversation.list" // a list of conversations with their previews shown
	MediaPlay        Action = "media.play"
	MediaDownload    Action = "media.download"
	MediaQuarantine  Action = "media.quarantine" // clamd found malware; the signature is the reason
	MediaTranscript  Action = "media.transcript" // a transcript was read

	AlertClose Action = "alert.close"

	ExportRequest  Action = "export.request"
	ExportApprove  Action = "export.approve"
	ExportReject   Action = "export.reject"
	ExportGenerate Action = "export.generate" // with the file's SHA-256
	ExportDownload Action = "export.download"
	ExportExpire   Action = "export.expire" // the file deleted at expiry, with its SHA-256

	JobRun          Action = "job.run"
	JobRetry        Action = "job.retry"  // a failed job run again by an operator
	JobCancel       Action = "job.cancel" // a queued or running job cancelled by an operator
	RetentionUpdate Action = "retention.update"
	RetentionPurge  Action = "retention.purge"
)

// Actions lists the catalog for the UI's filter.
func Actions() []Action {
	return []Action{
		AuthLogin, AuthLogout, AuthLogoutAll, AuthDenied,
		AdminCreate, AdminUpdateRoles, AdminDisable, AdminEnable, TokenCreate, TokenRevoke,
		AuditExport, AuditVerify, AuditCheckpoint, CorpCreate, CorpUpdate, CorpDelete, SettingsUpdate,
		TFAVerify, WeComWrite,
		MessagesSearch, ConversationOpen, MediaPlay, MediaDownload, MediaQuarantine, MediaTranscript, AlertClose,
		ExportRequest, ExportApprove, ExportReject, ExportGenerate, ExportDownload, ExportExpire,
		JobRun, RetentionUpdate, RetentionPurge, HoldCreate, HoldUpdate, HoldRelease,
		CorpArchiveUpdate, CorpArchiveKeyAdd,
		HRSyncRemovalOverride,
		ConversationList,
		JobRetry, JobCancel,
		LakeExport, LakeSettings,
		AlertList, AlertView, AlertAssign, AlertDisposition, AlertNote, AlertApprove, AlertIntakeExport,
		MonitoringUpdate, MonitoringTest, MonitoringRun,
		TransferCreate, TransferRetry, TransferFinish, TransferItemFailed, CallbackReject,
		WelcomeTemplateSave, WelcomeTemplateDelete,
		HRSyncImport, HRSyncPlan, HRSyncConfirm, AccountsSettingsUpdate, TFAStart,
		WeComUserCreate, WeComUserUpdate, WeComUserDisable, WeComUserDelete, WeComUserHandover,
		WeComUserChangedInWeCom, WeComUserRealNameUnverified,
		AdminOIDCLink,
		AuthPasswordChange, AuthTOTPChange, EnrolmentCreate, EnrolmentUse, EnrolmentExpire,
	}
}

// Customer handovers, rejected callbacks and welcome messages (contacts).
const (
	TransferCreate     Action = "transfer.create"
	TransferRetry      Action = "transfer.retry"       // failed customers of a handover resubmitted
	TransferFinish     Action = "transfer.finish"      // every customer of a handover resolved
	TransferItemFailed Action = "transfer.item_failed" // WeCom refused one customer's handover
	// A WeCom callback refused (bad signature, replay, unknown corp).
	CallbackReject        Action = "callback.reject"
	WelcomeTemplateSave   Action = "welcome_template.save"
	WelcomeTemplateDelete Action = "welcome_template.delete"
)

// HR sync and account settings (accounts). Every WeCom member write of an HR
// plan is one wecom_user.* entry, success or failure.
const (
	HRSyncImport           Action = "hrsync.import" // an HR file refused before planning
	HRSyncPlan             Action = "hrsync.plan"
	HRSyncConfirm          Action = "hrsync.confirm" // destructive steps confirmed
	AccountsSettingsUpdate Action = "accounts.settings_update"
	TFAStart               Action = "tfa.start" // a second-factor check begun from WeCom's redirect

	WeComUserCreate   Action = "wecom_user.create"
	WeComUserUpdate   Action = "wecom_user.update"
	WeComUserDisable  Action = "wecom_user.disable"
	WeComUserDelete   Action = "wecom_user.delete"
	WeComUserHandover Action = "wecom_user.handover" // a leaver's customers handed to a successor
	// A member edited in WeCom directly (change_contact callback), re-read.
	WeComUserChangedInWeCom Action = "wecom_user.changed_in_wecom"
	// WeCom refused a write because the member has not verified a real name.
	WeComUserRealNameUnverified Action = "wecom_user.real_name_unverified"
)

// Monitoring: the review queue (every read of an alert is a read of
// conversation content) and the corp's monitoring configuration.
const (
	AlertList         Action = "alert.list"
	AlertView         Action = "alert.view"
	AlertAssign       Action = "alert.assign"
	AlertDisposition  Action = "alert.disposition"
	AlertNote         Action = "alert.note"
	AlertApprove      Action = "alert.approve"
	AlertIntakeExport Action = "alert.intake_export"
	MonitoringUpdate  Action = "monitoring.update" // catalog, policy or settings: a new version
	MonitoringTest    Action = "monitoring.test"   // text classified by hand, or a policy previewed
	MonitoringRun     Action = "monitoring.run"    // a retroactive run started
)

// Outcomes.
const (
	Success = "success"
	Failure = "failure"
	Denied  = "denied"
)

// Legal holds (conversation review).
const (
	HoldCreate  Action = "hold.create"
	HoldUpdate  Action = "hold.update"
	HoldRelease Action = "hold.release"
)

// The lake export: every run (with its manifest's SHA-256) and every change
// of a corp's export settings.
const (
	LakeExport   Action = "lake.export"
	LakeSettings Action = "lake.settings_update"
)
