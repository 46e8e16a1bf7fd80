package accounts

import (
	"context"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store"
)

// Auditor records one audit event; *audit.Recorder satisfies it. Every
// destructive step and every TFA attempt is recorded.
type Auditor interface {
	Record(ctx context.Context, e audit.Event) error
}

// RunStore is what a durable sync run needs of the store.
type RunStore interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	CreateSyncRun(ctx context.Context, r store.SyncRun, steps []store.SyncStep) (int64, error)
	SyncRunByID(ctx context.Context, id int64) (store.SyncRun, error)
	TransitionSyncRun(ctx context.Context, id int64, from []string, to, actor string) error
	FinishSyncRun(ctx context.Context, id int64, state, lastError string) error
	SyncSteps(ctx context.Context, runID int64) ([]store.SyncStep, error)
	SyncStepCounts(ctx context.Context, runID int64) (map[string]int, error)
	MarkSyncStep(ctx context.Context, runID int64, seq int, state, lastError string) error
	UpsertEmployee(ctx context.Context, e store.Employee) error
	SetEmployeeState(ctx context.Context, corpID, employeeID, hrStatus string, wecomStatus int, leftAt int64) error
}

// Store is everything the accounts service needs; *store.Store satisfies it.
type Store interface {
	RunStore
	CorpByKey(ctx context.Context, key string) (store.Corp, error)
	ListCorps(ctx context.Context) ([]store.Corp, error)
	UpsertCorp(ctx context.Context, c store.Corp) error
	DeleteCorp(ctx context.Context, corpID string) error
	CorpEmployees(ctx context.Context, corpID string) ([]store.Employee, error)
	ListEmployees(ctx context.Context, f store.EmployeeFilter) ([]store.Employee, int, error)
	EmployeeByID(ctx context.Context, id int64) (store.Employee, error)
	EmployeeByUserID(ctx context.Context, corpID, userid string) (store.Employee, error)
	SetArchivePermitted(ctx context.Context, corpID string, userids []string) error
	AccountSettings(ctx context.Context, corpID string) (string, error)
	SetAccountSettings(ctx context.Context, corpID, settings string) error
	SetCorpSettings(ctx context.Context, corpID, settings string) error
	SetCorpSecret(ctx context.Context, corpID, kind, value string) error
	CorpSecretKinds(ctx context.Context, corpID string) ([]string, error)
	ArchiveStore
	ListSyncRuns(ctx context.Context, corpID string, limit int) ([]store.SyncRun, error)
	TFAStore
	EmployeeSyncSteps(ctx context.Context, corpID, employeeID, userid string, limit int) ([]store.EmployeeSyncStep, error)
}

// nopAuditor is used when no auditor is wired (tests of other parts).
type nopAuditor struct{}

func (nopAuditor) Record(context.Context, audit.Event) error { return nil }
