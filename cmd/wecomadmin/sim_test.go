package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls out until re matches, or fails after 2 minutes: demo start-up
// (migrations, the generated archive, password hashing) takes tens of
// seconds under -race on a loaded machine.
func waitFor(t *testing.T, out *syncBuffer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no match for %s in:\n%s", re, out.String())
	return nil
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestSimCommand(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"sim", "--addr", "127.0.0.1:0", "--seed", "4", "--log-level", "info"}, &out, &out)
	}()
	m := waitFor(t, &out, regexp.MustCompile(`"url":"(http://127\.0\.0\.1:\d+)"`))
	body := get(t, m[1]+"/cgi-bin/gettoken?corpid=wwsimcorp0000001&corpsecret=wrong")
	if !strings.Contains(body, `"errcode":40001`) {
		t.Fatalf("wrong secret: %s", body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	if code := run(context.Background(), []string{"sim", "--faults", "timeout=2"}, io.Discard, io.Discard); code != 2 {
		t.Fatalf("bad --faults: exit %d, want 2", code)
	}
}

func TestDemoCommand(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, &out, &out)
	}()
	m := waitFor(t, &out, regexp.MustCompile(`portal at (http://127\.0\.0\.1:\d+/)`))
	waitFor(t, &out, regexp.MustCompile(`demo admin: \S+ / \S+`))
	if body := get(t, m[1]+"healthz"); !strings.Contains(body, "ok") {
		t.Fatalf("healthz: %s", body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
}
