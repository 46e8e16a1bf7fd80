package wecom

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// memSource is a Source over a map, counting how often secrets are opened.
type memSource struct {
	mu     sync.Mutex
	corps  []SourceCorp
	base   map[string]string // corp id -> base URL
	secret map[string]string // corp id -> contacts secret ("" none)
	opened int
}

func (m *memSource) Corps(context.Context) ([]SourceCorp, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]SourceCorp(nil), m.corps...), nil
}

func (m *memSource) Options(_ context.Context, c SourceCorp) (Options, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.opened++
	o := Options{BaseURL: m.base[c.CorpID], Secrets: map[SecretKind]string{}}
	if s := m.secret[c.CorpID]; s != "" {
		o.Secrets[Contacts] = s
	}
	return o, nil
}

func (m *memSource) set(c SourceCorp, base, secret string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.base[c.CorpID], m.secret[c.CorpID] = base, secret
	for i := range m.corps {
		if m.corps[i].CorpID == c.CorpID {
			m.corps[i] = c
			return
		}
	}
	m.corps = append(m.corps, c)
}

func TestPoolSourceAddsReplacesAndRemoves(t *testing.T) {
	t.Parallel()
	f := newFake(t, "s3cr3t-value", "rotated")
	p, err := NewPool([]Options{{CorpKey: "main", CorpID: "wwconfigured", BaseURL: f.srv.URL,
		Secrets: map[SecretKind]string{App: "x"}}}, Deps{HTTPClient: f.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	src := &memSource{base: map[string]string{}, secret: map[string]string{}}
	now := time.Unix(1_700_000_000, 0)
	p.SetSource(src, time.Minute)
	p.dyn.now = func() time.Time { return now }
	ctx := context.Background()

	// A configured corp listed by the source too stays the configured client.
	cfgClient, _ := p.Client("main")
	src.set(SourceCorp{CorpID: "wwconfigured", Key: "main", Version: "1"}, "http://other.invalid", "other")
	// A run-time corp without secrets has no client yet.
	src.set(SourceCorp{CorpID: testCorpID, Key: "ui", Version: "1"}, f.srv.URL, "")
	if _, err := p.ClientFor(ctx, testCorpID); err == nil {
		t.Fatal("a corp without secrets got a client")
	}
	if c, _ := p.Client("main"); c != cfgClient {
		t.Fatal("the source replaced a configured corp")
	}
	// Secrets set (new version): found on the next lookup, which refreshes on a miss.
	src.set(SourceCorp{CorpID: testCorpID, Key: "ui", Version: "2"}, f.srv.URL, "s3cr3t-value")
	c1, err := p.ClientFor(ctx, testCorpID)
	if err != nil || c1.CorpKey() != "ui" {
		t.Fatalf("after secrets set: %v", err)
	}
	if _, err := c1.GetUser(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	opened := src.opened
	// Same version: the same client, secrets not opened again, even after the TTL.
	now = now.Add(2 * time.Minute)
	if c, _ := p.ClientFor(ctx, testCorpID); c != c1 || src.opened != opened {
		t.Fatalf("unchanged corp rebuilt (opened %d -> %d)", opened, src.opened)
	}
	// An edit on another instance (new secret) shows up after the TTL, with a fresh token.
	src.set(SourceCorp{CorpID: testCorpID, Key: "ui", Version: "3"}, f.srv.URL, "rotated")
	if c, _ := p.ClientFor(ctx, testCorpID); c != c1 {
		t.Fatal("refreshed before the TTL")
	}
	now = now.Add(2 * time.Minute)
	c2, err := p.ClientFor(ctx, testCorpID)
	if err != nil || c2 == c1 {
		t.Fatalf("not replaced after the TTL: %v", err)
	}
	before := f.gettoken
	if _, err := c2.GetUser(ctx, "a"); err != nil || f.gettoken != before+1 {
		t.Fatalf("replaced client reused the old token (gettoken %d -> %d): %v", before, f.gettoken, err)
	}
	// Re-keyed, then removed.
	src.set(SourceCorp{CorpID: testCorpID, Key: "renamed", Version: "4"}, f.srv.URL, "rotated")
	src.mu.Lock()
	src.corps = src.corps[1:]
	src.corps[0].Key = "renamed"
	src.mu.Unlock()
	if err := p.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Keys(), ","); got != "main,renamed" {
		t.Fatalf("keys after re-key: %s", got)
	}
	src.mu.Lock()
	src.corps = nil
	src.mu.Unlock()
	if err := p.Refresh(ctx); err != nil || strings.Join(p.Keys(), ",") != "main" {
		t.Fatalf("keys after removal: %v %v", p.Keys(), err)
	}
}
