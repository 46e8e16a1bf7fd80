package httpapi

import (
	"context"

	"wecomadmin/internal/accounts"
)

// AccountsService is what the API needs of the accounts feature
// (*accounts.Service satisfies it).
type AccountsService interface {
	Corps(ctx context.Context) ([]accounts.CorpView, error)
	SaveCorp(ctx context.Context, in accounts.CorpInput, create bool) (accounts.CorpView, error)
	DeleteCorp(ctx context.Context, ref, confirm string) error
	CorpArchiveService
	Employees(ctx context.Context, q accounts.EmployeeQuery) (*accounts.EmployeePage, error)
	Employee(ctx context.Context, id int64) (accounts.EmployeeView, error)
	EmployeeHistory(ctx context.Context, id int64, limit int) (accounts.EmployeeHistory, error)
	HeldLeavers(ctx context.Context, corpKey string) ([]accounts.HeldLeaver, error)
	Import(ctx context.Context, req accounts.ImportRequest) (*accounts.SyncOutput, error)
	Apply(ctx context.Context, runID, confirm int64, actor string) (*accounts.RunResult, error)
	Run(ctx context.Context, runID int64) (*accounts.RunStatus, error)
	Licences(ctx context.Context, corpKey string) ([]accounts.LicenceReport, error)
	TFAStart(ctx context.Context, corpKey, code, ip string) accounts.TFAView
	TFAVerify(ctx context.Context, session, csrfCookie, csrfForm, otp, ip string) accounts.TFAView
	TFAShow(ctx context.Context, session string) accounts.TFAView
	VerifyFile(ctx context.Context, code string) (string, error)
	Settings(ctx context.Context, corpKey string) (accounts.Settings, error)
	SaveSettings(ctx context.Context, corpKey string, st accounts.Settings) error
}
