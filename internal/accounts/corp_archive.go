package accounts

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// ArchiveStore is what the archive settings need from the store.
type ArchiveStore interface {
	CorpArchive(ctx context.Context, corpID string) (store.CorpArchive, error)
	SetCorpArchive(ctx context.Context, a store.CorpArchive) error
	TouchCorpArchive(ctx context.Context, corpID string) error
	AddArchiveKey(ctx context.Context, k store.ArchiveKey) error
	ArchiveKeys(ctx context.Context, corpID string) ([]store.ArchiveKey, error)
	CorpSecret(ctx context.Context, corpID, kind string) (string, error)
}

// ErrArchiveKey refuses an archive private key: not an RSA private key in
// PEM, or a version already held (the API answers 400).
var ErrArchiveKey = errors.New("accounts: archive key refused")

// ArchiveKeyView is one archive private key as the API shows it: never
// the key itself.
type ArchiveKeyView struct {
	Version     int    `json:"version"`
	Fingerprint string `json:"fingerprint"` // SHA-256 of the public key (PKIX DER), hex
	AddedAt     int64  `json:"added_at"`    // Unix ms; 0 for keys from the config file
}

// ArchiveView is a corp's conversation-archive settings.
type ArchiveView struct {
	CorpID    string           `json:"corp_id"`
	Key       string           `json:"key"`
	ManagedBy string           `json:"managed_by"` // "ui", or "config" (read-only here)
	Source    string           `json:"source"`     // "" (off), "sdk" or "sim"
	URL       string           `json:"url"`
	Secret    string           `json:"secret"` // "set" or "unset"
	Keys      []ArchiveKeyView `json:"keys"`
	UpdatedAt int64            `json:"updated_at"`
}

// ArchiveInput sets a corp's archive. Secret is write-only: "" keeps the
// stored one.
type ArchiveInput struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// ArchiveKeyInput adds a private key for a publickey_ver.
type ArchiveKeyInput struct {
	Version    int    `json:"version"`
	PrivateKey string `json:"private_key"`
}

func (in ArchiveInput) validate() error {
	switch in.Source {
	case "", "sdk":
		if in.URL != "" {
			return errors.New("url is only for source sim")
		}
	case "sim":
		if u, err := url.Parse(in.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("url must be the simulator's http(s) URL")
		}
	default:
		return errors.New(`source must be "", "sdk" or "sim"`)
	}
	return nil
}

// ArchiveKeyFingerprint parses an RSA private key in PEM (PKCS#1 or
// PKCS#8) and returns the SHA-256 of its public key, hex. The error never
// quotes the key.
func ArchiveKeyFingerprint(pemText string) (string, error) {
	blk, _ := pem.Decode([]byte(pemText))
	if blk == nil {
		return "", fmt.Errorf("%w: private_key is not PEM", ErrArchiveKey)
	}
	var pk *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		pk = k
	} else if k, err := x509.ParsePKCS8PrivateKey(blk.Bytes); err == nil {
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return "", fmt.Errorf("%w: private_key is not an RSA key", ErrArchiveKey)
		}
		pk = rk
	} else {
		return "", fmt.Errorf("%w: private_key is not an RSA private key (PKCS#1 or PKCS#8)", ErrArchiveKey)
	}
	der, err := x509.MarshalPKIXPublicKey(&pk.PublicKey)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrArchiveKey, err)
	}
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:]), nil
}

// archiveKeyKind is the sealing context's kind of a key version (the same
// as before keys had their own table, so older sealed keys still open).
func archiveKeyKind(v int) string { return "archive_key_v" + strconv.Itoa(v) }

// Archive returns a corp's archive settings (ref: key or corp id).
func (s *Service) Archive(ctx context.Context, ref string) (ArchiveView, error) {
	c, err := s.corpByRef(ctx, ref)
	if err != nil {
		return ArchiveView{}, err
	}
	if err := auth.RequireReach(ctx, auth.CorpsRead, c.CorpID); err != nil {
		return ArchiveView{}, fmt.Errorf("accounts: archive of %s: %w", c.CorpID, err)
	}
	return s.archiveView(ctx, c)
}

func (s *Service) archiveView(ctx context.Context, c store.Corp) (ArchiveView, error) {
	if s.ConfigArchive != nil {
		if v, ok := s.ConfigArchive(c.CorpID); ok {
			v.CorpID, v.Key, v.ManagedBy = c.CorpID, c.Key, "config"
			if v.Keys == nil {
				v.Keys = []ArchiveKeyView{}
			}
			return v, nil
		}
	}
	v := ArchiveView{CorpID: c.CorpID, Key: c.Key, ManagedBy: "ui", Secret: "unset", Keys: []ArchiveKeyView{}}
	a, err := s.Store.CorpArchive(ctx, c.CorpID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return v, err
	}
	v.Source, v.URL, v.UpdatedAt = a.Source, a.URL, a.UpdatedAt
	sealed, err := s.Store.CorpSecret(ctx, c.CorpID, "archive")
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return v, err
	}
	v.Secret = setUnset(sealed != "")
	keys, err := s.Store.ArchiveKeys(ctx, c.CorpID)
	if err != nil {
		return v, err
	}
	for _, k := range keys {
		v.Keys = append(v.Keys, ArchiveKeyView{Version: k.Version, Fingerprint: k.Fingerprint, AddedAt: k.AddedAt})
	}
	return v, nil
}

// errConfigCorp refuses archive edits of a corp from the config file.
var errConfigCorp = fmt.Errorf("%w: this corp's archive is set in the config file; edit it there", ErrInvalid)

// SaveArchive sets a corp's archive source, URL and (write-only) secret.
// The ingest follows on this instance at once and on the others at their
// next poll.
func (s *Service) SaveArchive(ctx context.Context, ref string, in ArchiveInput) (ArchiveView, error) {
	if err := in.validate(); err != nil {
		return ArchiveView{}, fmt.Errorf("%w: %s", ErrInvalid, err.Error())
	}
	c, err := s.editableCorp(ctx, ref)
	if err != nil {
		return ArchiveView{}, err
	}
	if err := auth.RequireInCorp(ctx, auth.CorpsWrite, c.CorpID); err != nil {
		return ArchiveView{}, fmt.Errorf("accounts: save archive of %s: %w", c.CorpID, err)
	}
	old, err := s.archiveView(ctx, c)
	if err != nil {
		return ArchiveView{}, err
	}
	if err := s.checkArchiveEndpoint(old, in); err != nil {
		return ArchiveView{}, err
	}
	var view ArchiveView
	err = s.Store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Store.SetCorpArchive(ctx, store.CorpArchive{CorpID: c.CorpID, Source: in.Source, URL: in.URL}); err != nil {
			return err
		}
		if in.Secret != "" {
			if err := s.storeSecret(ctx, c.CorpID, "archive", in.Secret); err != nil {
				return err
			}
		}
		meta := map[string]any{"key": c.Key, "source": in.Source, "url": in.URL, "secret_written": in.Secret != "",
			"source_before": old.Source, "url_before": old.URL}
		if err := s.audit().Record(ctx, audit.Event{Action: audit.CorpArchiveUpdate, Target: c.CorpID, CorpID: c.CorpID, Metadata: meta}); err != nil {
			return err
		}
		var err error
		view, err = s.archiveView(ctx, c)
		return err
	})
	if err == nil && s.CorpSaved != nil {
		s.CorpSaved(ctx, c.CorpID)
	}
	return view, err
}

// AddArchiveKey adds a private key for a new publickey_ver; keys of older
// versions stay (old messages use them). A malformed key or a version
// already held is ErrArchiveKey.
func (s *Service) AddArchiveKey(ctx context.Context, ref string, in ArchiveKeyInput) (ArchiveKeyView, error) {
	if in.Version <= 0 {
		return ArchiveKeyView{}, fmt.Errorf("%w: version must be a positive publickey_ver", ErrArchiveKey)
	}
	fp, err := ArchiveKeyFingerprint(in.PrivateKey)
	if err != nil {
		return ArchiveKeyView{}, err
	}
	c, err := s.editableCorp(ctx, ref)
	if err != nil {
		return ArchiveKeyView{}, err
	}
	if err := auth.RequireInCorp(ctx, auth.CorpsWrite, c.CorpID); err != nil {
		return ArchiveKeyView{}, fmt.Errorf("accounts: add archive key of %s: %w", c.CorpID, err)
	}
	var view ArchiveKeyView
	err = s.Store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.addArchiveKey(ctx, c.CorpID, in.Version, in.PrivateKey, fp); err != nil {
			return err
		}
		if err := s.audit().Record(ctx, audit.Event{Action: audit.CorpArchiveKeyAdd, Target: c.CorpID, CorpID: c.CorpID,
			Metadata: map[string]any{"key": c.Key, "version": in.Version, "fingerprint": fp}}); err != nil {
			return err
		}
		keys, err := s.Store.ArchiveKeys(ctx, c.CorpID)
		for _, k := range keys {
			if k.Version == in.Version {
				view = ArchiveKeyView{Version: k.Version, Fingerprint: k.Fingerprint, AddedAt: k.AddedAt}
			}
		}
		return err
	})
	if err == nil && s.CorpSaved != nil {
		s.CorpSaved(ctx, c.CorpID)
	}
	return view, err
}

// addArchiveKey seals and stores a key whose PEM was checked, and moves
// the corp's archive revision so every instance reloads its keys.
func (s *Service) addArchiveKey(ctx context.Context, corpID string, version int, pemText, fp string) error {
	if s.SealSecret == nil {
		return errNoSealKey
	}
	sealed, err := s.SealSecret(pemText, corpID+"/"+archiveKeyKind(version))
	if err != nil {
		return fmt.Errorf("accounts: seal archive key v%d: %w", version, err)
	}
	err = s.Store.AddArchiveKey(ctx, store.ArchiveKey{CorpID: corpID, Version: version, Sealed: sealed, Fingerprint: fp})
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("%w: version %d is already held; keys are never replaced, add the new publickey_ver instead", ErrArchiveKey, version)
	}
	if err != nil {
		return err
	}
	return s.Store.TouchCorpArchive(ctx, corpID)
}

// editableCorp finds a corp whose archive is edited here (not in config).
func (s *Service) editableCorp(ctx context.Context, ref string) (store.Corp, error) {
	c, err := s.corpByRef(ctx, ref)
	if err != nil {
		return c, err
	}
	if s.ConfigArchive != nil {
		if _, ok := s.ConfigArchive(c.CorpID); ok {
			return c, errConfigCorp
		}
	}
	return c, nil
}
