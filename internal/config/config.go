// Package config holds the typed boot configuration: defaults, then a YAML
// file, then WECOMADMIN_* environment variables, then flags. Secrets are
// given by reference (env:NAME, file:PATH) and resolved only when used.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole boot configuration. Runtime settings (retention,
// schedules, templates) live in the database, not here.
type Config struct {
	DB string `yaml:"db"`
	// DBRead, when set, is a PostgreSQL read replica (or a second pool on
	// the primary) that serves read-only queries which tolerate a little
	// lag: search, conversation lists, threads, exports. Everything else,
	// and everything on SQLite, goes to db.
	DBRead   string   `yaml:"db_read"`
	Addr     string   `yaml:"addr"`
	DataDir  string   `yaml:"data_dir"`
	BaseURL  string   `yaml:"base_url"` // public URL of the portal, used in links and OIDC redirects
	Log      Log      `yaml:"log"`
	WeCom    WeCom    `yaml:"wecom"`
	Jobs     Jobs     `yaml:"jobs"`
	Corps    []Corp   `yaml:"corps"`
	Security Security `yaml:"security"`
	Blob     Blob     `yaml:"blob"`
	Media    Media    `yaml:"media"`
	Mail     Mail     `yaml:"mail"`

	Compliance Compliance `yaml:"compliance"`
	Monitoring Monitoring `yaml:"monitoring"`
	Lake       Lake       `yaml:"lake"`

	KeyVault KeyVault `yaml:"keyvault"`
	// DBPassword, when set, replaces the password of a postgres:// db DSN
	// (so the DSN in the ConfigMap holds none).
	DBPassword Secret `yaml:"db_password"`

	Cluster Cluster `yaml:"cluster"`
}

// Blob selects where media and exports are stored.
type Blob struct {
	Backend       string    `yaml:"backend"` // local (default), azure or s3
	Dir           string    `yaml:"dir"`     // local: directory (default DATA_DIR/blobs)
	Azure         AzureBlob `yaml:"azure"`
	S3            S3Blob    `yaml:"s3"`
	EncryptionKey Secret    `yaml:"encryption_key"` // optional: 32 bytes, base64; enables encryption at rest
}

// AzureBlob locates an Azure Blob container.
type AzureBlob struct {
	ConnectionString Secret `yaml:"connection_string"`
	Container        string `yaml:"container"`
	// Without a connection string: the account URL and an Entra ID identity
	// (auto, workload or managed; tenant and client id as in keyvault).
	AccountURL string `yaml:"account_url"`
	Credential string `yaml:"credential"`
}

// S3Blob locates an S3-compatible bucket.
type S3Blob struct {
	Endpoint  string `yaml:"endpoint"`
	Region    string `yaml:"region"`
	Bucket    string `yaml:"bucket"`
	AccessKey Secret `yaml:"access_key"`
	SecretKey Secret `yaml:"secret_key"`
	PathStyle bool   `yaml:"path_style"`
}

// Log configures slog.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // json, text, or auto (text on a terminal)
}

// WeCom tunes the qyapi client for every corp.
type WeCom struct {
	Timeout        Duration `yaml:"timeout"`
	MaxAttempts    int      `yaml:"max_attempts"`
	InitialBackoff Duration `yaml:"initial_backoff"`
	MaxBackoff     Duration `yaml:"max_backoff"`
	Multiplier     float64  `yaml:"multiplier"`
	RatePerSecond  float64  `yaml:"rate_per_second"` // client-side limit per corp
	Burst          int      `yaml:"burst"`
}

// Jobs tunes the durable job workers.
type Jobs struct {
	Workers        int      `yaml:"workers"`
	Lease          Duration `yaml:"lease"`
	PollInterval   Duration `yaml:"poll_interval"`
	InitialBackoff Duration `yaml:"initial_backoff"`
	MaxBackoff     Duration `yaml:"max_backoff"`
	Multiplier     float64  `yaml:"multiplier"`
	MaxAttempts    int      `yaml:"max_attempts"`
}

// Security holds boot-time security settings.
type Security struct {
	SessionIdle     Duration `yaml:"session_idle"`
	SessionAbsolute Duration `yaml:"session_absolute"`
	CookieSecure    bool     `yaml:"cookie_secure"`
	// AuditSigningKey derives the Ed25519 key that signs audit checkpoints.
	AuditSigningKey         Secret   `yaml:"audit_signing_key"`
	AuditCheckpointInterval Duration `yaml:"audit_checkpoint_interval"`
	// SecretsKey (32 bytes, base64) encrypts corp secrets entered in the UI
	// before they are stored; without it the API refuses to store secrets.
	SecretsKey       Secret         `yaml:"secrets_key"`
	LoginMaxFailures int            `yaml:"login_max_failures"` // failures before the account locks
	LockoutBase      Duration       `yaml:"lockout_base"`       // first lock; doubles with each further failure
	LockoutMax       Duration       `yaml:"lockout_max"`
	OIDC             []OIDCProvider `yaml:"oidc"`
	// AllowedHosts are hosts, besides qyapi.weixin.qq.com, a corp's base_url
	// or archive URL entered in the UI may name (".example.com": a domain
	// and its subdomains).
	AllowedHosts []string `yaml:"allowed_hosts"`
	// AllowPrivateEndpoints lets UI-entered endpoints name loopback and
	// private addresses and the simulator archive source: demo only.
	AllowPrivateEndpoints bool `yaml:"allow_private_endpoints"`
	// TrustedProxies are the reverse proxies (CIDRs) in front of the portal:
	// only their X-Forwarded-For is believed, right-most untrusted hop first.
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// Corp is one WeCom corp as configured at boot.
type Corp struct {
	Key         string       `yaml:"key"`
	CorpID      string       `yaml:"corp_id"`
	Name        string       `yaml:"name"`
	BaseURL     string       `yaml:"base_url"`
	AgentID     int64        `yaml:"agent_id"`
	Secrets     CorpSecrets  `yaml:"secrets"`
	Callback    Callback     `yaml:"callback"`
	ArchiveKeys []ArchiveKey `yaml:"archive_keys"`
	Archive     Archive      `yaml:"archive"`
}

// CorpSecrets are the corp's secrets by kind; each gives its own access token.
type CorpSecrets struct {
	Contacts        Secret `yaml:"contacts"`
	App             Secret `yaml:"app"`
	Archive         Secret `yaml:"archive"`
	CustomerContact Secret `yaml:"customer_contact"`
}

// Callback holds the WXBizMsgCrypt token and EncodingAESKey.
type Callback struct {
	Token  Secret `yaml:"token"`
	AESKey Secret `yaml:"aes_key"`
}

// ArchiveKey is one archive RSA private key, by publickey_ver.
type ArchiveKey struct {
	Version    int    `yaml:"version"`
	PrivateKey Secret `yaml:"private_key"`
}

// Archive selects the conversation-archive source.
type Archive struct {
	Source       string   `yaml:"source"` // sdk or sim
	URL          string   `yaml:"url"`    // simulator archive URL when source is sim
	PollInterval Duration `yaml:"poll_interval"`
}

// Defaults returns the configuration used when nothing overrides it.
func Defaults() Config {
	return Config{
		DB:      "sqlite:./data/wecomadmin.db",
		Addr:    "127.0.0.1:8080",
		DataDir: "./data",
		Log:     Log{Level: "info", Format: "auto"},
		WeCom: WeCom{
			Timeout: Duration(10 * time.Second), MaxAttempts: 5,
			InitialBackoff: Duration(200 * time.Millisecond), MaxBackoff: Duration(10 * time.Second),
			Multiplier: 2, RatePerSecond: 50, Burst: 20,
		},
		Jobs: Jobs{
			Workers: 4, Lease: Duration(2 * time.Minute), PollInterval: Duration(time.Second),
			InitialBackoff: Duration(2 * time.Second), MaxBackoff: Duration(10 * time.Minute),
			Multiplier: 2, MaxAttempts: 10,
		},
		Blob:       Blob{Backend: "local"},
		Media:      mediaDefaults(),
		Compliance: complianceDefaults(),
		KeyVault:   keyVaultDefaults(),
		Cluster:    clusterDefaults(),
		Lake:       lakeDefaults(),
		Security: Security{
			SessionIdle: Duration(30 * time.Minute), SessionAbsolute: Duration(12 * time.Hour),
			AuditCheckpointInterval: Duration(time.Hour), LoginMaxFailures: 5,
			LockoutBase: Duration(time.Minute), LockoutMax: Duration(time.Hour),
		},
	}
}

// Load reads defaults, then the YAML file (if path is not empty), then the
// environment, and validates the result.
func Load(path string, environ []string) (Config, error) {
	cfg := Defaults()
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		if err := decodeYAML(f, &cfg); err != nil {
			return Config{}, fmt.Errorf("config: %s: %w", path, err)
		}
	}
	if err := applyEnv(&cfg, environ); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// decodeYAML decodes strictly: an unknown key is an error, not ignored.
func decodeYAML(r io.Reader, cfg *Config) error {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		// yaml.v3 reports several problems on several lines; start-up errors are one line.
		return errors.New(strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", ";")), " "))
	}
	return nil
}

// Dump renders the configuration as YAML with every secret redacted.
func (c Config) Dump() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
