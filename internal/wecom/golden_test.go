package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func intp(v int) *int    { return &v }
func boolp(v bool) *bool { return &v }

// TestRequestBodiesGolden pins the JSON every POST endpoint sends: field
// names are WeCom's, exactly (exteranalopenid included).
func TestRequestBodiesGolden(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		endpoint string
		call     func(c *Client) error
	}{
		{"user/create", func(c *Client) error {
			return c.CreateUser(ctx, UserInput{
				UserID: "zhangsan", Name: "张三", Alias: "Sam", Mobile: "+86 13800000000",
				Department: []int64{1, 2}, Order: []int64{10, 40}, MainDepartment: 1, IsLeaderInDept: []int{1, 0},
				DirectLeader: []string{"lisi"}, Position: "产品经理", Gender: "1", Email: "zhangsan@example.com",
				Telephone: "020-123456", Address: "广州市海珠区", Enable: intp(1), ToInvite: boolp(false),
				ExtAttr: &ExtAttr{Attrs: []Attr{
					{Type: 0, Name: "文本名称", Text: &AttrText{Value: "文本"}},
					{Type: 1, Name: "网页名称", Web: &AttrWeb{URL: "http://www.example.com", Title: "标题"}},
				}},
				ExternalPosition: "高级产品经理",
				ExternalProfile: &ExternalProfile{ExternalCorpName: "企业简称", WechatChannels: &WechatChannels{Nickname: "视频号名称"},
					ExternalAttr: []Attr{{Type: 2, Name: "测试app", Miniprogram: &AttrMiniApp{AppID: "wx8bd80126147dFAKE", PagePath: "/index", Title: "my miniprogram"}}}},
			})
		}},
		{"user/update", func(c *Client) error {
			return c.UpdateUser(ctx, UserInput{UserID: "zhangsan", Position: "总监", Enable: intp(0)})
		}},
		{"user/batchdelete", func(c *Client) error { return c.BatchDeleteUsers(ctx, []string{"zhangsan", "lisi"}) }},
		{"user/list_id", func(c *Client) error { _, err := c.ListUserIDs(ctx, "CURSOR1", 10000); return err }},
		{"user/getuserid", func(c *Client) error { _, err := c.GetUserIDByMobile(ctx, "13800000000"); return err }},
		{"user/get_userid_by_email", func(c *Client) error {
			_, err := c.GetUserIDByEmail(ctx, "zhangsan@example.com", PersonalEmail)
			return err
		}},
		{"user/convert_to_openid", func(c *Client) error { _, err := c.ConvertToOpenID(ctx, "zhangsan"); return err }},
		{"auth/get_tfa_info", func(c *Client) error { _, err := c.GetTFAInfo(ctx, "CODE"); return err }},
		{"user/tfa_succ", func(c *Client) error { return c.TFASucc(ctx, "zhangsan", "TFACODE") }},
		{"externalcontact/remark", func(c *Client) error {
			return c.RemarkExternalContact(ctx, Remark{UserID: "zhangsan", ExternalUserID: "wmEXT0001", Remark: "备注",
				Description: "描述", RemarkCompany: "腾讯", RemarkMobiles: []string{"13800000001"}, RemarkPicMediaID: "MEDIAID"})
		}},
		{"externalcontact/batch/get_by_user", func(c *Client) error {
			_, err := c.BatchGetByUser(ctx, []string{"zhangsan", "lisi"}, "CURSOR", 100)
			return err
		}},
		{"externalcontact/transfer_customer", func(c *Client) error {
			_, err := c.TransferCustomer(ctx, Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
				ExternalUserID: []string{"wmEXT0001", "wmEXT0002"}, TransferSuccessMsg: "您好，您的服务已升级"})
			return err
		}},
		{"externalcontact/transfer_result", func(c *Client) error {
			_, err := c.TransferResult(ctx, "zhangsan", "lisi", "CURSOR")
			return err
		}},
		{"externalcontact/resigned/transfer_customer", func(c *Client) error {
			_, err := c.ResignedTransferCustomer(ctx, Transfer{HandoverUserID: "zhangsan", TakeoverUserID: "lisi",
				ExternalUserID: []string{"wmEXT0001"}, TransferSuccessMsg: "dropped for resigned transfers"})
			return err
		}},
		{"externalcontact/resigned/transfer_result", func(c *Client) error {
			_, err := c.ResignedTransferResult(ctx, "zhangsan", "lisi", "")
			return err
		}},
		{"externalcontact/groupchat/list", func(c *Client) error {
			_, err := c.ListGroupChats(ctx, GroupChatFilter{StatusFilter: 1, OwnerFilter: &OwnerFilter{UserIDList: []string{"zhangsan"}}, Limit: 1000}, "CURSOR")
			return err
		}},
		{"externalcontact/groupchat/get", func(c *Client) error {
			_, err := c.GetGroupChat(ctx, "wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA", true)
			return err
		}},
		{"externalcontact/groupchat/transfer", func(c *Client) error {
			_, err := c.TransferGroupChats(ctx, []string{"wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA", "wrOgQhDgAAMYQiS5ol9G7gK9JVQUAAAA"}, "lisi")
			return err
		}},
		{"externalcontact/groupchat/onjob_transfer", func(c *Client) error {
			_, err := c.OnJobTransferGroupChats(ctx, []string{"wrOgQhDgAAcwMTB7YmDkbeBsgT_AAAA"}, "lisi")
			return err
		}},
		{"externalcontact/get_unassigned_list", func(c *Client) error { _, err := c.GetUnassignedList(ctx, "CURSOR", 1000); return err }},
		{"externalcontact/send_welcome_msg", func(c *Client) error {
			return c.SendWelcomeMsg(ctx, WelcomeMsg{WelcomeCode: "CALLBACK_CODE", Text: &TextContent{Content: "文本消息内容"},
				Attachments: []Attachment{
					{MsgType: "image", Image: &ImageAttach{MediaID: "MEDIA_ID"}},
					{MsgType: "link", Link: &LinkAttach{Title: "消息标题", PicURL: "https://example.com/pic.png", Desc: "消息描述", URL: "https://example.com"}},
					{MsgType: "miniprogram", MiniProgram: &MiniProgAttach{Title: "消息标题", PicMediaID: "MEDIA_ID", AppID: "wx8bd80126147dfAAA", Page: "/path/index.html"}},
					{MsgType: "video", Video: &MediaAttach{MediaID: "MEDIA_ID"}},
					{MsgType: "file", File: &MediaAttach{MediaID: "MEDIA_ID"}},
				}})
		}},
		{"msgaudit/get_permit_user_list", func(c *Client) error { _, err := c.GetPermitUserList(ctx, ArchiveEnterprise); return err }},
		{"msgaudit/check_single_agree", func(c *Client) error {
			_, err := c.CheckSingleAgree(ctx, []AgreePair{{UserID: "zhangsan", ExternalOpenID: "wmEXT0001"}, {UserID: "lisi", ExternalOpenID: "wmEXT0002"}})
			return err
		}},
		{"msgaudit/check_room_agree", func(c *Client) error { _, err := c.CheckRoomAgree(ctx, "wrjc7bDwAASxc8tZvBErFE02BtPWyAAA"); return err }},
		{"msgaudit/groupchat/get", func(c *Client) error {
			_, err := c.GetAuditGroupChat(ctx, "wrNplhCgAAIVZohLe57zKnvIV7xBKrig")
			return err
		}},
	}
	f := newFake(t)
	c := testClient(t, f, func(o *Options) { o.Secrets[CustomerContact] = "s3cr3t-value" })
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			if err := tt.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			var got bytes.Buffer
			if err := json.Indent(&got, f.body(tt.endpoint), "", "  "); err != nil {
				t.Fatalf("body is not JSON: %v: %q", err, f.body(tt.endpoint))
			}
			got.WriteByte('\n')
			path := filepath.Join("testdata", "requests", strings.ReplaceAll(tt.endpoint, "/", "_")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("golden file (run with -update to create): %v", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("%s body differs from %s:\ngot:\n%s\nwant:\n%s", tt.endpoint, path, got.Bytes(), want)
			}
		})
	}
}
