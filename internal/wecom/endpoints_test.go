package wecom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

// TestSecretKindPerEndpoint checks that each endpoint uses the token of the
// secret section 0 of the reference asks for, with the fallbacks.
func TestSecretKindPerEndpoint(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	all := map[SecretKind]string{Contacts: "sec-contacts", App: "sec-app", Archive: "sec-archive", CustomerContact: "sec-cc"}
	noCC := map[SecretKind]string{Contacts: "sec-contacts", App: "sec-app", Archive: "sec-archive"}
	onlyContacts := map[SecretKind]string{Contacts: "sec-contacts"}
	tests := []struct {
		endpoint string
		secrets  map[SecretKind]string
		call     func(c *Client) error
		want     string
	}{
		{"user/create", all, func(c *Client) error { return c.CreateUser(ctx, UserInput{UserID: "a"}) }, "sec-contacts"},
		{"user/update", all, func(c *Client) error { return c.UpdateUser(ctx, UserInput{UserID: "a"}) }, "sec-contacts"},
		{"user/delete", all, func(c *Client) error { return c.DeleteUser(ctx, "a") }, "sec-contacts"},
		{"user/list_id", all, func(c *Client) error { _, err := c.ListUserIDs(ctx, "", 10); return err }, "sec-contacts"},
		{"user/get", all, func(c *Client) error { _, err := c.GetUser(ctx, "a"); return err }, "sec-app"},
		{"user/get", onlyContacts, func(c *Client) error { _, err := c.GetUser(ctx, "a"); return err }, "sec-contacts"},
		{"department/list", all, func(c *Client) error { _, err := c.ListDepartments(ctx, 0); return err }, "sec-app"},
		{"auth/get_tfa_info", all, func(c *Client) error { _, err := c.GetTFAInfo(ctx, "x"); return err }, "sec-app"},
		{"user/authsucc", onlyContacts, func(c *Client) error { return c.AuthSucc(ctx, "a") }, "sec-contacts"},
		{"externalcontact/list", all, func(c *Client) error { _, err := c.ListExternalContacts(ctx, "a"); return err }, "sec-cc"},
		{"externalcontact/list", noCC, func(c *Client) error { _, err := c.ListExternalContacts(ctx, "a"); return err }, "sec-app"},
		{"externalcontact/send_welcome_msg", noCC, func(c *Client) error { return c.SendWelcomeMsg(ctx, WelcomeMsg{WelcomeCode: "x"}) }, "sec-app"},
		{"msgaudit/get_permit_user_list", all, func(c *Client) error { _, err := c.GetPermitUserList(ctx, 0); return err }, "sec-archive"},
		{"msgaudit/get_robot_info", all, func(c *Client) error { _, err := c.GetRobotInfo(ctx, "wbX"); return err }, "sec-archive"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d %s", i, tt.endpoint), func(t *testing.T) {
			t.Parallel()
			f := newFake(t, "sec-contacts", "sec-app", "sec-archive", "sec-cc")
			c := testClient(t, f, func(o *Options) { o.Secrets = tt.secrets })
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			f.mu.Lock()
			got := f.usedToken[tt.endpoint]
			f.mu.Unlock()
			if got != tt.want {
				t.Fatalf("token of %q, want %q", got, tt.want)
			}
		})
	}
}

func answer(body string) fakeHandler {
	return func(http.ResponseWriter, *http.Request, int) string { return body }
}

// TestResponsesDecoded checks the documented response field names.
func TestResponsesDecoded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		endpoint string
		body     string
		call     func(c *Client) (any, error)
		want     any
	}{
		{"user/get", `{"errcode":0,"errmsg":"ok","userid":"zhangsan","name":"张三","department":[1,2],"order":[1,2],"position":"后台工程师","mobile":"13800000000","gender":"1","email":"zs@example.com","is_leader_in_dept":[1,0],"direct_leader":["lisi"],"status":1,"main_department":1,"extattr":{"attrs":[{"type":0,"name":"文本名称","text":{"value":"文本"}}]}}`,
			func(c *Client) (any, error) { return c.GetUser(ctx, "zhangsan") },
			&User{UserID: "zhangsan", Name: "张三", Department: []int64{1, 2}, Order: []int64{1, 2}, Position: "后台工程师", Mobile: "13800000000", Gender: "1", Email: "zs@example.com",
				IsLeaderInDept: []int{1, 0}, DirectLeader: []string{"lisi"}, Status: UserActive, MainDepartment: 1, ExtAttr: &ExtAttr{Attrs: []Attr{{Name: "文本名称", Text: &AttrText{Value: "文本"}}}}}},
		{"department/simplelist", `{"errcode":0,"errmsg":"ok","department_id":[{"id":2,"parentid":1,"order":10},{"id":3,"parentid":2,"order":40}]}`,
			func(c *Client) (any, error) { return c.SimpleListDepartments(ctx, 0) },
			[]DepartmentRef{{2, 1, 10}, {3, 2, 40}}},
		{"department/get", `{"errcode":0,"errmsg":"ok","department":{"id":2,"name":"广州研发中心","name_en":"RDGZ","department_leader":["zhangsan","lisi"],"parentid":1,"order":10}}`,
			func(c *Client) (any, error) { return c.GetDepartment(ctx, 2) },
			&Department{ID: 2, Name: "广州研发中心", NameEn: "RDGZ", DepartmentLeader: []string{"zhangsan", "lisi"}, ParentID: 1, Order: 10}},
		{"auth/get_tfa_info", `{"errcode":0,"errmsg":"ok","userid":"zhangsan","tfa_code":"TFA"}`,
			func(c *Client) (any, error) { return c.GetTFAInfo(ctx, "CODE") }, &TFAInfo{UserID: "zhangsan", TFACode: "TFA"}},
		{"externalcontact/get", `{"errcode":0,"errmsg":"ok","external_contact":{"external_userid":"woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","name":"李四","type":1,"gender":1,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuasdAAA"},"follow_user":[{"userid":"rocky","remark":"李部长","description":"对接采购","createtime":1525779812,"tags":[{"group_name":"标签分组名称","tag_name":"标签名称","tag_id":"etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA","type":1}],"remark_corp_name":"腾讯科技","remark_mobiles":["13800000001"],"oper_userid":"rocky","add_way":1,"state":"外联二维码1"}],"next_cursor":"NEXT"}`,
			func(c *Client) (any, error) { return c.GetExternalContact(ctx, "wo", "") },
			&ExternalContactDetail{ExternalContact: ExternalContact{ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Name: "李四", Type: ContactWeChat, Gender: 1, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA"},
				FollowUser: []FollowUser{{UserID: "rocky", Remark: "李部长", Description: "对接采购", CreateTime: 1525779812,
					Tags: []FollowTag{{GroupName: "标签分组名称", TagName: "标签名称", TagID: "etAJ2GCAAAXtWyujaWJHDDGi0mACHAAA", Type: 1}}, RemarkCorpName: "腾讯科技",
					RemarkMobiles: []string{"13800000001"}, OperUserID: "rocky", AddWay: 1, State: "外联二维码1"}}, NextCursor: "NEXT"}},
		{"externalcontact/groupchat/get", `{"errcode":0,"errmsg":"ok","group_chat":{"chat_id":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","name":"销售客服群","owner":"ZhuShengBen","create_time":1572505490,"notice":"文档","member_list":[{"userid":"abel","type":1,"join_time":1572505491,"join_scene":1,"invitor":{"userid":"jack"},"group_nickname":"客服小张","name":"张三丰"},{"userid":"wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA","type":2,"unionid":"ozynqsulJFCZ2z1aYeS8h-nuasdAAA","join_time":1572505491,"join_scene":1}],"admin_list":[{"userid":"sam"}],"member_version":"71217227bbd112ecfe3a49c482195cb4"}}`,
			func(c *Client) (any, error) { return c.GetGroupChat(ctx, "wr", true) },
			&GroupChat{ChatID: "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", Name: "销售客服群", Owner: "ZhuShengBen", CreateTime: 1572505490, Notice: "文档",
				MemberList: []GroupMember{{UserID: "abel", Type: 1, JoinTime: 1572505491, JoinScene: 1, Invitor: &GroupAdmin{UserID: "jack"}, GroupNickname: "客服小张", Name: "张三丰"},
					{UserID: "wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA", Type: 2, UnionID: "ozynqsulJFCZ2z1aYeS8h-nuasdAAA", JoinTime: 1572505491, JoinScene: 1}},
				AdminList: []GroupAdmin{{UserID: "sam"}}, MemberVersion: "71217227bbd112ecfe3a49c482195cb4"}},
		{"msgaudit/check_single_agree", `{"errcode":0,"errmsg":"ok","agreeinfo":[{"status_change_time":1562766651,"userid":"XuJinSheng","exteranalopenid":"wmeDKaCPAAGdvxciQWxVsAKwV2HxNAAA","agree_status":"Agree"}]}`,
			func(c *Client) (any, error) { return c.CheckSingleAgree(ctx, nil) },
			[]AgreeInfo{{UserID: "XuJinSheng", ExternalOpenID: "wmeDKaCPAAGdvxciQWxVsAKwV2HxNAAA", AgreeStatus: Agree, StatusChangeTime: 1562766651}}},
		{"msgaudit/groupchat/get", `{"roomname":"蓦然回首","creator":"ZhangWenChao","room_create_time":1592361604,"notice":"","members":[{"memberid":"ZhangWenChao","jointime":1592361605}],"errcode":0,"errmsg":"ok"}`,
			func(c *Client) (any, error) { return c.GetAuditGroupChat(ctx, "wr") },
			&AuditGroupChat{RoomName: "蓦然回首", Creator: "ZhangWenChao", RoomCreateTime: 1592361604, Members: []AuditMember{{MemberID: "ZhangWenChao", JoinTime: 1592361605}}}},
		{"msgaudit/get_robot_info", `{"errcode":0,"errmsg":"ok","data":{"robot_id":"wbjc7bDwAAJVylUKpSA3Z5U11tDO4AAA","name":"机器人","creator_userid":"zhangsan"}}`,
			func(c *Client) (any, error) { return c.GetRobotInfo(ctx, "wb") },
			&RobotInfo{RobotID: "wbjc7bDwAAJVylUKpSA3Z5U11tDO4AAA", Name: "机器人", CreatorUserID: "zhangsan"}},
		{"externalcontact/transfer_customer", `{"errcode":0,"errmsg":"ok","customer":[{"external_userid":"wmA","errcode":0},{"external_userid":"wmB","errcode":40096}]}`,
			func(c *Client) (any, error) {
				return c.TransferCustomer(ctx, Transfer{HandoverUserID: "a", TakeoverUserID: "b", ExternalUserID: []string{"wmA", "wmB"}})
			},
			[]TransferStarted{{"wmA", 0}, {"wmB", 40096}}},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handle(tt.endpoint, answer(tt.body))
			c := testClient(t, f, nil)
			got, err := tt.call(c)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestListExternalContactsNoneIsEmpty(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handle("externalcontact/list", answer(`{"errcode":84061,"errmsg":"not external contact"}`))
	c := testClient(t, f, nil)
	ids, err := c.ListExternalContacts(context.Background(), "a")
	if err != nil || len(ids) != 0 {
		t.Fatalf("ids=%v err=%v", ids, err)
	}
}

func TestArgumentLimits(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := testClient(t, f, nil)
	ctx := context.Background()
	many := make([]string, 201)
	if err := c.BatchDeleteUsers(ctx, many); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("batchdelete 201: %v", err)
	}
	if _, err := c.TransferCustomer(ctx, Transfer{ExternalUserID: many[:101]}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("transfer 101: %v", err)
	}
	if _, err := c.BatchGetByUser(ctx, nil, "", 0); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("get_by_user none: %v", err)
	}
	if f.count("user/batchdelete")+f.count("gettoken") != 0 {
		t.Fatal("refused requests reached the server")
	}
}
