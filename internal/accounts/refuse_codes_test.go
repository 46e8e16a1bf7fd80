package accounts

import (
	"errors"
	"strings"
	"testing"
)

const hrHeader = "employee_id,name,email,mobile,department,title,status,archive_licence\n"

// Every refusal carries a stable code the UI translates; an empty file is
// refused, never reported as "0 errors".
func TestRefusalCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, json, csv, code string
	}{
		{name: "zero bytes", csv: "", code: RefuseEmpty},
		{name: "only a BOM and blank lines", csv: "\ufeff\n\n", code: RefuseEmpty},
		{name: "header only", csv: hrHeader, code: RefuseEmpty},
		{name: "header and blank lines", csv: hrHeader + "\n\n", code: RefuseEmpty},
		{name: "no employees in JSON", json: `{"employees":[]}`, code: RefuseEmpty},
		{name: "bad JSON", json: `{`, code: RefuseJSON},
		{name: "missing columns", csv: "employee_id,name\nE1,张三\n", code: RefuseHeader},
		{name: "bad rows above threshold", csv: hrHeader + "E1,张三,a.b@x.example,12,总部,t,active,no\n", code: RefuseThreshold},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var im *Import
			var err error
			if c.json != "" {
				im, err = ParseJSON(strings.NewReader(c.json), ParseOptions{})
			} else {
				im, err = ParseCSV(strings.NewReader(c.csv), ParseOptions{})
			}
			if !errors.Is(err, ErrRefused) || !im.Report.Refused || im.Report.RefuseCode != c.code || im.Report.RefuseReason == "" {
				t.Errorf("got %v, report %+v; want refused with %s", err, im.Report, c.code)
			}
		})
	}
}

func TestCorpInputFieldErrors(t *testing.T) {
	t.Parallel()
	ok := func() CorpInput {
		return CorpInput{CorpID: "wwok", Key: "ok", BaseURL: "https://qyapi.weixin.qq.com", Secrets: map[string]string{"app": "Abc_def-123"}}
	}
	cases := []struct {
		name        string
		edit        func(*CorpInput)
		field, code string
	}{
		{name: "valid", edit: func(*CorpInput) {}},
		{name: "blank secret keeps the stored one", edit: func(in *CorpInput) { in.Secrets["app"] = "" }},
		{name: "space in secret", edit: func(in *CorpInput) { in.Secrets["app"] = "abc def" }, field: "secrets.app", code: FieldBadSecret},
		{name: "pasted line break", edit: func(in *CorpInput) { in.Secrets["contacts"] = "abcdef\n" }, field: "secrets.contacts", code: FieldBadSecret},
		{name: "full-width characters", edit: func(in *CorpInput) { in.Secrets["archive"] = "密钥１２３" }, field: "secrets.archive", code: FieldBadSecret},
		{name: "too long", edit: func(in *CorpInput) { in.Secrets["app"] = strings.Repeat("a", 129) }, field: "secrets.app", code: FieldBadSecret},
		{name: "unknown kind", edit: func(in *CorpInput) { in.Secrets["sms"] = "abc" }, field: "secrets.sms", code: FieldUnknownSecret},
		{name: "bad aes key", edit: func(in *CorpInput) {
			in.Callback = &struct {
				Token  string `json:"token"`
				AESKey string `json:"aes_key"`
			}{Token: "tok", AESKey: "a+b/c="}
		}, field: "callback.aes_key", code: FieldBadCallback},
		{name: "bad corp id", edit: func(in *CorpInput) { in.CorpID = "ww ok" }, field: "corp_id", code: FieldBadCorpID},
		{name: "bad base url", edit: func(in *CorpInput) { in.BaseURL = "ftp://x" }, field: "base_url", code: FieldBadBaseURL},
	}
	for _, c := range cases {
		in := ok()
		c.edit(&in)
		err := in.Validate()
		var fe *FieldError
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if !errors.As(err, &fe) || fe.Field != c.field || fe.Code != c.code || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v (%+v), want %s %s", c.name, err, fe, c.field, c.code)
		}
		if fe != nil && strings.Contains(fe.Reason, in.Secrets[strings.TrimPrefix(c.field, "secrets.")]) && in.Secrets[strings.TrimPrefix(c.field, "secrets.")] != "" {
			t.Errorf("%s: the reason echoes the secret: %q", c.name, fe.Reason)
		}
	}
}
