// Package logging builds the project's slog logger: JSON for servers, text
// on a terminal, with personal data (mobile numbers, e-mail addresses)
// masked in every attribute before it is written.
package logging

import (
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"
)

// New returns a logger writing to w. format is json, text or auto (text when
// w is a terminal).
func New(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(strings.ToUpper(level)))
	opts := &slog.HandlerOptions{Level: lv, ReplaceAttr: maskAttr}
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// maskAttr masks PII in string attributes: keys that name personal data are
// masked whatever they hold; other strings have embedded numbers and
// addresses masked.
func maskAttr(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindAny {
		if err, ok := a.Value.Any().(error); ok {
			return slog.String(a.Key, MaskText(err.Error()))
		}
	}
	if a.Value.Kind() != slog.KindString {
		return a
	}
	v := a.Value.String()
	switch strings.ToLower(a.Key) {
	case "mobile", "phone", "telephone":
		return slog.String(a.Key, MaskMobile(v))
	case "email", "mail", "biz_mail":
		return slog.String(a.Key, MaskEmail(v))
	case "password", "secret", "token", "access_token", "corpsecret", "tfa_code", "code", "authorization", "cookie":
		if v != "" {
			return slog.String(a.Key, "[redacted]")
		}
		return a
	}
	if m := MaskText(v); m != v {
		return slog.String(a.Key, m)
	}
	return a
}
