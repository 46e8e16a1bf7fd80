//go:build financesdk

package sdk

import (
	"context"
	"os"
	"testing"

	"wecomadmin/internal/finance"
)

const envCgoChild = "FINANCE_SDK_CGO_CHILD"

// TestNativeWorkerChild serves the stub library in a worker process.
func TestNativeWorkerChild(t *testing.T) {
	if os.Getenv(envCgoChild) == "" {
		t.Skip("worker process")
	}
	n, _ := NewNative()
	_ = ServeWorker(os.Stdin, os.Stdout, n)
	os.Exit(0)
}

// TestNativeStubThroughWorker drives the cgo adapter (linked to the stub
// library) through the worker, including a segfault in GetMediaData.
func TestNativeStubThroughWorker(t *testing.T) {
	t.Setenv(envCgoChild, "1")
	c := NewClient([]string{os.Args[0], "-test.run=^TestNativeWorkerChild$"}, "wwcorp", "secret")
	defer c.Close()
	ctx := context.Background()
	recs, err := c.GetChatData(ctx, finance.ChatRequest{Limit: 1000})
	if err != nil || len(recs) != 1 || recs[0].MsgID != "stub1" {
		t.Fatalf("GetChatData = %+v, %v", recs, err)
	}
	plain, err := c.DecryptData(ctx, "key", recs[0].EncryptChatMsg)
	if err != nil || len(plain) == 0 {
		t.Fatalf("DecryptData = %s, %v", plain, err)
	}
	if _, err := c.GetMediaData(ctx, "crash", ""); !finance.IsTransient(err) {
		t.Fatalf("segfault: %v, want transient", err)
	}
	ch, err := c.GetMediaData(ctx, "file", "")
	if err != nil || !ch.Finish || len(ch.Data) != 4 {
		t.Fatalf("after crash: %+v, %v", ch, err)
	}
	if _, err := c.GetMediaData(ctx, "expired", ""); finance.CodeOf(err) != finance.CodeExpired {
		t.Fatalf("expired: %v", err)
	}
}
