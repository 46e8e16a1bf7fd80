package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

var corpKeyRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// Validate checks the structure of the configuration and names the key of
// the first problem. Secrets are checked by ResolveSecrets.
func (c Config) Validate() error {
	if !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		return fmt.Errorf("config: db: must be sqlite:PATH or postgres://... (got %q)", scheme(c.DB))
	}
	if c.DB == "sqlite:" {
		return fmt.Errorf("config: db: sqlite needs a path")
	}
	if c.DBRead != "" {
		if !isPostgresDSN(c.DBRead) {
			return fmt.Errorf("config: db_read: must be postgres://... (got %q)", scheme(c.DBRead))
		}
		if !isPostgresDSN(c.DB) {
			return fmt.Errorf("config: db_read: a read replica needs a postgres:// db (SQLite is one file on one node)")
		}
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: addr: %q is not host:port", c.Addr)
	}
	if c.BaseURL != "" {
		if err := checkURL(c.BaseURL); err != nil {
			return fmt.Errorf("config: base_url: %w", err)
		}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("config: log.level: must be debug, info, warn or error (got %q)", c.Log.Level)
	}
	switch c.Log.Format {
	case "json", "text", "auto":
	default:
		return fmt.Errorf("config: log.format: must be json, text or auto (got %q)", c.Log.Format)
	}
	if err := c.WeCom.validate(); err != nil {
		return err
	}
	if err := c.Jobs.validate(); err != nil {
		return err
	}
	if err := c.Blob.validate(); err != nil {
		return err
	}
	if err := c.Security.validate(); err != nil {
		return err
	}
	if err := c.Media.validate(c.Corps); err != nil {
		return err
	}
	if err := c.Compliance.validate(); err != nil {
		return err
	}
	if err := c.KeyVault.validate(); err != nil {
		return err
	}
	if err := c.Cluster.validate(); err != nil {
		return err
	}
	if err := c.Lake.validate(); err != nil {
		return err
	}
	return validateCorps(c.Corps)
}

func (w WeCom) validate() error {
	switch {
	case w.Timeout <= 0:
		return fmt.Errorf("config: wecom.timeout: must be positive")
	case w.MaxAttempts < 1:
		return fmt.Errorf("config: wecom.max_attempts: must be at least 1")
	case w.InitialBackoff <= 0 || w.MaxBackoff < w.InitialBackoff:
		return fmt.Errorf("config: wecom.initial_backoff/max_backoff: need 0 < initial <= max")
	case w.Multiplier < 1:
		return fmt.Errorf("config: wecom.multiplier: must be >= 1")
	case w.RatePerSecond <= 0 || w.Burst < 1:
		return fmt.Errorf("config: wecom.rate_per_second/burst: must be positive")
	}
	return nil
}

func (j Jobs) validate() error {
	switch {
	case j.Workers < 1:
		return fmt.Errorf("config: jobs.workers: must be at least 1")
	case j.Lease < Duration(1e9):
		return fmt.Errorf("config: jobs.lease: must be at least 1s")
	case j.PollInterval <= 0:
		return fmt.Errorf("config: jobs.poll_interval: must be positive")
	case j.InitialBackoff <= 0 || j.MaxBackoff < j.InitialBackoff:
		return fmt.Errorf("config: jobs.initial_backoff/max_backoff: need 0 < initial <= max")
	case j.Multiplier < 1:
		return fmt.Errorf("config: jobs.multiplier: must be >= 1")
	case j.MaxAttempts < 1:
		return fmt.Errorf("config: jobs.max_attempts: must be at least 1")
	}
	return nil
}

func (b Blob) validate() error {
	switch b.Backend {
	case "local":
	case "azure":
		if (!b.Azure.ConnectionString.IsSet() && b.Azure.AccountURL == "") || b.Azure.Container == "" {
			return fmt.Errorf("config: blob.azure: connection_string (or account_url with a managed identity) and container are required for the azure backend")
		}
		if err := b.Azure.validateIdentity(); err != nil {
			return err
		}
	case "s3":
		if b.S3.Bucket == "" || b.S3.Region == "" {
			return fmt.Errorf("config: blob.s3: bucket and region are required for the s3 backend")
		}
		if b.S3.Endpoint != "" {
			if err := checkURL(b.S3.Endpoint); err != nil {
				return fmt.Errorf("config: blob.s3.endpoint: %w", err)
			}
		}
	default:
		return fmt.Errorf("config: blob.backend: must be local, azure or s3 (got %q)", b.Backend)
	}
	return nil
}

func validateCorps(corps []Corp) error {
	if len(corps) > 5 {
		return fmt.Errorf("config: corps: at most 5 corps per deployment (got %d)", len(corps))
	}
	keys, ids := map[string]bool{}, map[string]bool{}
	for i, c := range corps {
		at := fmt.Sprintf("corps[%d]", i)
		if !corpKeyRe.MatchString(c.Key) {
			return fmt.Errorf("config: %s.key: %q must be 1-32 of a-z, 0-9, '-'", at, c.Key)
		}
		at = fmt.Sprintf("corps[%s]", c.Key)
		if keys[c.Key] {
			return fmt.Errorf("config: %s.key: duplicate", at)
		}
		keys[c.Key] = true
		if c.CorpID == "" {
			return fmt.Errorf("config: %s.corp_id: required", at)
		}
		if ids[c.CorpID] {
			return fmt.Errorf("config: %s.corp_id: %s is configured twice", at, c.CorpID)
		}
		ids[c.CorpID] = true
		if err := checkURL(c.BaseURL); err != nil {
			return fmt.Errorf("config: %s.base_url: %w", at, err)
		}
		if err := c.Archive.validate(at); err != nil {
			return err
		}
		vers := map[int]bool{}
		for _, k := range c.ArchiveKeys {
			if k.Version < 1 || vers[k.Version] {
				return fmt.Errorf("config: %s.archive_keys: version %d must be positive and unique", at, k.Version)
			}
			vers[k.Version] = true
			if !k.PrivateKey.IsSet() {
				return fmt.Errorf("config: %s.archive_keys[v%d].private_key: required", at, k.Version)
			}
		}
	}
	return nil
}

func (a Archive) validate(at string) error {
	switch a.Source {
	case "", "sdk":
	case "sim":
		if err := checkURL(a.URL); err != nil {
			return fmt.Errorf("config: %s.archive.url: %w", at, err)
		}
	default:
		return fmt.Errorf("config: %s.archive.source: must be sdk or sim (got %q)", at, a.Source)
	}
	return nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

func scheme(dsn string) string {
	if i := strings.Index(dsn, ":"); i > 0 {
		return dsn[:i] + ":..."
	}
	return dsn
}

// ResolveSecrets resolves every configured secret reference once, so a
// missing environment variable or file fails at start, naming the key.
func (c Config) ResolveSecrets() error {
	if err := c.Security.resolveSecrets(); err != nil {
		return err
	}
	for _, corp := range c.Corps {
		at := "corps[" + corp.Key + "]"
		refs := map[string]Secret{
			"secrets.contacts": corp.Secrets.Contacts, "secrets.app": corp.Secrets.App,
			"secrets.archive": corp.Secrets.Archive, "secrets.customer_contact": corp.Secrets.CustomerContact,
			"callback.token": corp.Callback.Token, "callback.aes_key": corp.Callback.AESKey,
		}
		for _, k := range corp.ArchiveKeys {
			refs[fmt.Sprintf("archive_keys[v%d].private_key", k.Version)] = k.PrivateKey
		}
		for name, s := range refs {
			if !s.IsSet() {
				continue
			}
			v, err := s.Resolve()
			if err != nil {
				return fmt.Errorf("config: %s.%s: %w", at, name, err)
			}
			if name == "callback.aes_key" && len(v) != 43 {
				return fmt.Errorf("config: %s.callback.aes_key: EncodingAESKey must be 43 characters (got %d)", at, len(v))
			}
		}
	}
	return nil
}
