package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"wecomadmin/internal/config"
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
	opts, err := wecom.OptionsFromConfig(config.Corp{Key: c.Key, CorpID: c.CorpID, BaseURL: c.BaseURL}, s.tune)
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

// refreshCorps brings the pool in line with the store now (after an edit
// through the API); other instances follow within wecom.DefaultSourceTTL.
func (a *App) refreshCorps(ctx context.Context) {
	if err := a.WeCom.Refresh(ctx); err != nil {
		a.Log.WarnContext(ctx, "wecom clients of stored corps", "err", err)
	}
}
