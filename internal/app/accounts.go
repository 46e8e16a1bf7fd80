package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/config"
	"wecomadmin/internal/status"
)

// errWeComNotWired is what the accounts feature gets until the WeCom client
// (internal/wecom) is wired here.
var errWeComNotWired = errors.New("app: WeCom client not wired yet")

// accountsService builds the accounts feature over the app's store.
// WeComFor is the seam for the real client: an adapter from internal/wecom
// to accounts.WeCom per corp (contacts-sync secret for member writes, app
// secret for TFA, archive secret for the permit list).
func (a *App) accountsService() *accounts.Service {
	// Looked up at call time, so WeComFor may be set after Build.
	weComFor := func(ctx context.Context, corpID string) (accounts.WeCom, error) {
		if a.WeComFor == nil {
			return nil, errWeComNotWired
		}
		return a.WeComFor(ctx, corpID)
	}
	return &accounts.Service{
		Store: a.Store, WeComFor: weComFor, Log: a.Log, Audit: a.Audit,
		Customers:   customerCounter{a.Store},
		Handover:    accountsHandover{a},
		Mailer:      a.mailer(),
		SecretState: func(corpID string) accounts.SecretInfo { return corpSecretState(a.Cfg.Corps, corpID) },
		SealSecret:  a.sealSecret,
		CorpSaved:   func(ctx context.Context, _ string) { a.refreshCorps(ctx) },
		// Config-file corps show their archive settings read-only.
		ConfigArchive: func(corpID string) (accounts.ArchiveView, bool) { return configArchive(a.Cfg.Corps, corpID) },
		Endpoints: accounts.EndpointPolicy{AllowedHosts: a.Cfg.Security.AllowedHosts,
			AllowPrivate: a.Cfg.Security.AllowPrivateEndpoints},
	}
}

// mailer sends the TFA codes over SMTP when mail.smtp_addr is set; without
// it they are logged (demo and development), and start-up says so.
func (a *App) mailer() accounts.Mailer {
	m := a.Cfg.Mail
	if m.SMTPAddr == "" {
		return accounts.LogMailer{Log: a.Log}
	}
	pw := ""
	if m.Password.IsSet() {
		var err error
		if pw, err = m.Password.Resolve(); err != nil {
			a.Log.Error("mail.password cannot be resolved; TFA mails will fail", "err", err)
		}
	}
	return accounts.SMTPMailer{Addr: m.SMTPAddr, From: m.From, Username: m.Username, Password: pw}
}

// corpSecretState reports which secrets the configuration gives a corp.
func corpSecretState(corps []config.Corp, corpID string) accounts.SecretInfo {
	for _, c := range corps {
		if c.CorpID == corpID {
			info := accounts.SecretInfo{Secrets: map[string]bool{
				"contacts": c.Secrets.Contacts.IsSet(), "app": c.Secrets.App.IsSet(), "archive": c.Secrets.Archive.IsSet(),
				"customer_contact": c.Secrets.CustomerContact.IsSet()},
				Callback: c.Callback.Token.IsSet() && c.Callback.AESKey.IsSet()}
			for _, k := range c.ArchiveKeys {
				if k.PrivateKey.IsSet() {
					info.ArchiveKeys = append(info.ArchiveKeys, k.Version)
				}
			}
			return info
		}
	}
	return accounts.SecretInfo{}
}

// SyncOptions are the flags of `wecomadmin sync`.
type SyncOptions struct {
	Corp      string
	HRFile    string
	DryRun    bool
	Threshold string // "10" or "5%"; empty: the corp's setting
	Resume    int64  // resume this run instead of importing
}

// ErrSyncRefused means the HR file was refused (exit status 2).
var ErrSyncRefused = errors.New("HR file refused")

// Sync runs `wecomadmin sync`: validate, plan and (unless dry run) apply,
// then print one JSON object to out.
func (a *App) Sync(ctx context.Context, opt SyncOptions, out io.Writer) error {
	svc := a.accountsService()
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if opt.Resume > 0 {
		res, err := svc.Resume(ctx, opt.Resume, "cli")
		if res != nil {
			_ = enc.Encode(map[string]any{"run_id": opt.Resume, "result": res})
		}
		return err
	}
	req := accounts.ImportRequest{CorpKey: opt.Corp, Format: "csv", Actor: "cli"}
	if strings.EqualFold(filepath.Ext(opt.HRFile), ".json") {
		req.Format = "json"
	}
	if opt.Threshold != "" {
		t, err := accounts.ParseThreshold(opt.Threshold)
		if err != nil {
			return err
		}
		req.Threshold = &t
	}
	f, err := os.Open(opt.HRFile)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	defer f.Close()
	req.Body = f
	res, err := svc.Import(ctx, req)
	if errors.Is(err, accounts.ErrRefused) {
		_ = enc.Encode(res)
		return fmt.Errorf("%w: %s", ErrSyncRefused, res.Report.RefuseReason)
	}
	if err != nil {
		return err
	}
	if !opt.DryRun {
		res.DryRun = false
		// The operator confirmed by running without --dry-run.
		res.Result, err = svc.Apply(ctx, res.RunID, res.RunID, "cli")
		if res.Result != nil {
			res.State = res.Result.State
		}
	}
	if eerr := enc.Encode(res); eerr != nil && err == nil {
		err = eerr
	}
	return err
}

// accountsHandover runs the HR sync's handover steps through the contacts
// feature (looked up at call time: contacts is built after accounts).
type accountsHandover struct{ a *App }

func (h accountsHandover) HandOver(ctx context.Context, corpID, from string, st accounts.HandoverStep, actor string) error {
	if h.a.Contacts == nil {
		return errors.New("app: contacts feature not built: customers not handed over")
	}
	_, err := h.a.Contacts.HandOverNow(ctx, corpID, st.Kind, from, st.TakeoverUserID, "hrsync", actor)
	return err
}

// corpSetups is each corp's set-up for the status page: which secrets and
// archive keys it has, from config and store, never their values.
func (a *App) corpSetups(ctx context.Context) (map[string]status.Setup, error) {
	views, err := a.accountsService().AllCorpViews(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]status.Setup, len(views))
	for _, v := range views {
		held := map[string]bool{}
		for k, state := range v.Secrets {
			held[k] = state == "set"
		}
		out[v.CorpID] = status.SetupOf(held, len(v.ArchiveKeys))
	}
	return out, nil
}
