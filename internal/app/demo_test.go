package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"

	"wecomadmin/internal/wecomsim"
)

func TestDemoConfigIsValid(t *testing.T) {
	t.Parallel()
	cfg := DemoConfig("127.0.0.1:8080", t.TempDir(), "http://127.0.0.1:9001", "wwsimcorp0000001")
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := cfg.ResolveSecrets(); err != nil {
		t.Fatal(err)
	}
}

func TestServeSimulator(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.DiscardHandler)
	s, err := NewSimulator(wecomsim.Options{Seed: 5, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ServeSimulator(ctx, s, ln, log) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/cgi-bin/gettoken?corpid=wwsimcorp0000001&corpsecret=sim")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var r struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &r); err != nil || r.ErrCode != 0 || r.AccessToken == "" {
		t.Fatalf("gettoken: %s %v", body, err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
