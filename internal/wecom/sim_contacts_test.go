package wecom_test

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim"
)

// takeoverCandidate finds a member the simulator lets take customers over.
func takeoverCandidate(t *testing.T, dir *wecomsim.Directory, not string) string {
	t.Helper()
	for _, u := range dir.Users() {
		if u.UserID != not && u.Status == wecomsim.StatusActive && u.RealNameVerified && u.CustomerContact {
			return u.UserID
		}
	}
	t.Fatal("no takeover candidate in the seeded corp")
	return ""
}

func TestSimExternalContacts(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 11})
	c := simClient(t, sim, srv, nil)
	ctx := context.Background()

	follow, err := c.ListFollowUsers(ctx)
	if err != nil || len(follow) == 0 {
		t.Fatalf("get_follow_user_list: %d, %v", len(follow), err)
	}
	var userID string
	var ids []string
	for _, u := range follow {
		if ids, err = c.ListExternalContacts(ctx, u); err != nil {
			t.Fatalf("externalcontact/list: %v", err)
		}
		if len(ids) > 0 {
			userID = u
			break
		}
	}
	if userID == "" {
		t.Fatal("no follow user with customers")
	}
	d, err := c.GetExternalContactAll(ctx, ids[0])
	if err != nil || d.ExternalContact.ExternalUserID != ids[0] || len(d.FollowUser) == 0 {
		t.Fatalf("externalcontact/get: %+v, %v", d, err)
	}
	if d.ExternalContact.Type == wecom.ContactWeCom && d.ExternalContact.UnionID != "" {
		t.Fatal("unionid on a WeCom-type contact")
	}
	n := 0
	for cf, err := range c.ContactsByUser(ctx, []string{userID}, 7) {
		if err != nil {
			t.Fatalf("batch/get_by_user: %v", err)
		}
		if cf.FollowInfo.UserID != userID {
			t.Fatalf("follow_info of %q", cf.FollowInfo.UserID)
		}
		n++
	}
	if n != len(ids) {
		t.Fatalf("batch/get_by_user walked %d customers, list has %d", n, len(ids))
	}
	if err := c.RemarkExternalContact(ctx, wecom.Remark{UserID: userID, ExternalUserID: ids[0], Remark: "王主任", Description: "肿瘤科"}); err != nil {
		t.Fatalf("externalcontact/remark: %v", err)
	}
	if f, _ := sim.Directory().Follow(userID, ids[0]); f.Remark != "王主任" {
		t.Fatalf("remark not applied: %+v", f)
	}
	if _, err := c.GetExternalContact(ctx, "wmNOSUCHCONTACT", ""); err == nil {
		t.Fatal("externalcontact/get of an unknown id succeeded")
	}

	var code struct {
		WelcomeCode string `json:"welcome_code"`
	}
	simPost(t, srv, "/sim/welcome_code", map[string]string{"userid": userID, "external_userid": ids[0]}, &code)
	msg := wecom.WelcomeMsg{WelcomeCode: code.WelcomeCode, Text: &wecom.TextContent{Content: "您好，我是您的医学联络人"}}
	if err := c.SendWelcomeMsg(ctx, msg); err != nil {
		t.Fatalf("send_welcome_msg: %v", err)
	}
	if err := c.SendWelcomeMsg(ctx, msg); !errors.Is(err, wecom.ErrWelcomeCodeExpired) {
		t.Fatalf("welcome code reused: %v", err)
	}
}

func TestSimGroupChatsAndArchive(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 12})
	c := simClient(t, sim, srv, nil)
	ctx := context.Background()
	dir := sim.Directory()

	var chats []string
	for g, err := range c.GroupChats(ctx, wecom.GroupChatFilter{Limit: 13}) {
		if err != nil {
			t.Fatalf("groupchat/list: %v", err)
		}
		chats = append(chats, g.ChatID)
	}
	if len(chats) == 0 {
		t.Fatal("no customer group chats")
	}
	g, err := c.GetGroupChat(ctx, chats[0], true)
	if err != nil || g.ChatID != chats[0] || len(g.MemberList) == 0 {
		t.Fatalf("groupchat/get: %+v, %v", g, err)
	}

	permit, err := c.GetPermitUserList(ctx, wecom.ArchiveAllEditions)
	if err != nil || len(permit) != len(dir.PermitUsers(0)) {
		t.Fatalf("get_permit_user_list: %d (want %d), %v", len(permit), len(dir.PermitUsers(0)), err)
	}
	var pairs []wecom.AgreePair
	for _, f := range dir.Follows() {
		if f.Visible() {
			pairs = append(pairs, wecom.AgreePair{UserID: f.UserID, ExternalOpenID: f.ExternalUserID})
		}
		if len(pairs) == 3 {
			break
		}
	}
	agree, err := c.CheckSingleAgree(ctx, pairs)
	if err != nil || len(agree) != len(pairs) || agree[0].ExternalOpenID == "" || agree[0].AgreeStatus == "" {
		t.Fatalf("check_single_agree: %+v, %v", agree, err)
	}
	if _, err := c.CheckRoomAgree(ctx, chats[0]); err != nil {
		t.Fatalf("check_room_agree: %v", err)
	}
	var internal string
	for _, ch := range dir.GroupChats() {
		if ch.Internal {
			internal = ch.ChatID
			break
		}
	}
	if internal == "" {
		t.Fatal("no internal group in the seeded corp")
	}
	{
		room, err := c.GetAuditGroupChat(ctx, internal)
		if err != nil || len(room.Members) == 0 {
			t.Fatalf("msgaudit/groupchat/get: %+v, %v", room, err)
		}
	}
	if robots := dir.Robots(); len(robots) == 0 {
		t.Fatal("no robots in the seeded corp")
	} else {
		r, err := c.GetRobotInfo(ctx, robots[0].RobotID)
		if err != nil || r.Name != robots[0].Name {
			t.Fatalf("get_robot_info: %+v, %v", r, err)
		}
	}
}

func TestSimTransfers(t *testing.T) {
	t.Parallel()
	sim, srv := startSim(t, wecomsim.Options{Seed: 12})
	c := simClient(t, sim, srv, nil)
	ctx := context.Background()
	dir := sim.Directory()

	// On-job: a follow user with customers hands two to a colleague.
	var handover string
	var ids []string
	follow, err := c.ListFollowUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range follow {
		if ids, _ = c.ListExternalContacts(ctx, u); len(ids) >= 2 {
			handover = u
			break
		}
	}
	takeover := takeoverCandidate(t, dir, handover)
	started, err := c.TransferCustomer(ctx, wecom.Transfer{HandoverUserID: handover, TakeoverUserID: takeover, ExternalUserID: ids[:2], TransferSuccessMsg: "您好"})
	if err != nil || len(started) != 2 {
		t.Fatalf("transfer_customer: %+v, %v", started, err)
	}
	n := 0
	for st, err := range c.TransferResults(ctx, false, handover, takeover) {
		if err != nil {
			t.Fatalf("transfer_result: %v", err)
		}
		if st.Status < 1 || st.Status > 5 {
			t.Fatalf("status %d", st.Status)
		}
		n++
	}
	if n == 0 {
		t.Fatal("transfer_result listed nothing")
	}

	// Resigned: customers of members who left.
	var un []wecom.Unassigned
	for u, err := range c.UnassignedCustomers(ctx, 50) {
		if err != nil {
			t.Fatalf("get_unassigned_list: %v", err)
		}
		un = append(un, u)
	}
	if len(un) == 0 {
		t.Fatal("no unassigned customers in the seeded corp")
	}
	rTake := takeoverCandidate(t, dir, un[0].HandoverUserID)
	if _, err := c.ResignedTransferCustomer(ctx, wecom.Transfer{HandoverUserID: un[0].HandoverUserID, TakeoverUserID: rTake, ExternalUserID: []string{un[0].ExternalUserID}}); err != nil {
		t.Fatalf("resigned/transfer_customer: %v", err)
	}
	for _, err := range c.TransferResults(ctx, true, un[0].HandoverUserID, rTake) {
		if err != nil {
			t.Fatalf("resigned/transfer_result: %v", err)
		}
	}
	if _, err := c.ResignedTransferCustomer(ctx, wecom.Transfer{HandoverUserID: takeover, TakeoverUserID: rTake, ExternalUserID: []string{un[0].ExternalUserID}}); wecom.Code(err) != 40097 {
		t.Fatalf("resigned transfer from an employed member: %v, want errcode 40097", err)
	}

	// Groups: resigned owners' groups via transfer, employed owners' via onjob_transfer.
	var resignedChats []string
	for g, err := range c.GroupChats(ctx, wecom.GroupChatFilter{StatusFilter: wecomsim.ChatOwnerResigned, Limit: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		resignedChats = append(resignedChats, g.ChatID)
	}
	if len(resignedChats) == 0 {
		t.Fatal("no group chats of resigned owners")
	}
	if failed, err := c.TransferGroupChats(ctx, resignedChats[:1], rTake); err != nil || len(failed) != 0 {
		t.Fatalf("groupchat/transfer: %+v, %v", failed, err)
	}
	var onjob string
	for _, ch := range dir.GroupChats() {
		if owner, ok := dir.User(ch.Owner); ok && !ch.Internal && !ch.Dismissed && owner.Status == wecomsim.StatusActive && ch.Owner != rTake {
			onjob = ch.ChatID
			break
		}
	}
	if onjob == "" {
		t.Fatal("no group chat of an employed owner")
	}
	{
		failed, err := c.OnJobTransferGroupChats(ctx, []string{onjob}, rTake)
		if err != nil || len(failed) != 0 {
			t.Fatalf("groupchat/onjob_transfer: %+v, %v", failed, err)
		}
	}
}
