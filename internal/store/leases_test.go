package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

func TestLeaseAcquireRenewFenceRelease(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		a, ok, err := st.AcquireLease(ctx, "archive:c1", "r1", time.Minute)
		if err != nil || !ok || a.Epoch != 1 || a.Holder != "r1" {
			t.Fatalf("first acquire = %+v %v %v", a, ok, err)
		}
		if _, ok, _ := st.AcquireLease(ctx, "archive:c1", "r2", time.Minute); ok {
			t.Fatal("r2 took a live lease of r1")
		}
		again, ok, err := st.AcquireLease(ctx, "archive:c1", "r1", time.Minute)
		if err != nil || !ok || again.Epoch != 1 {
			t.Fatalf("holder re-acquire = %+v %v %v (epoch must stay)", again, ok, err)
		}
		if err := st.RenewLease(ctx, "archive:c1", "r1", 1, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := st.WithTx(ctx, func(ctx context.Context) error { return st.CheckLease(ctx, "archive:c1", "r1", 1, time.Minute) }); err != nil {
			t.Fatalf("fence of the holder: %v", err)
		}
		// r1's lease expires (ttl 0 renew): r2 takes over with the next epoch.
		if err := st.RenewLease(ctx, "archive:c1", "r1", 1, -time.Second); err != nil {
			t.Fatal(err)
		}
		b2, ok, err := st.AcquireLease(ctx, "archive:c1", "r2", time.Minute)
		if err != nil || !ok || b2.Epoch != 2 || b2.Holder != "r2" {
			t.Fatalf("takeover = %+v %v %v", b2, ok, err)
		}
		for name, err := range map[string]error{
			"fence": st.CheckLease(ctx, "archive:c1", "r1", 1, time.Minute),
			"renew": st.RenewLease(ctx, "archive:c1", "r1", 1, time.Minute),
		} {
			if !errors.Is(err, store.ErrWorkLeaseLost) {
				t.Errorf("old holder %s: err = %v, want ErrWorkLeaseLost", name, err)
			}
		}
		if err := st.ReleaseLease(ctx, "archive:c1", "r2", 2); err != nil {
			t.Fatal(err)
		}
		if err := st.CheckLease(ctx, "archive:c1", "r2", 2, time.Minute); !errors.Is(err, store.ErrWorkLeaseLost) {
			t.Fatalf("released lease still fences in: %v", err)
		}
		c, ok, err := st.AcquireLease(ctx, "archive:c1", "r2", time.Minute)
		if err != nil || !ok || c.Epoch != 3 {
			t.Fatalf("re-acquire after release = %+v %v %v (a release ends the epoch)", c, ok, err)
		}
		ls, err := st.Leases(ctx)
		if err != nil || len(ls) != 1 || ls[0].Holder != "r2" {
			t.Fatalf("Leases = %+v %v", ls, err)
		}
	})
}

func TestReplicasHeartbeat(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		for _, id := range []string{"r1", "r2"} {
			if err := b.Store.HeartbeatReplica(ctx, id, "v1"); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Store.LeaveReplica(ctx, "r1"); err != nil {
			t.Fatal(err)
		}
		rs, err := b.Store.LiveReplicas(ctx, time.Minute)
		if err != nil || len(rs) != 1 || rs[0].ID != "r2" {
			t.Fatalf("LiveReplicas = %+v %v", rs, err)
		}
	})
}
