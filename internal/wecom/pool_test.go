package wecom

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"wecomadmin/internal/config"
	"wecomadmin/internal/metrics"
)

func TestNewPoolFromConfig(t *testing.T) {
	f := newFake(t)
	t.Setenv("WC_TEST_CONTACTS", "s3cr3t-value")
	cfg := config.Defaults()
	cfg.Corps = []config.Corp{
		{Key: "main", CorpID: testCorpID, BaseURL: f.srv.URL, Secrets: config.CorpSecrets{
			Contacts: config.NewSecret("env:WC_TEST_CONTACTS"), App: config.NewSecret("s3cr3t-value")}},
		{Key: "second", CorpID: "wwother", BaseURL: "https://qyapi.example.invalid", Secrets: config.CorpSecrets{Archive: config.NewSecret("x")}},
	}
	m := metrics.New()
	p, err := NewPool(cfg, Deps{HTTPClient: f.srv.Client(), Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Keys(), ","); got != "main,second" {
		t.Fatalf("keys = %s", got)
	}
	c, ok := p.Client("main")
	if !ok || c.CorpID() != testCorpID || !c.HasSecret(Contacts) || c.HasSecret(Archive) {
		t.Fatalf("main client: found=%v", ok)
	}
	if c.retry.MaxAttempts != cfg.WeCom.MaxAttempts || c.timeout != cfg.WeCom.Timeout.D() {
		t.Fatalf("retry policy not from config: %+v", c.retry)
	}
	if _, err := c.GetUser(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	if v := testutil.ToFloat64(m.WeComCalls.WithLabelValues("main", "user/get", "0")); v != 1 {
		t.Fatalf("wecom_calls_total{user/get,0} = %v", v)
	}
	if v := testutil.ToFloat64(m.WeComCalls.WithLabelValues("main", "gettoken", "0")); v != 1 {
		t.Fatalf("wecom_calls_total{gettoken,0} = %v", v)
	}
	if byID, ok := p.ByCorpID("wwother"); !ok || byID.CorpKey() != "second" {
		t.Fatal("ByCorpID")
	}
	if _, ok := p.Client("nope"); ok {
		t.Fatal("unknown corp found")
	}
	p.Remove("second")
	if len(p.Keys()) != 1 {
		t.Fatal("Remove")
	}
}

func TestNewPoolUnresolvedSecretNamesKey(t *testing.T) {
	cfg := config.Defaults()
	cfg.Corps = []config.Corp{{Key: "main", CorpID: testCorpID, BaseURL: DefaultBaseURL,
		Secrets: config.CorpSecrets{App: config.NewSecret("env:WC_TEST_DEFINITELY_UNSET")}}}
	_, err := NewPool(cfg, Deps{})
	if !errors.Is(err, config.ErrSecretUnresolved) || !strings.Contains(err.Error(), "corps[main].secrets.app") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	for name, o := range map[string]Options{
		"no corp":    {Secrets: map[SecretKind]string{App: "x"}},
		"no secret":  {CorpID: "ww1"},
		"bad url":    {CorpID: "ww1", BaseURL: "ftp://x", Secrets: map[SecretKind]string{App: "x"}},
		"empty only": {CorpID: "ww1", Secrets: map[SecretKind]string{App: ""}},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: New accepted %+v", name, o)
		}
	}
}
