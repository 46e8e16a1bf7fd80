package logging

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestMasking(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"13800138000", "138****8000"},
		{"+86 13800138000", "138****8000"},
		{"+8613800138000", "138****8000"},
	}
	for _, c := range cases {
		if got := MaskMobile(c.in); got != c.want {
			t.Errorf("MaskMobile(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := MaskEmail("zhang.san@pharma.example.com"); got != "z***@pharma.example.com" {
		t.Errorf("MaskEmail = %q", got)
	}
	in := "GET /cgi-bin/gettoken?corpid=ww1&corpsecret=abc123 user 张三 13912345678 li@x.cn"
	got := MaskText(in)
	for _, leak := range []string{"abc123", "13912345678", "li@x.cn"} {
		if strings.Contains(got, leak) {
			t.Errorf("MaskText leaks %q: %s", leak, got)
		}
	}
	if !strings.Contains(got, "张三") {
		t.Errorf("MaskText dropped ordinary text: %s", got)
	}
}

func TestLoggerMasksAttributes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := New(&buf, "info", "json")
	log.Info("sync", "mobile", "+86 13800138000", "email", "wang@pharma.cn", "secret", "s3cr3t",
		"url", "/cgi-bin/user/get?access_token=tok123&userid=x", "err", errors.New("mobile 13700001111 exists"))
	out := buf.String()
	for _, leak := range []string{"13800138000", "wang@pharma.cn", "s3cr3t", "tok123", "13700001111"} {
		if strings.Contains(out, leak) {
			t.Errorf("log leaks %q: %s", leak, out)
		}
	}
}
