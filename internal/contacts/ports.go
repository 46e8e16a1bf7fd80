package contacts

import (
	"context"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// Store is what this package needs of the database; *store.Store satisfies it.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error

	InsertInbox(ctx context.Context, it store.InboxItem) (int64, bool, error)
	ClaimInbox(ctx context.Context, n int, lease time.Duration) ([]store.InboxItem, error)
	CompleteInbox(ctx context.Context, id int64) error
	FailInbox(ctx context.Context, id int64, errText string, next time.Time, dead bool) error
	InboxCounts(ctx context.Context, corpID string) (map[string]int64, error)
	PurgeInbox(ctx context.Context, before int64) (int64, error)

	UpsertExternalContact(ctx context.Context, c store.ExternalContact) error
	GetExternalContact(ctx context.Context, corpID, externalUserID string) (store.ExternalContact, error)
	GetFollowRelation(ctx context.Context, corpID, userID, externalUserID string) (store.FollowRelation, error)
	SaveFollowRelation(ctx context.Context, r store.FollowRelation, h store.RelationHistory) error
	AddRelationHistory(ctx context.Context, h store.RelationHistory) error
	ListFollowRelations(ctx context.Context, f store.RelationFilter) ([]store.FollowRelation, error)
	RelationTags(ctx context.Context, corpID string, scope *store.DeptScope, limit int) ([]store.RelationTag, error)
	RelationHistoryOf(ctx context.Context, corpID, userID, externalUserID string) ([]store.RelationHistory, error)
	SaveReconciliation(ctx context.Context, r store.Reconciliation) (int64, error)

	SaveGroupChat(ctx context.Context, g store.GroupChat, members []store.GroupChatMember) error
	DismissGroupChat(ctx context.Context, corpID, chatID string) error
	ListGroupChats(ctx context.Context, corpID, owner, afterChatID string, limit int) ([]store.GroupChat, error)
	GetGroupChat(ctx context.Context, corpID, chatID string) (store.GroupChat, []store.GroupChatMember, error)

	CreateTransfer(ctx context.Context, t store.Transfer, items []store.TransferItem) (int64, error)
	GetTransfer(ctx context.Context, id int64) (store.Transfer, error)
	ListTransfers(ctx context.Context, corpID string, onlyOpen bool, limit int) ([]store.Transfer, error)
	TransferItems(ctx context.Context, transferID int64) ([]store.TransferItem, error)
	UpdateTransferItem(ctx context.Context, it store.TransferItem) error
	SetTransferState(ctx context.Context, id int64, state string) error
	WaitingTransferItems(ctx context.Context, corpID, takeoverUserID, externalUserID string) ([]store.TransferItem, error)

	SaveWelcomeTemplate(ctx context.Context, t store.WelcomeTemplate) (int64, error)
	DeleteWelcomeTemplate(ctx context.Context, corpID string, id int64) error
	ListWelcomeTemplates(ctx context.Context, corpID string) ([]store.WelcomeTemplate, error)
	EmployeeDepartmentPath(ctx context.Context, corpID, userID string) (string, error)
	ClaimWelcomeSend(ctx context.Context, w store.WelcomeSend) (bool, error)
	FinishWelcomeSend(ctx context.Context, w store.WelcomeSend) error
	ListWelcomeSends(ctx context.Context, corpID, status string, limit int) ([]store.WelcomeSend, error)
}

// Auditor records audit events; *audit.Recorder satisfies it. The actor is
// the signed-in caller, else the one named by audit.WithActor, else "system".
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// ArchiveTrigger is told that msgaudit_notify arrived (the archive ingester pulls now).
type ArchiveTrigger interface {
	Trigger(corpID string)
}

// Directory answers who manages an employee (for leaver handover rules).
type Directory interface {
	ManagerOf(ctx context.Context, corpID, userID string) (string, error)
}

type nopAuditor struct{}

func (nopAuditor) Record(context.Context, audit.Event) error { return nil }

type nopTrigger struct{}

func (nopTrigger) Trigger(string) {}

// MemberChanges hears change_contact member events (create_user,
// update_user, delete_user) so the accounts feature can re-read the member
// and keep its copy of WeCom fresh when someone edits WeCom directly.
type MemberChanges interface {
	MemberChanged(ctx context.Context, corpID, changeType, userID, newUserID string) error
}

// Observer is told what happens to callbacks so operators can watch them
// (Prometheus in the portal); a nil Observer in Deps records nothing.
type Observer interface {
	// CallbackReceived: outcome is accepted, duplicate or rejected_<kind>.
	CallbackReceived(corpID, event, outcome string)
	// InboxApplied: outcome is applied, retry or dead.
	InboxApplied(corpID, event, outcome string)
	// WelcomeFinished: status is the stored send status (sent, expired, ...).
	WelcomeFinished(corpID, status string, delay time.Duration)
}

type nopObserver struct{}

func (nopObserver) CallbackReceived(string, string, string)       {}
func (nopObserver) InboxApplied(string, string, string)           {}
func (nopObserver) WelcomeFinished(string, string, time.Duration) {}

// RealNameRecorder is told when WeCom refused a member for want of
// real-name verification (errcode 40098 on a takeover); the accounts
// feature implements it beside MemberChanges and flags the employee.
type RealNameRecorder interface {
	RealNameUnverified(ctx context.Context, corpID, userID string) error
}

// noteRealName passes a 40098 for the takeover member on to the accounts
// feature, when it listens.
func (s *Service) noteRealName(ctx context.Context, corpID, userID string, code int) {
	rn, ok := s.members.(RealNameRecorder)
	if code != wecom.CodeNotRealName || !ok {
		return
	}
	if err := rn.RealNameUnverified(ctx, corpID, userID); err != nil {
		s.log.WarnContext(ctx, "contacts: record real-name state", "corp_id", corpID, "err", err)
	}
}
