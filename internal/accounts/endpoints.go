package accounts

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// The portal sends a corp's stored secrets to its base_url and trusts what
// its archive URL serves. So an endpoint entered in the UI must name a
// host the deployment allows (qyapi.weixin.qq.com, plus security.
// allowed_hosts from the boot config), never a loopback or private address
// outside demo and simulator mode, and changing it requires the secrets to
// be entered again: a changed endpoint never receives the old ones.

// DefaultWeComHost is Tencent's API host, always allowed.
const DefaultWeComHost = "qyapi.weixin.qq.com"

// EndpointPolicy is the boot config's say on UI-entered endpoints.
type EndpointPolicy struct {
	// AllowedHosts are extra hosts (exact, or ".example.com" for a domain
	// and its subdomains) a base_url or archive URL may name.
	AllowedHosts []string
	// AllowPrivate (demo and simulator only) allows loopback and private
	// addresses, http, and the simulator archive source.
	AllowPrivate bool
}

// check refuses an endpoint the policy does not allow.
func (p EndpointPolicy) check(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%w: %s must be an https URL without credentials", ErrInvalid, field)
	}
	host := strings.ToLower(u.Hostname())
	private := host == "localhost" || strings.HasSuffix(host, ".localhost")
	if ip := net.ParseIP(host); ip != nil {
		private = ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsLinkLocalMulticast()
	}
	switch {
	case p.AllowPrivate && private:
		return nil
	case private:
		return fmt.Errorf("%w: %s may not name a loopback or private address", ErrInvalid, field)
	case u.Scheme != "https" && !p.AllowPrivate:
		return fmt.Errorf("%w: %s must be https", ErrInvalid, field)
	case host == DefaultWeComHost || slices.ContainsFunc(p.AllowedHosts, func(a string) bool { return hostMatches(host, a) }):
		return nil
	}
	return fmt.Errorf("%w: %s host %s is not allowed (security.allowed_hosts in the boot config lists extra hosts)", ErrInvalid, field, host)
}

func hostMatches(host, allowed string) bool {
	allowed = strings.ToLower(strings.TrimSpace(allowed))
	if d, ok := strings.CutPrefix(allowed, "."); ok {
		return host == d || strings.HasSuffix(host, "."+d)
	}
	return host == allowed
}

// secretsToReenter lists the secret kinds held for a corp (stored or from
// config) that a request changing its base_url must give again.
func (s *Service) secretsToReenter(ctx context.Context, corpID string, given map[string]string) ([]string, error) {
	old, err := s.corpByRef(ctx, corpID)
	if err != nil {
		return nil, err
	}
	v, err := s.corpView(ctx, old)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, k := range SecretKinds {
		if v.Secrets[k] == "set" && given[k] == "" {
			missing = append(missing, k)
		}
	}
	return missing, nil
}

// checkArchiveEndpoint: the simulator source only in demo and simulator
// mode, its URL allowed by the policy, and a change of that URL only with
// the archive secret entered again.
func (s *Service) checkArchiveEndpoint(old ArchiveView, in ArchiveInput) error {
	if in.Source == "sim" {
		if !s.Endpoints.AllowPrivate {
			return fmt.Errorf("%w: source sim (the simulator) is for demo and simulator mode only", ErrInvalid)
		}
		if err := s.Endpoints.check("url", in.URL); err != nil {
			return err
		}
	}
	// A change of a set URL is what could send the secret somewhere new;
	// moving to Tencent's SDK (or off) does not.
	if in.Source == "sim" && old.URL != "" && old.URL != in.URL && old.Secret == "set" && in.Secret == "" {
		return fmt.Errorf("%w: the archive source or URL changed: enter the archive secret again", ErrInvalid)
	}
	return nil
}
