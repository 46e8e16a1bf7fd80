package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/contacts"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// storeCorps is the WeCom pool's source of corps added or edited in the UI:
// their settings come from the store and their sealed secrets are opened
// only when the pool builds a client (never logged, never kept elsewhere).
type storeCorps struct {
	st   *store.Store
	box  *secretbox.Box // nil: no security.secrets_key, so no stored secrets
	tune config.WeCom
}

// Corps lists the stored corps. SaveCorp writes the corp row and its
// secrets in one transaction, so the row's updated_at moves with any edit.
func (s storeCorps) Corps(ctx context.Context) ([]wecom.SourceCorp, error) {
	corps, err := s.st.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]wecom.SourceCorp, len(corps))
	for i, c := range corps {
		out[i] = wecom.SourceCorp{CorpID: c.CorpID, Key: c.Key,
			Version: c.BaseURL + "|" + strconv.FormatInt(c.UpdatedAt, 10)}
	}
	return out, nil
}

// storedKinds are the secret kinds a client uses, as SaveCorp names them.
var storedKinds = []wecom.SecretKind{wecom.Contacts, wecom.App, wecom.Archive, wecom.CustomerContact}

func (s storeCorps) Options(ctx context.Context, sc wecom.SourceCorp) (wecom.Options, error) {
	c, err := s.st.CorpByKey(ctx, sc.Key)
	if err != nil {
		return wecom.Options{}, err
	}
	opts, err := wecomOptions(config.Corp{Key: c.Key, CorpID: c.CorpID, BaseURL: c.BaseURL}, s.tune)
	if err != nil {
		return wecom.Options{}, err
	}
	for _, kind := range storedKinds {
		sealed, err := s.st.CorpSecret(ctx, c.CorpID, string(kind))
		if errors.Is(err, store.ErrNotFound) || (err == nil && sealed == "") {
			continue
		}
		if err != nil {
			return wecom.Options{}, err
		}
		if s.box == nil {
			return wecom.Options{}, fmt.Errorf("secret %s is stored but security.secrets_key is not set", kind)
		}
		// The context binds the sealed value to its corp and kind (see accounts.SaveCorp).
		v, err := s.box.Open(sealed, c.CorpID+"/"+string(kind))
		if err != nil {
			return wecom.Options{}, fmt.Errorf("secret %s: %w", kind, err)
		}
		opts.Secrets[kind] = v
	}
	return opts, nil
}

// secretBox is the box of security.secrets_key; nil when it is not set.
func secretBox(sec config.Secret) (*secretbox.Box, error) {
	if !sec.IsSet() {
		return nil, nil
	}
	k, err := sec.Resolve()
	if err != nil {
		return nil, fmt.Errorf("config: security.secrets_key: %w", err)
	}
	box, err := secretbox.New(k)
	if err != nil {
		return nil, fmt.Errorf("config: security.secrets_key: %w", err)
	}
	return box, nil
}

// followStoreCorps makes the WeCom pool build clients for corps kept in the
// store (added in the UI) beside the configured ones. A corp whose secrets
// cannot be opened is logged (by key, never the secret) and left without a
// client; it does not stop the portal.
func (a *App) followStoreCorps(ctx context.Context) error {
	box, err := secretBox(a.Cfg.Security.SecretsKey)
	if err != nil {
		return err
	}
	a.WeCom.SetSource(storeCorps{st: a.Store, box: box, tune: a.Cfg.WeCom}, 0)
	a.refreshCorps(ctx)
	return nil
}

// refreshCorps brings the WeCom clients and the callback keys in line with
// the store now (after an edit through the API); other instances follow
// within wecom.DefaultSourceTTL (clients) and corpRefreshInterval (keys).
func (a *App) refreshCorps(ctx context.Context) {
	if err := a.WeCom.Refresh(ctx); err != nil {
		a.Log.WarnContext(ctx, "wecom clients of stored corps", "err", err)
	}
	if a.archiveFollow != nil {
		a.archiveFollow.Kick() // their archive ingest too
	}
	if a.Contacts == nil {
		return
	}
	keys, err := a.storedCallbackKeys(ctx)
	if err == nil {
		err = a.Contacts.SetRuntimeKeys(keys)
	}
	if err != nil {
		a.Log.WarnContext(ctx, "callback keys of stored corps", "err", err)
	}
}

// corpRefreshInterval is how often a running portal re-reads the stored
// corps, so an edit made on another instance reaches this one.
const corpRefreshInterval = 30 * time.Second

// runCorpRefresh re-reads the stored corps until ctx ends.
func (a *App) runCorpRefresh(ctx context.Context) error {
	t := time.NewTicker(corpRefreshInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			a.refreshCorps(ctx)
		}
	}
}

// storedCallbackKeys opens the callback token and AES key of each stored
// corp that is not in the config and has both.
func (a *App) storedCallbackKeys(ctx context.Context) ([]contacts.CorpKeys, error) {
	box, err := secretBox(a.Cfg.Security.SecretsKey)
	if err != nil || box == nil {
		return nil, err
	}
	corps, err := a.Store.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	var out []contacts.CorpKeys
	for _, c := range corps {
		if slices.ContainsFunc(a.Cfg.Corps, func(cc config.Corp) bool { return cc.CorpID == c.CorpID }) {
			continue
		}
		k := contacts.CorpKeys{Key: c.Key, CorpID: c.CorpID}
		var missing bool
		for kind, dst := range map[string]*string{"callback_token": &k.Token, "callback_aes_key": &k.AESKey} {
			sealed, err := a.Store.CorpSecret(ctx, c.CorpID, kind)
			if errors.Is(err, store.ErrNotFound) || (err == nil && sealed == "") {
				missing = true
				continue
			}
			if err != nil {
				return nil, err
			}
			if *dst, err = box.Open(sealed, c.CorpID+"/"+kind); err != nil {
				return nil, fmt.Errorf("corp %s %s: %w", c.Key, kind, err)
			}
		}
		if !missing {
			out = append(out, k)
		}
	}
	return out, nil
}
