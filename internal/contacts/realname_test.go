package contacts

import (
	"context"
	"sync"
	"testing"

	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
)

// realNameRec is a MemberChanges that also hears real-name refusals.
type realNameRec struct {
	mu    sync.Mutex
	users []string
}

func (r *realNameRec) MemberChanged(context.Context, string, string, string, string) error {
	return nil
}

func (r *realNameRec) RealNameUnverified(_ context.Context, corpID, userID string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.users = append(r.users, corpID+"/"+userID)
	return nil
}

// TestTakeoverNotRealNameIsRecorded: WeCom refuses a takeover member who
// has not verified their real name (40098); the accounts feature is told,
// since user/get never says so.
func TestTakeoverNotRealNameIsRecorded(t *testing.T) {
	t.Parallel()
	e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{TransferRetry: 1})
	rec := &realNameRec{}
	e.svc.members = rec
	e.fake.takerCode = map[string]int{"carol": wecom.CodeNotRealName}
	ctx := context.Background()
	if _, err := e.svc.CreateTransfer(ctx, TransferRequest{CorpID: tCorp, Kind: TransferOnJob, HandoverUserID: "alice",
		TakeoverUserID: "carol", Customers: []string{"wm001"}}, "manager1"); err != nil {
		t.Fatal(err)
	}
	_ = e.svc.StepTransfers(ctx)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.users) == 0 || rec.users[0] != tCorp+"/carol" {
		t.Fatalf("real-name refusals heard: %v", rec.users)
	}
}
