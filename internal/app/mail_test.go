package app

import (
	"io"
	"log/slog"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/config"
)

// TestMailerFromConfig: TFA codes go over SMTP when mail.smtp_addr is set,
// and only to the log without it.
func TestMailerFromConfig(t *testing.T) {
	t.Parallel()
	a := &App{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, ok := a.mailer().(accounts.LogMailer); !ok {
		t.Fatalf("no smtp_addr: %T", a.mailer())
	}
	a.Cfg.Mail = config.Mail{SMTPAddr: "127.0.0.1:2525", From: "portal@x.example", Username: "u", Password: config.NewSecret("pw")}
	m, ok := a.mailer().(accounts.SMTPMailer)
	if !ok || m.Addr != "127.0.0.1:2525" || m.From != "portal@x.example" || m.Password != "pw" {
		t.Fatalf("smtp: %T %+v", a.mailer(), m)
	}
}
