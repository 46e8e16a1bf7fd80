// Package app is the composition root: it builds every dependency
// explicitly from the configuration and owns start-up and shutdown.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/approval"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/config"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/export"
	"wecomadmin/internal/httpapi"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/keyvault"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/lease"
	"wecomadmin/internal/logging"
	"wecomadmin/internal/media"
	"wecomadmin/internal/metrics"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/webui"
	"wecomadmin/internal/wecom"
)

// Version is set by main from -ldflags.
type Info struct {
	Version string
}

// App holds the running portal's parts.
type App struct {
	Cfg     config.Config
	Log     *slog.Logger
	Store   *store.Store
	Metrics *metrics.Metrics
	Blob    blob.Bucket
	WeCom   *wecom.Pool // one qyapi client per corp
	API     *httpapi.Server
	Auth    *auth.Service   // sign-in, admins, API tokens (the demo creates its admin here)
	Audit   *audit.Recorder // the audit trail; other services record through it
	Jobs    *jobs.Runner    // features Register their handlers on it before Serve
	Media   *media.Service  // media pipeline: the ingester's MediaEnqueuer
	Lake    *lake.Service   // the lake export (Parquet/JSONL feeds on Blob)
	info    Info

	Ingester *archive.Ingester     // conversation archive, one loop per corp
	Contacts *contacts.Service     // callbacks, relationships, handover, welcome
	media    archive.MediaEnqueuer // the media pipeline, as the ingester sees it
	Monitor  *monitor.Service      // conversation monitoring: classification on ingest, alerts, queue
	closers  []func()
	// WeComFor gives the accounts feature a corp's WeCom client (wired by the lead).
	WeComFor func(ctx context.Context, corpID string) (accounts.WeCom, error)
	// sealSecret encrypts UI-entered corp secrets (nil: refused).
	sealSecret func(plaintext, context string) (string, error)
	// archiveFollow runs the ingest loops of corps added in the UI.
	archiveFollow *archiveFollower
	// keyVault resolves keyvault: secret references (nil without any).
	keyVault *keyvault.Resolver
	// Cluster shares the archive ingest among replicas (nil on SQLite).
	Cluster *lease.Coordinator
}

// Build opens the store, migrates it, applies configured corps and wires the API.
func Build(ctx context.Context, cfg config.Config, logOut io.Writer, info Info) (*App, error) {
	log := logging.New(logOut, cfg.Log.Level, cfg.Log.Format)
	kv, st, err := openResolved(ctx, &cfg, log)
	if err != nil {
		return nil, err
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	if applied > 0 {
		log.Info("migrations applied", "count", applied, "dialect", string(st.Dialect()))
	}
	if err := applyCorps(ctx, st, cfg.Corps); err != nil {
		_ = st.Close()
		return nil, err
	}
	bucket, err := openBlob(ctx, cfg)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	m := metrics.New()
	pool, err := newWeComPool(cfg, wecom.Deps{Metrics: m, Logger: log})
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	a := &App{Cfg: cfg, Log: log, Store: st, Metrics: m, Blob: bucket, WeCom: pool, info: info}
	a.keyVault = kv
	if kv != nil {
		kv.OnRotate(a.reloadCorpClients)
	}
	a.buildCluster()
	a.Jobs = newJobs(cfg.Jobs, st, log, m)
	if a.Cluster != nil {
		a.Jobs.SetExclusive(a.Cluster.Exclusive) // each periodic task on one replica at a time
	}
	a.WeComFor = clientFor[accounts.WeCom](pool)
	if a.sealSecret, err = a.sealSecretFunc(); err != nil {
		_ = st.Close()
		return nil, err
	}
	if err := a.followStoreCorps(ctx); err != nil {
		_ = st.Close()
		return nil, err
	}
	if a.Auth, a.Audit, err = buildSecurity(cfg, st, log); err != nil {
		_ = st.Close()
		return nil, err
	}
	// Seeds stored in plain text (before the key was set, or before seeds
	// were sealed) are sealed now; they keep working.
	if n, err := a.Auth.SealTOTPSeeds(ctx); err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("app: seal TOTP seeds: %w", err)
	} else if n > 0 {
		log.InfoContext(ctx, "sealed TOTP seeds stored in plain text", "admins", n)
	}
	mediaChecks, err := buildMedia(a)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.media = a.Media
	if err := a.buildMonitoring(ctx); err != nil {
		a.Close()
		return nil, err
	}
	// Voice and call transcripts become searchable text of their message
	// and are classified with it.
	a.Media.SetOnTranscript(a.onTranscript)
	if err := a.buildArchiveAndContacts(ctx); err != nil {
		a.Close()
		return nil, err
	}
	exports := export.New(st, bucket, a.Jobs, approval.New(st, a.Audit), a.Audit, export.Options{
		TTL: time.Duration(cfg.Compliance.ExportTTL), PDFVolumeRows: cfg.Compliance.PDFVolumeMessages})
	exports.Register(a.Jobs)
	a.Jobs.Every("exports.expire", time.Hour, func(ctx context.Context) error { _, err := exports.ExpireDue(ctx); return err })
	keep := retention.New(st, a.Audit, bucket, retention.Options{FloorDays: cfg.Compliance.RetentionFloorDays, Fence: a.fence()})
	a.Jobs.Every("retention.purge", 24*time.Hour, func(ctx context.Context) error { _, err := keep.RunAll(ctx); return err })
	a.Jobs.Every("messages.partitions", 6*time.Hour, func(ctx context.Context) error {
		if parted, err := st.MessagesPartitioned(ctx); err == nil && !parted && st.Dialect() == store.Postgres {
			log.Warn("messages is one table (it held rows before partitioning came): run `wecomadmin db partition --config FILE` to convert it online")
		}
		_, err := st.EnsureMessagePartitions(ctx, time.Now(), store.PartitionsAhead)
		return err
	})
	a.Jobs.Every("search.merge", 24*time.Hour, func(ctx context.Context) error { return search.MergeIndex(ctx, st, log) })
	proxies, err := httpapi.ParseTrustedProxies(cfg.Security.TrustedProxies)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.registerOps()
	statusSvc := status.New(st, info.Version, append([]status.Check{blobCheck(bucket)}, mediaChecks...)...)
	statusSvc.SetCluster(a.clusterStatus)
	statusSvc.SetSetup(a.corpSetups)
	if err := a.buildLake(ctx); err != nil {
		a.Close()
		return nil, err
	}
	finder := search.New(st, a.Audit)
	finder.SetMediaGate(a.Media.ServeState)
	a.API = httpapi.New(httpapi.Deps{
		TrustedProxies: proxies,
		Log:            log, Metrics: m, Ready: st, SPA: webui.Handler(), Version: info.Version,
		Auth: httpapi.NewAuthenticator(a.Auth, a.Audit), AuthSvc: a.Auth, Audit: a.Audit,
		// An https base_url means browsers reach us over TLS, even when a proxy ends it.
		CookieSecure: cfg.Security.CookieSecure || strings.HasPrefix(cfg.BaseURL, "https://"), BaseURL: cfg.BaseURL,
		Status:    statusSvc,
		Jobs:      auditedJobs{a.Jobs, a.Audit},
		Accounts:  a.accountsService(),
		Contacts:  a.Contacts,
		Media:     a.Media,
		Search:    finder,
		Exports:   exports,
		Retention: keep,
		Lake:      a.Lake,
		Monitor:   a.Monitor,
	})
	return a, nil
}

func applyCorps(ctx context.Context, st *store.Store, corps []config.Corp) error {
	for _, c := range corps {
		err := st.UpsertCorp(ctx, store.Corp{CorpID: c.CorpID, Key: c.Key, Name: c.Name, BaseURL: c.BaseURL, AgentID: c.AgentID, Source: "config"})
		if err != nil {
			return fmt.Errorf("app: apply corp %s: %w", c.Key, err)
		}
	}
	return nil
}

// Close stops the archive sources and releases the store.
func (a *App) Close() error {
	for _, c := range a.closers {
		c()
	}
	return a.Store.Close()
}

// Serve listens on ln until ctx ends, then shuts down gracefully: the HTTP
// server drains, background routines stop, the store closes.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.API.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	g := supervise.NewGroup(a.Log)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	g.Go(runCtx, "http", func(ctx context.Context) error {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(runCtx, "audit-checkpoints", func(ctx context.Context) error {
		return a.Audit.RunCheckpoints(ctx, a.Cfg.Security.AuditCheckpointInterval.D())
	})
	a.Jobs.Start(runCtx, g)
	runKeyVault(runCtx, g, a.keyVault, a.Metrics)
	if a.Cluster != nil {
		g.Go(runCtx, "cluster", a.Cluster.Run)
	}
	a.startArchiveAndContacts(runCtx, g)
	g.Go(runCtx, "session-janitor", func(ctx context.Context) error { return a.Auth.RunJanitor(ctx, time.Hour) })
	g.Go(runCtx, "search-backfill", func(ctx context.Context) error { return search.Backfill(ctx, a.Store, a.Log) })
	a.Log.Info("serving", "addr", ln.Addr().String(), "version", a.info.Version, "store", string(a.Store.Dialect()), "ui_built", webui.Built())
	<-runCtx.Done()
	a.Log.Info("shutting down")
	shutCtx, c2 := context.WithTimeout(context.Background(), 20*time.Second)
	defer c2()
	err := srv.Shutdown(shutCtx)
	cancel()
	if werr := g.Wait(); werr != nil && err == nil {
		err = werr
	}
	return err
}

func blobCheck(b blob.Bucket) status.Check {
	return status.Check{Name: "blob", Probe: func(ctx context.Context) status.Health {
		if err := b.Ping(ctx); err != nil {
			return status.Health{State: "down", Detail: err.Error()}
		}
		return status.Health{State: "ok"}
	}}
}
