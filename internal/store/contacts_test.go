package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestInboxDedupeClaimAndRetry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, ctx := b.Store, context.Background()
		for i := 0; i < 50; i++ {
			it := store.InboxItem{CorpID: "wwc", DedupeKey: fmt.Sprint("k", i%40), Event: "e", Payload: "<xml/>"}
			if _, dup, err := s.InsertInbox(ctx, it); err != nil || dup != (i >= 40) {
				t.Fatalf("insert %d: dup=%v %v", i, dup, err)
			}
		}
		// Two concurrent claimers never share an item.
		seen := map[int64]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				items, err := s.ClaimInbox(ctx, 30, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for _, it := range items {
					seen[it.ID]++
				}
			}()
		}
		wg.Wait()
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("item %d claimed %d times", id, n)
			}
		}
		if len(seen) != 40 {
			t.Fatalf("claimed %d of 40", len(seen))
		}
		var first int64
		for id := range seen {
			first = id
			break
		}
		if err := s.FailInbox(ctx, first, "boom", time.Now().Add(-time.Second), false); err != nil {
			t.Fatal(err)
		}
		again, err := s.ClaimInbox(ctx, 10, time.Minute)
		if err != nil || len(again) != 1 || again[0].ID != first || again[0].Attempts != 1 || again[0].LastError != "boom" {
			t.Fatalf("retry claim: %+v %v", again, err)
		}
		if err := s.CompleteInbox(ctx, first); err != nil {
			t.Fatal(err)
		}
		c, err := s.InboxCounts(ctx, "wwc")
		if err != nil || c["done"] != 1 || c["pending"] != 39 || c["duplicates"] != 10 {
			t.Fatalf("counts %v %v", c, err)
		}
		if n, err := s.PurgeInbox(ctx, time.Now().Add(time.Hour).UnixMilli()); err != nil || n != 1 {
			t.Fatalf("purge %d %v", n, err)
		}
	})
}

func TestWelcomeClaimOnce(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		s, ctx := b.Store, context.Background()
		w := store.WelcomeSend{CorpID: "wwc", WelcomeCode: "c1", UserID: "u", ExternalUserID: "wm", ReceivedAt: 1}
		ok1, err1 := s.ClaimWelcomeSend(ctx, w)
		ok2, err2 := s.ClaimWelcomeSend(ctx, w)
		if !ok1 || ok2 || err1 != nil || err2 != nil {
			t.Fatalf("claims %v %v %v %v", ok1, ok2, err1, err2)
		}
		w.Status, w.DelayMS, w.SentAt = "sent", 42, 43
		if err := s.FinishWelcomeSend(ctx, w); err != nil {
			t.Fatal(err)
		}
		ws, err := s.ListWelcomeSends(ctx, "wwc", "sent", 10)
		if err != nil || len(ws) != 1 || ws[0].DelayMS != 42 {
			t.Fatalf("%+v %v", ws, err)
		}
		storetest.SeedCorp(t, s, "wwc", "main")
		if _, err := s.SaveWelcomeTemplate(ctx, store.WelcomeTemplate{CorpID: "wwc", Name: "a", Text: "x", Enabled: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveWelcomeTemplate(ctx, store.WelcomeTemplate{CorpID: "wwc", Name: "b", Text: "y"}); err == nil {
			t.Fatal("second template for the same department accepted")
		}
	})
}
