package app

import (
	"slices"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/archive"
	"wecomadmin/internal/config"
)

// followStoredArchives makes the ingester follow the archive settings of
// corps added in the UI (started by Serve).
func (a *App) followStoredArchives(in *archive.Ingester) error {
	box, err := secretBox(a.Cfg.Security.SecretsKey)
	if err != nil {
		return err
	}
	isConfig := func(corpID string) bool {
		return slices.ContainsFunc(a.Cfg.Corps, func(c config.Corp) bool { return c.CorpID == corpID })
	}
	a.archiveFollow = newArchiveFollower(a.Store, in, box, isConfig, a.Log.With("component", "archive"))
	return nil
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
