package wecom

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestUserInputClear: an update can blank a field (an HR-blanked title
// reaches WeCom as ""), and refuses a field it cannot clear.
func TestUserInputClear(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      UserInput
		want    string
		wantErr bool
	}{
		{UserInput{UserID: "zs", Position: ""}, `{"userid":"zs"}`, false},
		{UserInput{UserID: "zs", Clear: []string{"position", "direct_leader"}}, `{"direct_leader":[],"position":"","userid":"zs"}`, false},
		{UserInput{UserID: "zs", BizMailAlias: &BizMailAlias{Item: []string{"a@x.cn"}}}, `{"userid":"zs","biz_mail_alias":{"item":["a@x.cn"]}}`, false},
		{UserInput{UserID: "zs", Clear: []string{"userid"}}, "", true},
		{UserInput{UserID: "zs", Position: "经理", Clear: []string{"position"}}, "", true},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.in)
		if c.wantErr {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Errorf("%+v: err %v, want ErrInvalidArgument", c.in, err)
			}
			continue
		}
		if err != nil || string(b) != c.want {
			t.Errorf("%+v: %s %v, want %s", c.in, b, err, c.want)
		}
	}
}

// TestUserDecodeLenient: Tencent's answers have carried gender as a number
// and ids as strings; one such member decodes (and does not fail the
// user/list page), while the strict decoding, which Tencent's published
// examples are held to, refuses it.
func TestUserDecodeLenient(t *testing.T) {
	t.Parallel()
	odd := `{"userid":"zhangsan","name":"张三","department":["1","2"],"order":[0,"10"],"gender":1,"status":"1","main_department":"1","hide_mobile":0,"english_name":"jackzhang"}`
	var u User
	if err := json.Unmarshal([]byte(odd), &u); err != nil {
		t.Fatal(err)
	}
	if u.Gender != "1" || u.Status != UserActive || len(u.Department) != 2 || u.Department[1] != 2 || u.MainDepartment != 1 || u.Order[1] != 10 || u.EnglishName != "jackzhang" {
		t.Fatalf("lenient: %+v", u)
	}
	if err := decodeUserStrict([]byte(odd), &u); err == nil {
		t.Fatal("strict decoding accepted gender as a number")
	}
	// Still an error: a value no coercion makes sense of.
	if err := json.Unmarshal([]byte(`{"userid":"a","department":{"id":1}}`), &u); err == nil {
		t.Fatal("department as an object decoded")
	}
	f := newFake(t)
	f.handle("user/list", func(_ http.ResponseWriter, _ *http.Request, _ int) string {
		return `{"errcode":0,"errmsg":"ok","userlist":[{"userid":"a","name":"甲","department":[1],"status":1},` + odd + `]}`
	})
	us, err := testClient(t, f, nil).ListUsers(context.Background(), 1, true)
	if err != nil || len(us) != 2 || !strings.EqualFold(us[1].UserID, "zhangsan") {
		t.Fatalf("user/list with one odd member: %v %+v", err, us)
	}
}

// TestExampleResponsesDecodeStrictly holds Tencent's published example
// members to the strict decoding (no coercion needed), with the fields we
// keep: hide_mobile, english_name, biz_mail_alias; and a post-2022 answer
// without mobile or email; and group member state, external contact
// is_subscribe / subscriber_info / foreign_key.
func TestExampleResponsesDecodeStrictly(t *testing.T) {
	t.Parallel()
	examples := []string{
		`{"userid":"zhangsan","name":"张三","department":[1,2],"order":[1,2],"position":"后台工程师","mobile":"13800000000","gender":"1","email":"zhangsan@gzdev.com","biz_mail":"zhangsan@qyycs2.wecom.work","is_leader_in_dept":[1,0],"direct_leader":["lisi"],"avatar":"http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0","thumb_avatar":"http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/100","telephone":"020-123456","alias":"jackzhang","address":"广州市海珠区新港中路","open_userid":"xxxxxx","main_department":1,"extattr":{"attrs":[{"type":0,"name":"文本名称","text":{"value":"文本"}}]},"status":1,"qr_code":"https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=xxx","external_position":"产品经理","external_profile":{"external_corp_name":"企业简称","wechat_channels":{"nickname":"视频号名称","status":1},"external_attr":[]},"hide_mobile":0,"english_name":"jackzhang","biz_mail_alias":{"item":["zs@qyycs2.wecom.work"]}}`,
		`{"userid":"zhangsan","name":"张三","department":[1],"order":[0],"position":"医药代表","is_leader_in_dept":[0],"direct_leader":[],"telephone":"","alias":"","open_userid":"","main_department":1,"status":1,"extattr":{"attrs":[]},"external_position":"","external_profile":{"external_corp_name":"模拟医药","external_attr":[]}}`,
	}
	for i, ex := range examples {
		var u User
		if err := decodeUserStrict([]byte(ex), &u); err != nil {
			t.Fatalf("example %d: %v", i, err)
		}
		if i == 0 && (u.EnglishName != "jackzhang" || u.BizMailAlias == nil || u.BizMailAlias.Item[0] != "zs@qyycs2.wecom.work" || u.Mobile == "") {
			t.Fatalf("example %d lost fields: %+v", i, u)
		}
		if i == 1 && (u.Mobile != "" || u.Email != "" || u.Name != "张三") {
			t.Fatalf("example %d: %+v", i, u)
		}
	}
	var g GroupMember
	if err := json.Unmarshal([]byte(`{"userid":"wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA","type":2,"join_time":1572505491,"join_scene":1,"state":"渠道A"}`), &g); err != nil || g.State != "渠道A" {
		t.Fatalf("group member %+v %v", g, err)
	}
	var ec ExternalContact
	if err := json.Unmarshal([]byte(`{"external_userid":"wm1","name":"李四","type":1,"gender":1,"is_subscribe":1,"subscriber_info":{"tag_id":["t1"]},"foreign_key":"fk1"}`), &ec); err != nil ||
		ec.IsSubscribe == nil || *ec.IsSubscribe != 1 || ec.ForeignKey != "fk1" || !strings.Contains(string(ec.SubscriberInfo), "t1") {
		t.Fatalf("external contact %+v %v", ec, err)
	}
}
