package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/logging"
	"wecomadmin/internal/reqmeta"
)

// requestID takes a sane X-Request-Id or makes one, and puts the request
// metadata on the context for logs and the audit trail.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if len(id) == 0 || len(id) > 64 || strings.ContainsFunc(id, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		ip := clientIP(r, s.d.TrustedProxies)
		ctx := reqmeta.With(r.Context(), reqmeta.Meta{RequestID: id, IP: ip, UserAgent: r.UserAgent()})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				writeError(w, r, s.d.Log, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// accessLog logs one line a request with PII and secrets masked out of the URL.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.d.Log.InfoContext(r.Context(), "http", "method", r.Method, "path", logging.MaskText(r.URL.RequestURI()),
			"status", rec.status, "bytes", rec.bytes, "duration_ms", time.Since(start).Milliseconds(),
			"request_id", reqmeta.From(r.Context()).RequestID, "ip", reqmeta.From(r.Context()).IP)
	})
}

// instrument records per-route metrics, labelled by pattern (bounded cardinality).
func (s *Server) instrument(pattern string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.d.Metrics.HTTPRequests.WithLabelValues(pattern, strconv.Itoa(rec.status)).Inc()
		s.d.Metrics.HTTPDuration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
	})
}

// authorize resolves the caller and checks the route's permission.
func (s *Server) authorize(perm auth.Permission, next http.Handler) http.Handler {
	if perm == auth.Public {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.d.Auth == nil {
			writeError(w, r, s.d.Log, auth.ErrUnauthenticated)
			return
		}
		p, err := s.d.Auth.Authenticate(r)
		if err != nil {
			if !errors.Is(err, auth.ErrUnauthenticated) && !errors.Is(err, auth.ErrForbidden) {
				err = fmt.Errorf("authenticate: %w", err)
			}
			writeError(w, r, s.d.Log, err)
			return
		}
		if !p.Can(perm) {
			s.recordDenial(r, p, string(perm))
			writeError(w, r, s.d.Log, auth.ErrForbidden)
			return
		}
		ctx := context.WithValue(auth.WithPrincipal(r.Context(), p), routePermKey{}, perm)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// routePermKey carries the route's permission to the handler, so checks
// of a corp use the permission the route needs, not any the caller has.
type routePermKey struct{}

func (s *Server) limitBody(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.d.MaxBodyBytes {
			writeError(w, r, s.d.Log, errBodyTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.d.MaxBodyBytes)
		next(w, r)
	})
}

// securityHeaders sets the headers every answer carries; HSTS under TLS or
// when the portal is served over https behind a proxy (tls set).
func securityHeaders(next http.Handler, tls bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if r.TLS != nil || tls {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}
