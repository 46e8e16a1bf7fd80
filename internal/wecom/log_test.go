package wecom

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/logging"
)

// syncBuffer lets the race detector see the logger's writes as ordered.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSecretsAndTokensNeverLogged(t *testing.T) {
	t.Parallel()
	// "raw" has no masking handler: the client itself must leak nothing.
	for _, format := range []string{"json", "text", "raw"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			var out syncBuffer
			logger := logging.New(&out, "debug", format)
			if format == "raw" {
				logger = slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
			}
			c := testClient(t, f, func(o *Options) {
				o.Logger = logger
				o.Timeout = 100 * time.Millisecond
			})
			bad := testClient(t, f, func(o *Options) {
				o.Logger = logger
				o.Secrets = map[SecretKind]string{App: "wrong-s3cr3t"}
			})
			f.handle("user/get", failFirst(1, 42001))
			f.handle("user/getuserid", func(w http.ResponseWriter, r *http.Request, n int) string {
				if n == 1 {
					<-r.Context().Done() // timeout: the transport error names the URL
					return ""
				}
				return `{"errcode":60111,"errmsg":"userid not found: 13800138000 a.b@example.com"}`
			})
			ctx := context.Background()
			_, _ = c.GetUser(ctx, "zhangsan")
			_, err := c.GetUserIDByMobile(ctx, "13800138000")
			_, _ = bad.GetUser(ctx, "zhangsan")
			_ = c.TFASucc(ctx, "zhangsan", "TFACODE-123456")
			f.srv.CloseClientConnections()

			logs := out.String() + err.Error()
			f.mu.Lock()
			var secrets []string
			for tok := range f.valid {
				secrets = append(secrets, tok)
			}
			f.mu.Unlock()
			secrets = append(secrets, "s3cr3t-value", "wrong-s3cr3t", "TOKEN-", "access_token=", "corpsecret=", "13800138000", "a.b@example.com")
			for _, s := range secrets {
				if strings.Contains(logs, s) {
					t.Errorf("log or error contains %q:\n%s", s, logs)
				}
			}
			if !strings.Contains(logs, "errcode") {
				t.Fatalf("expected call logs, got:\n%s", logs)
			}
		})
	}
}

func TestOptionsNeverPrintSecrets(t *testing.T) {
	t.Parallel()
	o := Options{CorpID: "ww1", Secrets: map[SecretKind]string{App: "s3cr3t-value", Archive: "another-s3cr3t"}}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("opts", "options", o)
	for _, s := range []string{fmt.Sprintf("%v", o), fmt.Sprintf("%+v", o), fmt.Sprintf("%#v", o), buf.String()} {
		if strings.Contains(s, "s3cr3t") {
			t.Fatalf("secret printed: %s", s)
		}
		if !strings.Contains(s, "app") {
			t.Fatalf("kinds missing: %s", s)
		}
	}
}
