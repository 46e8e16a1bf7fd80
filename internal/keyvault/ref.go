// Package keyvault resolves keyvault: secret references against Azure Key
// Vault with the Azure SDK (azsecrets over an azidentity credential), keeps
// the values in memory and fetches them again on a schedule, so a rotated
// secret reaches the portal without a restart. Values never reach a log.
package keyvault

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Ref is one parsed reference:
// https://VAULT.vault.azure.net/secrets/NAME[/VERSION].
type Ref struct {
	Vault   string // https://VAULT.vault.azure.net
	Name    string
	Version string // empty: the current version, followed on rotation
}

// Key Vault object names: 1-127 alphanumerics and dashes; versions are 32 hex.
var (
	nameRe    = regexp.MustCompile(`^[0-9A-Za-z-]{1,127}$`)
	versionRe = regexp.MustCompile(`^[0-9A-Fa-f]{32}$`)
)

// ParseRef parses the text after "keyvault:".
func ParseRef(s string) (Ref, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return Ref{}, fmt.Errorf("keyvault: reference must be https://VAULT.vault.azure.net/secrets/NAME[/VERSION]")
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != "secrets" {
		return Ref{}, fmt.Errorf("keyvault: %s: path must be /secrets/NAME[/VERSION]", u.Host)
	}
	r := Ref{Vault: "https://" + u.Host, Name: parts[1]}
	if !nameRe.MatchString(r.Name) {
		return Ref{}, fmt.Errorf("keyvault: %s: secret name %q is not a Key Vault name", u.Host, r.Name)
	}
	if len(parts) == 3 {
		r.Version = parts[2]
		if !versionRe.MatchString(r.Version) {
			return Ref{}, fmt.Errorf("keyvault: %s/secrets/%s: version must be 32 hex digits", u.Host, r.Name)
		}
	}
	return r, nil
}

// String is the reference as written (no value: safe to log).
func (r Ref) String() string {
	s := r.Vault + "/secrets/" + r.Name
	if r.Version != "" {
		s += "/" + r.Version
	}
	return s
}
