package app

import (
	"context"
	"log/slog"
	"slices"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/config"
	"wecomadmin/internal/finance"
	"wecomadmin/internal/store"
)

// followStoredArchives makes the ingester follow the archive settings of
// corps added in the UI (started by Serve).
func (a *App) followStoredArchives(in *archive.Ingester) error {
	box, err := secretBox(a.Cfg.Security.SecretsKey)
	if err != nil {
		return err
	}
	a.archiveFollow = newArchiveFollower(a.Store, in, box, configCorp(a.Cfg), a.Log.With("component", "archive"))
	a.archiveFollow.cluster = a.Cluster
	return nil
}

// configCorp reports whether a corp comes from the config file.
func configCorp(cfg config.Config) func(corpID string) bool {
	return func(corpID string) bool {
		return slices.ContainsFunc(cfg.Corps, func(c config.Corp) bool { return c.CorpID == corpID })
	}
}

// configArchive is the archive of a config-file corp as the settings page
// shows it (read-only there): keys by version with their fingerprints.
func configArchive(corps []config.Corp, corpID string) (accounts.ArchiveView, bool) {
	i := slices.IndexFunc(corps, func(c config.Corp) bool { return c.CorpID == corpID })
	if i < 0 {
		return accounts.ArchiveView{}, false
	}
	c := corps[i]
	v := accounts.ArchiveView{Source: c.Archive.Source, URL: c.Archive.URL, Secret: "unset", Keys: []accounts.ArchiveKeyView{}}
	if c.Secrets.Archive.IsSet() {
		v.Secret = "set"
	}
	for _, k := range c.ArchiveKeys {
		kv := accounts.ArchiveKeyView{Version: k.Version}
		if pemText, err := k.PrivateKey.Resolve(); err == nil {
			kv.Fingerprint, _ = accounts.ArchiveKeyFingerprint(pemText)
		}
		v.Keys = append(v.Keys, kv)
	}
	return v, true
}

// AddStoredArchives gives in the corps added in the UI whose archive is on
// (`wecomadmin ingest` pulls them beside the configured ones). A corp whose
// secret or keys cannot be opened is logged and left out. The returned
// function closes their sources.
func AddStoredArchives(ctx context.Context, cfg config.Config, st *store.Store, in *archive.Ingester, log *slog.Logger) (func(), error) {
	box, err := secretBox(cfg.Security.SecretsKey)
	if err != nil {
		return nil, err
	}
	f := newArchiveFollower(st, in, box, configCorp(cfg), log)
	want, err := f.wanted(ctx)
	if err != nil {
		return nil, err
	}
	var sources []finance.Source
	for id, w := range want {
		c, err := f.build(ctx, w)
		if err != nil {
			log.WarnContext(ctx, "archive of stored corp left out", "corp_id", id, "corp", w.corp.Key, "err", err)
			continue
		}
		in.SetCorp(c)
		sources = append(sources, c.Source)
	}
	return func() {
		for _, s := range sources {
			_ = s.Close()
		}
	}, nil
}
