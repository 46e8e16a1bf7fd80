package wecom

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"wecomadmin/internal/metrics"
)

func TestNewPool(t *testing.T) {
	f := newFake(t)
	retry := Retry{InitialDelay: time.Millisecond, Multiplier: 2, MaxDelay: 10 * time.Millisecond, MaxAttempts: 4}
	corps := []Options{
		{CorpKey: "main", CorpID: testCorpID, BaseURL: f.srv.URL, Timeout: 3 * time.Second, Retry: retry,
			Secrets: map[SecretKind]string{Contacts: "s3cr3t-value", App: "s3cr3t-value"}},
		{CorpKey: "second", CorpID: "wwother", BaseURL: "https://qyapi.example.invalid", Secrets: map[SecretKind]string{Archive: "x"}},
	}
	m := metrics.New()
	p, err := NewPool(corps, Deps{HTTPClient: f.srv.Client(), Metrics: m})
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
	if c.retry.MaxAttempts != retry.MaxAttempts || c.timeout != 3*time.Second {
		t.Fatalf("retry policy not from the options: %+v", c.retry)
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

func TestNewPoolNamesTheBadCorp(t *testing.T) {
	_, err := NewPool([]Options{{CorpKey: "main", CorpID: testCorpID, BaseURL: "ftp://x", Secrets: map[SecretKind]string{App: "x"}}}, Deps{})
	if err == nil || !strings.Contains(err.Error(), "corps[main]") {
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
