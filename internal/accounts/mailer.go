package accounts

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"strings"
	"time"

	"wecomadmin/internal/logging"
)

// Mailer sends the one-time codes of the TFA page to an employee's HR email.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// LogMailer writes mails to the log instead of sending them: for the demo
// and development only, since the log then holds the one-time code.
type LogMailer struct{ Log *slog.Logger }

// Send logs the mail.
func (m LogMailer) Send(ctx context.Context, to, subject, body string) error {
	m.Log.WarnContext(ctx, "log mailer (not for production): mail not sent", "to", logging.MaskEmail(to), "subject", subject, "body", body)
	return nil
}

// SMTPMailer sends through an SMTP server with net/smtp (STARTTLS when the
// server offers it; PLAIN auth only over TLS or to localhost, as net/smtp enforces).
type SMTPMailer struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
	Timeout  time.Duration
}

// Send delivers one plain-text UTF-8 mail.
func (m SMTPMailer) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return fmt.Errorf("mailer: header injection refused")
	}
	host, _, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return fmt.Errorf("mailer: address %q: %w", m.Addr, err)
	}
	timeout := m.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("mailer: dial: %w", err)
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("mailer: hello: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(nil); err != nil {
			return fmt.Errorf("mailer: starttls: %w", err)
		}
	}
	if m.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			return fmt.Errorf("mailer: auth: %w", err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("mailer: from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mailer: rcpt: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mailer: data: %w", err)
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: =?UTF-8?B?" + b64(subject) + "?=\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(body) + "\r\n"
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("mailer: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mailer: send: %w", err)
	}
	return c.Quit()
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
