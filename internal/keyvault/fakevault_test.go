package keyvault

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const (
	testTenant = "00000000-0000-0000-0000-0000000000aa"
	testVault  = "https://kv.example.com"
	authority  = "https://login.example.com/"
)

// fakeAzure speaks the Key Vault secrets REST format (bearer challenge, GET
// /secrets/{name}/{version}, Key Vault error bodies) and Entra ID's token
// endpoints (OIDC metadata, client credentials, the IMDS managed identity
// endpoint), all on loopback: example.com names are dialled to the servers.
type fakeAzure struct {
	t    *testing.T
	tls  *httptest.Server
	imds *httptest.Server

	mu        sync.Mutex
	secrets   map[string]map[string]string // name → version → value; "" is the current one
	forbidden map[string]bool
	throttle  int // answer this many secret GETs with 429 first
	tokens    int // tokens issued
	grants    []string
	gets      []string // "name/version api-version" of authorised GETs
	unauth    int      // GETs that came without a bearer token
}

func newFakeAzure(t *testing.T) *fakeAzure {
	f := &fakeAzure{t: t, secrets: map[string]map[string]string{}, forbidden: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", f.oidcMetadata)
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", f.token)
	mux.HandleFunc("GET /secrets/{name}/{version}", f.getSecret)
	mux.HandleFunc("GET /secrets/{name}/{$}", f.getSecret)
	f.tls = httptest.NewTLSServer(mux)
	imds := http.NewServeMux()
	imds.HandleFunc("GET /metadata/identity/oauth2/token", f.imdsToken)
	f.imds = httptest.NewServer(imds)
	t.Cleanup(func() { f.tls.Close(); f.imds.Close() })
	return f
}

func (f *fakeAzure) set(name, version, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.secrets[name] == nil {
		f.secrets[name] = map[string]string{}
	}
	f.secrets[name][version] = value
	if version != "" {
		f.secrets[name][""] = value
	}
}

// client dials every https name to the TLS server and every http name (IMDS)
// to the plain one, trusting the test certificate (it covers *.example.com).
func (f *fakeAzure) client() *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(f.tls.Certificate())
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if strings.HasSuffix(addr, ":443") {
				return d.DialContext(ctx, network, f.tls.Listener.Addr().String())
			}
			return d.DialContext(ctx, network, f.imds.Listener.Addr().String())
		},
	}}
}

func (f *fakeAzure) oidcMetadata(w http.ResponseWriter, r *http.Request) {
	base := strings.TrimSuffix(authority, "/") + "/" + r.PathValue("tenant")
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                 base + "/v2.0",
		"authorization_endpoint": base + "/oauth2/v2.0/authorize",
		"token_endpoint":         base + "/oauth2/v2.0/token",
		"jwks_uri":               base + "/discovery/v2.0/keys",
	})
}

func (f *fakeAzure) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	grant := "client_secret:" + r.PostForm.Get("client_secret")
	if a := r.PostForm.Get("client_assertion"); a != "" {
		grant = "assertion:" + a
	}
	// MSAL adds openid offline_access profile; the resource scope must be there.
	if !strings.Contains(" "+r.PostForm.Get("scope")+" ", " https://example.com/.default ") {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_scope", "error_description": "scope " + r.PostForm.Get("scope")})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3600, "access_token": f.issue(grant)})
}

func (f *fakeAzure) imdsToken(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Metadata") != "true" {
		http.Error(w, "Metadata header required", http.StatusBadRequest)
		return
	}
	tok := f.issue("imds:" + r.URL.Query().Get("resource") + ":" + r.URL.Query().Get("client_id"))
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "expires_in": "3600", "expires_on": "4102444800",
		"resource": r.URL.Query().Get("resource"), "token_type": "Bearer",
	})
}

func (f *fakeAzure) issue(grant string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens++
	f.grants = append(f.grants, grant)
	return fmt.Sprintf("token-%d", f.tokens)
}

func (f *fakeAzure) getSecret(w http.ResponseWriter, r *http.Request) {
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Bearer token-") {
		f.mu.Lock()
		f.unauth++
		f.mu.Unlock()
		w.Header().Set("WWW-Authenticate", `Bearer authorization="`+authority+testTenant+`", resource="https://example.com"`)
		writeJSON(w, http.StatusUnauthorized, kvError("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."))
		return
	}
	name, version := r.PathValue("name"), r.PathValue("version")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.throttle > 0 {
		f.throttle--
		w.Header().Set("Retry-After", "0")
		writeJSON(w, http.StatusTooManyRequests, kvError("Throttled", "Rate limit exceeded"))
		return
	}
	f.gets = append(f.gets, name+"/"+version+" "+r.URL.Query().Get("api-version"))
	if f.forbidden[name] {
		writeJSON(w, http.StatusForbidden, kvError("Forbidden", "The user does not have secrets get permission"))
		return
	}
	v, ok := f.secrets[name][version]
	if !ok {
		writeJSON(w, http.StatusNotFound, kvError("SecretNotFound", "A secret with (name/id) "+name+" was not found in this key vault."))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"value": v, "id": testVault + "/secrets/" + name + "/0123456789abcdef0123456789abcdef",
		"attributes": map[string]any{"enabled": true, "created": 1700000000, "updated": 1700000000},
	})
}

func kvError(code, msg string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": msg}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
