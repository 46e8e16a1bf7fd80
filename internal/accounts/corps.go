package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// SecretInfo says which secrets a corp has, never their values.
type SecretInfo struct {
	Secrets     map[string]bool
	Callback    bool
	ArchiveKeys []int
}

// SecretKinds are the corp secret kinds (DESIGN.md corps config).
var SecretKinds = []string{"contacts", "app", "archive", "customer_contact"}

// CorpView is a corp as the API shows it: secrets only as "set"/"unset".
type CorpView struct {
	CorpID      string            `json:"corp_id"`
	Key         string            `json:"key"`
	Name        string            `json:"name"`
	BaseURL     string            `json:"base_url"`
	AgentID     int64             `json:"agent_id"`
	Secrets     map[string]string `json:"secrets"`
	Callback    string            `json:"callback"`
	ArchiveKeys []int             `json:"archive_keys"`
	Source      string            `json:"source"`
}

// CorpInput is a corp written through the API. Secrets are write-only:
// an empty value leaves a stored one unchanged.
type CorpInput struct {
	CorpID   string            `json:"corp_id"`
	Key      string            `json:"key"`
	Name     string            `json:"name"`
	BaseURL  string            `json:"base_url"`
	AgentID  int64             `json:"agent_id"`
	Secrets  map[string]string `json:"secrets"`
	Callback *struct {
		Token  string `json:"token"`
		AESKey string `json:"aes_key"`
	} `json:"callback"`
	ArchiveKeys []struct {
		Version    int    `json:"version"`
		PrivateKey string `json:"private_key"`
	} `json:"archive_keys"`
}

var (
	corpIDPattern  = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
	corpKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
)

// Validate checks a corp input.
func (in CorpInput) Validate() error {
	if !corpIDPattern.MatchString(in.CorpID) {
		return fieldErr("corp_id", FieldBadCorpID, "corp_id must be 1-64 letters and digits")
	}
	if !corpKeyPattern.MatchString(in.Key) {
		return fieldErr("key", FieldBadKey, "key must be lowercase letters, digits, - or _, at most 32")
	}
	if u, err := url.Parse(in.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fieldErr("base_url", FieldBadBaseURL, "base_url must be an http(s) URL")
	}
	for k := range in.Secrets {
		if !slices.Contains(SecretKinds, k) {
			return fieldErr("secrets."+k, FieldUnknownSecret, fmt.Sprintf("unknown secret kind %q", k))
		}
	}
	for _, k := range in.ArchiveKeys {
		if k.Version <= 0 {
			return fieldErr("archive_keys", FieldBadKeyVersion, "archive_keys version must be positive")
		}
	}
	return in.checkSecrets()
}

// Corps lists every corp.
func (s *Service) Corps(ctx context.Context) ([]CorpView, error) {
	corps, err := s.Store.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]CorpView, 0, len(corps))
	for _, c := range corps {
		if auth.RequireReach(ctx, auth.CorpsRead, c.CorpID) != nil {
			continue // a corp-scoped caller sees only its own corps
		}
		v, err := s.corpView(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// AllCorpViews is every corp's view (secrets as set/unset only), unscoped:
// for the status page's set-up state, which names missing kinds, never values.
func (s *Service) AllCorpViews(ctx context.Context) ([]CorpView, error) {
	corps, err := s.Store.ListCorps(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]CorpView, 0, len(corps))
	for _, c := range corps {
		v, err := s.corpView(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Service) corpView(ctx context.Context, c store.Corp) (CorpView, error) {
	info := SecretInfo{Secrets: map[string]bool{}}
	if s.SecretState != nil {
		info = s.SecretState(c.CorpID)
		if info.Secrets == nil {
			info.Secrets = map[string]bool{}
		}
	}
	kinds, err := s.Store.CorpSecretKinds(ctx, c.CorpID)
	if err != nil {
		return CorpView{}, err
	}
	cb := map[string]bool{}
	for _, k := range kinds {
		switch {
		case slices.Contains(SecretKinds, k):
			info.Secrets[k] = true
		case k == "callback_token" || k == "callback_aes_key":
			cb[k] = true
		}
	}
	keys, err := s.Store.ArchiveKeys(ctx, c.CorpID)
	if err != nil {
		return CorpView{}, err
	}
	for _, k := range keys {
		if !slices.Contains(info.ArchiveKeys, k.Version) {
			info.ArchiveKeys = append(info.ArchiveKeys, k.Version)
		}
	}
	if cb["callback_token"] && cb["callback_aes_key"] {
		info.Callback = true
	}
	v := CorpView{CorpID: c.CorpID, Key: c.Key, Name: c.Name, BaseURL: c.BaseURL, AgentID: c.AgentID, Source: c.Source,
		Secrets: map[string]string{}, Callback: setUnset(info.Callback), ArchiveKeys: info.ArchiveKeys}
	for _, k := range SecretKinds {
		v.Secrets[k] = setUnset(info.Secrets[k])
	}
	slices.Sort(v.ArchiveKeys)
	if v.ArchiveKeys == nil {
		v.ArchiveKeys = []int{}
	}
	return v, nil
}

func setUnset(b bool) string {
	if b {
		return "set"
	}
	return "unset"
}

// ErrCorpExists and ErrCorpMissing refuse a create of an existing corp and
// an update of an unknown one.
var (
	ErrCorpExists  = fmt.Errorf("accounts: corp already exists: %w", store.ErrConflict)
	ErrCorpMissing = fmt.Errorf("accounts: no such corp: %w", store.ErrNotFound)
)

// SaveCorp creates (create=true) or updates a corp and its write-only
// secrets. A sixth corp is refused with store.ErrTooManyCorps.
func (s *Service) SaveCorp(ctx context.Context, in CorpInput, create bool) (CorpView, error) {
	if err := in.Validate(); err != nil {
		if fe := (*FieldError)(nil); errors.As(err, &fe) {
			return CorpView{}, fe
		}
		return CorpView{}, fmt.Errorf("%w: %s", ErrInvalid, err.Error())
	}
	if err := auth.RequireInCorp(ctx, auth.CorpsWrite, in.CorpID); err != nil {
		return CorpView{}, fmt.Errorf("accounts: save corp %s: %w", in.CorpID, err)
	}
	corps, err := s.Store.ListCorps(ctx)
	if err != nil {
		return CorpView{}, err
	}
	exists := slices.ContainsFunc(corps, func(c store.Corp) bool { return c.CorpID == in.CorpID })
	switch {
	case create && exists:
		return CorpView{}, ErrCorpExists
	case !create && !exists:
		return CorpView{}, ErrCorpMissing
	case slices.ContainsFunc(corps, func(c store.Corp) bool { return c.Key == in.Key && c.CorpID != in.CorpID }):
		return CorpView{}, fmt.Errorf("%w: key %s is used by another corp", ErrInvalid, in.Key)
	}
	oldBaseURL := ""
	if i := slices.IndexFunc(corps, func(c store.Corp) bool { return c.CorpID == in.CorpID }); i >= 0 {
		oldBaseURL = corps[i].BaseURL
	}
	if oldBaseURL != in.BaseURL {
		if err := s.Endpoints.check("base_url", in.BaseURL); err != nil {
			return CorpView{}, err
		}
	}
	if exists && oldBaseURL != in.BaseURL {
		missing, err := s.secretsToReenter(ctx, in.CorpID, in.Secrets)
		if err != nil {
			return CorpView{}, err
		}
		if len(missing) > 0 {
			return CorpView{}, fmt.Errorf("%w: base_url changed: enter the secrets again (%s); the new endpoint never gets the old ones",
				ErrInvalid, strings.Join(missing, ", "))
		}
	}
	var view CorpView
	err = s.Store.WithTx(ctx, func(ctx context.Context) error {
		c := store.Corp{CorpID: in.CorpID, Key: in.Key, Name: in.Name, BaseURL: in.BaseURL, AgentID: in.AgentID, Source: "ui"}
		if err := s.Store.UpsertCorp(ctx, c); err != nil {
			return err
		}
		secrets := map[string]string{}
		for k, v := range in.Secrets {
			secrets[k] = v
		}
		if in.Callback != nil {
			secrets["callback_token"], secrets["callback_aes_key"] = in.Callback.Token, in.Callback.AESKey
		}
		written := []string{}
		for k, v := range secrets {
			if v == "" {
				continue
			}
			if err := s.storeSecret(ctx, in.CorpID, k, v); err != nil {
				return err
			}
			written = append(written, k)
		}
		for _, k := range in.ArchiveKeys {
			added, err := s.saveCorpArchiveKey(ctx, in.CorpID, k.Version, k.PrivateKey)
			if err != nil {
				return err
			}
			if added {
				written = append(written, archiveKeyKind(k.Version))
			}
		}
		action := audit.CorpUpdate
		if create {
			action = audit.CorpCreate
		}
		slices.Sort(written)
		meta := map[string]any{"key": in.Key, "secrets_written": written}
		if oldBaseURL != in.BaseURL {
			meta["base_url_before"], meta["base_url_after"] = oldBaseURL, in.BaseURL
		}
		if err := s.audit().Record(ctx, audit.Event{Action: action, Target: in.CorpID, CorpID: in.CorpID, Metadata: meta}); err != nil {
			return err
		}
		var err error
		view, err = s.corpView(ctx, c)
		return err
	})
	if err == nil && s.CorpSaved != nil {
		s.CorpSaved(ctx, in.CorpID)
	}
	return view, err
}

var errNoSealKey = fmt.Errorf("%w: secrets can only be stored encrypted: set security.secrets_key, or give them in the config file", ErrInvalid)

// storeSecret seals a secret bound to its corp and kind and stores it; the
// archive secret also moves the corp's archive revision, so the ingest
// reloads it.
func (s *Service) storeSecret(ctx context.Context, corpID, kind, value string) error {
	if s.SealSecret == nil {
		return errNoSealKey
	}
	sealed, err := s.SealSecret(value, corpID+"/"+kind)
	if err != nil {
		return fmt.Errorf("accounts: seal %s: %w", kind, err)
	}
	if err := s.Store.SetCorpSecret(ctx, corpID, kind, sealed); err != nil {
		return err
	}
	if kind == "archive" {
		return s.Store.TouchCorpArchive(ctx, corpID)
	}
	return nil
}

// saveCorpArchiveKey adds a key given with the corp itself. Saving the
// same key again (the same version and public key) is no change, so a
// form sent twice does not fail; another key under a held version does.
func (s *Service) saveCorpArchiveKey(ctx context.Context, corpID string, version int, pemText string) (bool, error) {
	if pemText == "" {
		return false, nil
	}
	fp, err := ArchiveKeyFingerprint(pemText)
	if err != nil {
		return false, err
	}
	held, err := s.Store.ArchiveKeys(ctx, corpID)
	if err != nil {
		return false, err
	}
	if slices.ContainsFunc(held, func(k store.ArchiveKey) bool { return k.Version == version && k.Fingerprint == fp }) {
		return false, nil
	}
	return true, s.addArchiveKey(ctx, corpID, version, pemText, fp)
}

// corpByRef finds a corp by its key (as in URLs) or its corp id (as the
// other endpoints' corp= filter takes it); the key wins if both match.
func (s *Service) corpByRef(ctx context.Context, ref string) (store.Corp, error) {
	c, err := s.Store.CorpByKey(ctx, ref)
	if !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	corps, lerr := s.Store.ListCorps(ctx)
	if lerr != nil {
		return store.Corp{}, lerr
	}
	for _, c := range corps {
		if c.CorpID == ref {
			return c, nil
		}
	}
	return store.Corp{}, err
}
