// Package auth holds sign-in, sessions, API tokens and the permission
// catalog. Permissions are "resource:action" codes; roles are sets of them.
// The same codes gate routes on the server and menus in the UI.
package auth

import "slices"

// Permission is one entry of the catalog.
type Permission string

// Public marks a route that needs no sign-in (health, callbacks, TFA page).
const Public Permission = ""

// Authenticated marks a route any signed-in caller may use (their own
// profile, sign-out), whatever their role.
const Authenticated Permission = "signed_in"

// The permission catalog.
const (
	StatusRead     Permission = "status:read"
	CorpsRead      Permission = "corps:read"
	CorpsWrite     Permission = "corps:write"
	EmployeesRead  Permission = "employees:read"
	HRSyncRun      Permission = "hrsync:run"
	LicencesRead   Permission = "licences:read"
	ContactsRead   Permission = "contacts:read"
	TransfersWrite Permission = "transfers:write"
	WelcomeWrite   Permission = "welcome:write"
	MessagesRead   Permission = "messages:read"
	MediaRead      Permission = "media:read"
	AlertsWrite    Permission = "alerts:write"
	AlertsRead     Permission = "alerts:read"
	ExportsCreate  Permission = "exports:create"
	ExportsApprove Permission = "exports:approve"
	AuditRead      Permission = "audit:read"
	AuditExport    Permission = "audit:export"
	AdminsRead     Permission = "admins:read"
	AdminsWrite    Permission = "admins:write"
	JobsRead       Permission = "jobs:read"
	JobsWrite      Permission = "jobs:write"
	SettingsWrite  Permission = "settings:write"
	RetentionWrite Permission = "retention:write"
)

// Role is a named set of permissions.
type Role string

// The four roles of DESIGN.md.
const (
	RoleAdmin          Role = "admin"
	RoleAccountManager Role = "account_manager"
	RoleReviewer       Role = "reviewer"
	RoleAuditor        Role = "auditor"
)

var rolePermissions = map[Role][]Permission{
	RoleAdmin: {
		StatusRead, CorpsRead, CorpsWrite, EmployeesRead, HRSyncRun, LicencesRead,
		ContactsRead, TransfersWrite, WelcomeWrite, MessagesRead, MediaRead, AlertsWrite,
		AlertsRead,
		ExportsCreate, ExportsApprove, AuditRead, AuditExport, AdminsRead, AdminsWrite,
		JobsRead, JobsWrite, SettingsWrite, RetentionWrite,
	},
	RoleAccountManager: {
		StatusRead, CorpsRead, EmployeesRead, HRSyncRun, LicencesRead,
		ContactsRead, TransfersWrite, WelcomeWrite, JobsRead,
	},
	RoleReviewer: {
		StatusRead, CorpsRead, EmployeesRead, ContactsRead, MessagesRead, MediaRead,
		AlertsWrite, ExportsCreate, ExportsApprove,
		AlertsRead,
	},
	// Auditors read the trail and verify it; they cannot read conversation content.
	RoleAuditor: {StatusRead, CorpsRead, AuditRead, AuditExport, AdminsRead, JobsRead},
}

// AllPermissions lists the catalog (without Public and Authenticated).
func AllPermissions() []Permission { return slices.Clone(rolePermissions[RoleAdmin]) }

// Roles lists every role.
func Roles() []Role { return []Role{RoleAdmin, RoleAccountManager, RoleReviewer, RoleAuditor} }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := rolePermissions[r]; return ok }

// Permissions returns the role's permissions.
func (r Role) Permissions() []Permission { return slices.Clone(rolePermissions[r]) }

// Has reports whether the role grants p.
func (r Role) Has(p Permission) bool { return slices.Contains(rolePermissions[r], p) }
