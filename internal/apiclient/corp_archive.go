package apiclient

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// CorpArchiveKey is one archive private key as the API shows it.
type CorpArchiveKey struct {
	Version     int    `json:"version"`
	Fingerprint string `json:"fingerprint"`
	AddedAt     int64  `json:"added_at"`
}

// CorpArchive is GET /api/v1/corps/{key}/archive.
type CorpArchive struct {
	CorpID    string           `json:"corp_id"`
	Key       string           `json:"key"`
	ManagedBy string           `json:"managed_by"`
	Source    string           `json:"source"`
	URL       string           `json:"url"`
	Secret    string           `json:"secret"`
	Keys      []CorpArchiveKey `json:"keys"`
	UpdatedAt int64            `json:"updated_at"`
}

func corpArchivePath(corp string) string {
	return "/api/v1/corps/" + url.PathEscape(corp) + "/archive"
}

// CorpArchive returns a corp's archive settings.
func (c *Client) CorpArchive(ctx context.Context, corp string) (CorpArchive, error) {
	var v CorpArchive
	err := c.Do(ctx, http.MethodGet, corpArchivePath(corp), nil, &v)
	return v, err
}

// SetCorpArchive sets a corp's archive source ("", "sdk", "sim"), URL and,
// when not empty, its secret.
func (c *Client) SetCorpArchive(ctx context.Context, corp, source, simURL, secret string) (CorpArchive, error) {
	var v CorpArchive
	body := map[string]string{"source": source, "url": simURL}
	if secret != "" {
		body["secret"] = secret
	}
	err := c.Do(ctx, http.MethodPut, corpArchivePath(corp), body, &v)
	return v, err
}

// AddCorpArchiveKey adds the private key (PEM) of a publickey_ver.
func (c *Client) AddCorpArchiveKey(ctx context.Context, corp string, version int, pemText string) (CorpArchiveKey, error) {
	var k CorpArchiveKey
	body := map[string]any{"version": version, "private_key": strings.TrimSpace(pemText) + "\n"}
	err := c.Do(ctx, http.MethodPost, corpArchivePath(corp)+"/keys", body, &k)
	return k, err
}
