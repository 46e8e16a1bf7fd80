package config

import (
	"fmt"
	"net/url"
	"time"
)

// Media tunes the media pipeline: download retries, limits, the malware
// scanner, and speech-to-text (per corp).
type Media struct {
	InitialBackoff Duration    `yaml:"initial_backoff"` // first retry of a failed download waits up to this
	MaxBackoff     Duration    `yaml:"max_backoff"`
	Multiplier     float64     `yaml:"multiplier"`
	MaxAttempts    int         `yaml:"max_attempts"` // download attempts before the file is failed
	Timeout        Duration    `yaml:"timeout"`      // one attempt, download to transcript
	Concurrency    int         `yaml:"concurrency"`  // downloads at once per corp
	MaxSize        int64       `yaml:"max_size"`     // bytes; larger files fail as too_large
	TempDir        string      `yaml:"temp_dir"`     // where downloads are spooled (default: OS temp)
	Clamd          string      `yaml:"clamd"`        // unix:/path or tcp:host:port; empty = scanning off
	Corps          []MediaCorp `yaml:"corps"`        // per-corp settings, by corp key
	// ChunkAttempts, ChunkInitialBackoff and ChunkMaxBackoff bound the
	// retries of one 512 KB chunk inside a download attempt.
	ChunkAttempts       int      `yaml:"chunk_attempts"`
	ChunkInitialBackoff Duration `yaml:"chunk_initial_backoff"`
	ChunkMaxBackoff     Duration `yaml:"chunk_max_backoff"`
}

// MediaCorp holds one corp's media settings.
type MediaCorp struct {
	Corp           string   `yaml:"corp"`            // corp key
	AllowUnscanned bool     `yaml:"allow_unscanned"` // serve files clamd could not scan (flagged)
	Language       string   `yaml:"language"`        // speech language, BCP 47 (default zh-CN)
	STT            STT      `yaml:"stt"`
	Vocabulary     []string `yaml:"vocabulary"` // offline engine: the words it may recognise
}

// STT selects a speech-to-text engine.
type STT struct {
	Engine string `yaml:"engine"` // none (default), azure, openai, pocketsphinx
	Region string `yaml:"region"` // azure
	URL    string `yaml:"url"`    // azure endpoint override, or the OpenAI-compatible base URL
	Key    Secret `yaml:"key"`    // azure subscription key or bearer token
	Model  string `yaml:"model"`  // openai: model name (default whisper-1)
}

func mediaDefaults() Media {
	return Media{
		InitialBackoff: Duration(5 * time.Second), MaxBackoff: Duration(10 * time.Minute), Multiplier: 2,
		MaxAttempts: 8, Timeout: Duration(30 * time.Minute), Concurrency: 2, MaxSize: 1 << 30,
		ChunkAttempts: 4, ChunkInitialBackoff: Duration(200 * time.Millisecond), ChunkMaxBackoff: Duration(5 * time.Second),
	}
}

// CorpMedia returns the settings of corp key, defaults filled in.
func (m Media) CorpMedia(key string) MediaCorp {
	out := MediaCorp{Corp: key}
	for _, c := range m.Corps {
		if c.Corp == key {
			out = c
		}
	}
	if out.Language == "" {
		out.Language = "zh-CN"
	}
	if out.STT.Engine == "" {
		out.STT.Engine = "none"
	}
	return out
}

func (m Media) validate(corps []Corp) error {
	switch {
	case m.InitialBackoff <= 0 || m.MaxBackoff < m.InitialBackoff:
		return fmt.Errorf("config: media.initial_backoff/max_backoff: need 0 < initial <= max")
	case m.Multiplier < 1:
		return fmt.Errorf("config: media.multiplier: must be >= 1")
	case m.MaxAttempts < 1:
		return fmt.Errorf("config: media.max_attempts: must be at least 1")
	case m.Timeout < Duration(time.Second):
		return fmt.Errorf("config: media.timeout: must be at least 1s")
	case m.Concurrency < 1:
		return fmt.Errorf("config: media.concurrency: must be at least 1")
	case m.MaxSize < 1:
		return fmt.Errorf("config: media.max_size: must be positive")
	case m.ChunkAttempts < 1:
		return fmt.Errorf("config: media.chunk_attempts: must be at least 1")
	case m.ChunkInitialBackoff <= 0 || m.ChunkMaxBackoff < m.ChunkInitialBackoff:
		return fmt.Errorf("config: media.chunk_initial_backoff/chunk_max_backoff: need 0 < initial <= max")
	}
	if m.Clamd != "" {
		if _, _, err := ParseClamd(m.Clamd); err != nil {
			return err
		}
	}
	known := map[string]bool{}
	for _, c := range corps {
		known[c.Key] = true
	}
	seen := map[string]bool{}
	for i, c := range m.Corps {
		at := fmt.Sprintf("config: media.corps[%d]", i)
		if !known[c.Corp] {
			return fmt.Errorf("%s.corp: %q is not a configured corp key", at, c.Corp)
		}
		if seen[c.Corp] {
			return fmt.Errorf("%s.corp: %q appears twice", at, c.Corp)
		}
		seen[c.Corp] = true
		if err := c.STT.validate(at + ".stt"); err != nil {
			return err
		}
	}
	return nil
}

func (s STT) validate(at string) error {
	switch s.Engine {
	case "", "none", "pocketsphinx":
	case "azure":
		if s.Region == "" && s.URL == "" {
			return fmt.Errorf("%s.region: required for azure (or url)", at)
		}
		if !s.Key.IsSet() {
			return fmt.Errorf("%s.key: required for azure", at)
		}
	case "openai":
		if s.URL == "" {
			return fmt.Errorf("%s.url: required for openai", at)
		}
	default:
		return fmt.Errorf("%s.engine: must be none, azure, openai or pocketsphinx (got %q)", at, s.Engine)
	}
	if s.URL != "" {
		if err := checkURL(s.URL); err != nil {
			return fmt.Errorf("%s.url: %w", at, err)
		}
	}
	return nil
}

// ParseClamd splits a clamd address: unix:/path or tcp:host:port.
func ParseClamd(s string) (network, addr string, err error) {
	u, err := url.Parse(s)
	if err == nil {
		switch u.Scheme {
		case "unix":
			if p := u.Opaque + u.Path; p != "" {
				return "unix", p, nil
			}
		case "tcp":
			if u.Opaque != "" {
				return "tcp", u.Opaque, nil
			}
			if u.Host != "" {
				return "tcp", u.Host, nil
			}
		}
	}
	return "", "", fmt.Errorf("config: media.clamd: must be unix:/path or tcp:host:port (got %q)", s)
}
