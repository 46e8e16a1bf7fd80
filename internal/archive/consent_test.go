package archive_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim/archivesim"
)

// fakeAudit answers msgaudit calls: every pair agrees except refuse, and
// the last pair of a batch gets no answer at all, which the simulator
// (it answers every pair it knows) cannot produce.
type fakeAudit struct {
	permit []string
	refuse string // external_userid that disagrees
	calls  int
}

func (f *fakeAudit) GetPermitUserList(context.Context, int) ([]string, error) { return f.permit, nil }

func (f *fakeAudit) CheckSingleAgree(_ context.Context, pairs []wecom.AgreePair) ([]wecom.AgreeInfo, error) {
	var out []wecom.AgreeInfo
	for _, p := range pairs[:len(pairs)-1] { // the last pair has no answer: "no consent"
		st := "Agree"
		if p.ExternalOpenID == f.refuse {
			st = "Disagree"
		}
		out = append(out, wecom.AgreeInfo{UserID: p.UserID, ExternalOpenID: p.ExternalOpenID, AgreeStatus: st, StatusChangeTime: 1700000000})
	}
	return out, nil
}

func (f *fakeAudit) CheckRoomAgree(_ context.Context, roomID string) ([]wecom.AgreeInfo, error) {
	return []wecom.AgreeInfo{{ExternalOpenID: "wmX" + roomID, AgreeStatus: "Default_Agree", StatusChangeTime: 1700000000}}, nil
}

func (f *fakeAudit) GetAuditGroupChat(_ context.Context, roomID string) (*wecom.AuditGroupChat, error) {
	f.calls++
	if roomID == "" {
		return nil, errors.New("no room")
	}
	return &wecom.AuditGroupChat{RoomName: "群 " + roomID, Creator: "zhangwei", Members: []wecom.AuditMember{{MemberID: "zhangwei"}}}, nil
}

func TestConsentSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		a, _ := archivesim.Generate(keyRing(), archivesim.Options{Seed: 1})
		r := newRig(t, b.Store, a, rigOpts{})
		if _, err := r.in.SyncOnce(ctx, testCorp); err != nil {
			t.Fatal(err)
		}
		convs, _ := b.Store.Conversations(ctx, testCorp)
		var refuse string
		for _, c := range convs {
			if c.Kind == "single" && archive.IsExternal(c.Participants[1]) {
				refuse = c.Participants[1]
				break
			}
		}
		api := &fakeAudit{permit: []string{"zhangwei", "liuyang"}, refuse: refuse}
		s := archive.NewConsentSyncer(func(context.Context, string) (archive.MsgAudit, error) { return api, nil }, b.Store, nil)
		res, err := s.Sync(ctx, testCorp)
		if err != nil {
			t.Fatal(err)
		}
		if res.PermitUsers != 2 || res.Checked == 0 || res.Changed != res.Checked || res.NoConsent != 1 || res.RoomsFetched != 4 {
			t.Fatalf("first sync %+v", res)
		}
		again, err := s.Sync(ctx, testCorp)
		if err != nil || again.Changed != 0 || again.RoomsFetched != 0 || api.calls != 4 {
			t.Fatalf("second sync %+v (room calls %d), %v; want no changes, rooms cached", again, api.calls, err)
		}
		convs, _ = b.Store.Conversations(ctx, testCorp)
		counts := map[string]int{}
		for _, c := range convs {
			counts[c.Consent]++
		}
		if counts["refused"] < 1 || counts["none"] != 1 || counts["agreed"] == 0 {
			t.Fatalf("conversation consent %v", counts)
		}
		h, err := b.Store.ConsentHistory(ctx, testCorp, refuse)
		if err != nil || len(h) == 0 || h[0].Status != "Disagree" {
			t.Fatalf("history %+v %v", h, err)
		}
		users, _ := b.Store.PermitUsers(ctx, testCorp)
		if len(users) != 2 {
			t.Fatalf("permit users %v", users)
		}
	})
}
