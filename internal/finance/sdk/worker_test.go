package sdk

import (
	"context"
	"os"
	"syscall"
	"testing"

	"wecomadmin/internal/finance"
)

const envChild = "FINANCE_SDK_WORKER_CHILD"

// fakeNative answers like the SDK; sdkfileid "crash" kills the process with
// SIGSEGV, as the real library does on a bad day.
type fakeNative struct{ inited bool }

func (f *fakeNative) Init(corpID, secret string) int {
	if secret == "" {
		return finance.CodeParam
	}
	f.inited = true
	return 0
}

func (f *fakeNative) GetChatData(seq uint64, limit int, _, _ string, _ int) ([]byte, int) {
	if limit > 1000 {
		return nil, finance.CodeParam
	}
	if seq > 0 {
		return []byte(`{"errcode":0,"errmsg":"ok","chatdata":[]}`), 0
	}
	return []byte(`{"errcode":0,"errmsg":"ok","chatdata":[{"seq":1,"msgid":"m1","publickey_ver":2,"encrypt_random_key":"k","encrypt_chat_msg":"c"}]}`), 0
}

func (f *fakeNative) DecryptData(key, msg string) ([]byte, int) {
	if key == "" {
		return nil, finance.CodeBadEncryptKey
	}
	return []byte(`{"msgid":"m1"}`), 0
}

func (f *fakeNative) GetMediaData(indexbuf, id, _, _ string, _ int) (Media, int) {
	switch id {
	case "crash":
		_ = syscall.Kill(os.Getpid(), syscall.SIGSEGV)
		select {}
	case "expired":
		return Media{}, finance.CodeExpired
	}
	if indexbuf == "" {
		return Media{Data: []byte{1, 2}, OutIndexBuf: "Range:bytes=2-3"}, 0
	}
	return Media{Data: []byte{3, 4}, Finish: true}, 0
}

func (f *fakeNative) Destroy() {}

// TestWorkerChild is the worker process of the tests below.
func TestWorkerChild(t *testing.T) {
	if os.Getenv(envChild) == "" {
		t.Skip("worker process of TestClientSurvivesWorkerCrash")
	}
	_ = ServeWorker(os.Stdin, os.Stdout, &fakeNative{})
	os.Exit(0)
}

func newTestClient(t *testing.T) *Client {
	t.Helper()
	t.Setenv(envChild, "1")
	c := NewClient([]string{os.Args[0], "-test.run=^TestWorkerChild$"}, "wwcorp", "secret")
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestClientSurvivesWorkerCrash(t *testing.T) {
	ctx := context.Background()
	c := newTestClient(t)
	recs, err := c.GetChatData(ctx, finance.ChatRequest{Limit: 100})
	if err != nil || len(recs) != 1 || recs[0].PublicKeyVer != 2 {
		t.Fatalf("GetChatData = %+v, %v", recs, err)
	}
	pid := c.cmd.Process.Pid
	if _, err := c.GetMediaData(ctx, "crash", ""); !finance.IsTransient(err) {
		t.Fatalf("crash: err = %v, want transient", err)
	}
	if _, err := c.GetMediaData(ctx, "expired", ""); finance.CodeOf(err) != finance.CodeExpired {
		t.Fatalf("expired: err = %v", err)
	}
	if c.cmd.Process.Pid == pid {
		t.Fatal("worker was not restarted after the crash")
	}
	ch, err := c.GetMediaData(ctx, "f", "")
	if err != nil || ch.Finish || ch.OutIndexBuf != "Range:bytes=2-3" {
		t.Fatalf("chunk 1 = %+v, %v", ch, err)
	}
	if ch, err = c.GetMediaData(ctx, "f", ch.OutIndexBuf); err != nil || !ch.Finish {
		t.Fatalf("chunk 2 = %+v, %v", ch, err)
	}
	if _, err := c.DecryptData(ctx, "", "x"); finance.CodeOf(err) != finance.CodeBadEncryptKey {
		t.Fatalf("decrypt: %v", err)
	}
}

func TestClientInitError(t *testing.T) {
	c := newTestClient(t)
	c.Secret = ""
	if _, err := c.GetChatData(context.Background(), finance.ChatRequest{Limit: 1}); finance.CodeOf(err) != finance.CodeParam {
		t.Fatalf("err = %v, want 10000", err)
	}
}
