package wecomsim

import (
	"testing"
	"time"
)

// TestFailTransfers: a customer set to fail answers that errcode at every
// submission until lifted, then starts like any other; each submission is
// counted.
func TestFailTransfers(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{TransferDelay: time.Hour})
	d := h.s.Directory()
	var f FollowRelation
	for _, x := range d.Follows() {
		if u, ok := d.User(x.UserID); ok && u.Status == StatusActive && x.Status == FollowActive {
			f = x
			break
		}
	}
	if f.UserID == "" {
		t.Fatal("seed has no active member with a customer")
	}
	tk := takeoverFor(t, h.s, f.UserID)
	submit := func() int {
		r := h.api("externalcontact/transfer_customer", nil, map[string]any{"handover_userid": f.UserID, "takeover_userid": tk.UserID,
			"external_userid": []string{f.ExternalUserID}})
		expect(t, r, 0)
		return num(r["customer"].([]any)[0].(map[string]any)["errcode"])
	}
	d.FailTransfers(40099, f.ExternalUserID)
	if got := submit(); got != 40099 {
		t.Fatalf("failed customer: errcode %d, want 40099", got)
	}
	d.FailTransfers(0, f.ExternalUserID)
	if got := submit(); got != 0 {
		t.Fatalf("lifted: errcode %d, want 0", got)
	}
	if n := d.TransferSubmissions(f.ExternalUserID); n != 2 {
		t.Fatalf("submissions %d, want 2", n)
	}
}

// TestSetTransferOutcomes: with every transfer refused, a settled transfer
// is refused.
func TestSetTransferOutcomes(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	h := newHarness(t, Options{TransferDelay: time.Minute, Clock: func() time.Time { return now }})
	d := h.s.Directory()
	d.SetTransferOutcomes(1, 0)
	var f FollowRelation
	for _, x := range d.Follows() {
		if u, ok := d.User(x.UserID); ok && u.Status == StatusActive && x.Status == FollowActive {
			f = x
			break
		}
	}
	tk := takeoverFor(t, h.s, f.UserID)
	body := map[string]any{"handover_userid": f.UserID, "takeover_userid": tk.UserID, "external_userid": []string{f.ExternalUserID}}
	expect(t, h.api("externalcontact/transfer_customer", nil, body), 0)
	now = now.Add(2 * time.Minute)
	d.settleTransfers()
	found := false
	for _, x := range d.Transfers() {
		if x.ExternalUserID == f.ExternalUserID {
			found = true
			if x.Status != TransferRefused {
				t.Fatalf("transfer status %d, want refused (%d)", x.Status, TransferRefused)
			}
		}
	}
	if !found {
		t.Fatal("no transfer started")
	}
}
