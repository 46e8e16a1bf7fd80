// Package httpapi is the REST API (/api/v1), the health and metrics
// endpoints, and the SPA. Handlers decode, validate, call a domain service
// and write with one helper; they never touch SQL.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/export"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/metrics"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/retention"
	"wecomadmin/internal/search"
	"wecomadmin/internal/status"
)

// Readiness is what /readyz asks of the store.
type Readiness interface {
	Ping(ctx context.Context) error
	Current(ctx context.Context) (bool, error)
}

// Authenticator resolves the caller of a request: a session cookie or a
// bearer token. It returns auth.ErrUnauthenticated when there is none.
type Authenticator interface {
	Authenticate(r *http.Request) (auth.Principal, error)
}

// StatusReporter builds the GET /api/v1/status document.
type StatusReporter interface {
	Report(ctx context.Context) (status.Report, error)
}

// Deps are the services the API calls. Nil services leave their routes
// answering 503 "unavailable", so the skeleton runs before every feature lands.
type Deps struct {
	Log     *slog.Logger
	Metrics *metrics.Metrics
	Ready   Readiness
	Auth    Authenticator
	Status  StatusReporter
	SPA     http.Handler
	Version string
	Jobs    JobsService // durable jobs admin; nil answers 503
	// Accounts is the employee-accounts feature (HR sync, corps, TFA page).
	Accounts AccountsService
	// Contacts serves callbacks, contacts, transfers and welcome templates.
	Contacts ContactsService
	Media    MediaService // media pipeline read side; nil answers 503
	// MaxBodyBytes caps request bodies (default 10 MiB).
	MaxBodyBytes int64
	// Sign-in, admins, tokens (auth) and the audit trail.
	AuthSvc *auth.Service
	Audit   *audit.Recorder
	// CookieSecure marks the session cookie Secure (also set under TLS);
	// BaseURL is the portal's public URL for OIDC redirects (empty: from the request).
	CookieSecure bool
	BaseURL      string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (see clientIP).
	TrustedProxies []netip.Prefix
	// Conversation review: search and conversation views (nil answers 503).
	Search    *search.Service
	Exports   *export.Service
	Retention *retention.Service
	Lake      *lake.Service // the lake feed and compliance-archive formats (nil answers 503)
	// Monitor is conversation monitoring: alerts, the review queue, catalogs and policies.
	Monitor *monitor.Service
}

// Server is the HTTP API.
type Server struct {
	d       Deps
	mux     *http.ServeMux
	streams streamSlots // open live streams per caller
}

// New builds the server and its routes.
func New(d Deps) *Server {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Metrics == nil {
		d.Metrics = metrics.New()
	}
	if d.MaxBodyBytes == 0 {
		d.MaxBodyBytes = 10 << 20
	}
	s := &Server{d: d, mux: http.NewServeMux()}
	s.routes()
	return s
}

// Handler returns the whole middleware chain around the routes.
func (s *Server) Handler() http.Handler {
	return s.requestID(s.recoverPanic(s.accessLog(securityHeaders(s.mux, s.d.CookieSecure))))
}
