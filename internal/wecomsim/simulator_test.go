package wecomsim

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
)

func TestServeSimulator(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.DiscardHandler)
	s, err := NewSimulator(Options{Seed: 5, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln, log) }()
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
