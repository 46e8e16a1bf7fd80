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
