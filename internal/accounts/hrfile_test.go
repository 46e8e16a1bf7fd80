package accounts

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"wecomadmin/internal/wecom"
)

func testTree() *DeptTree {
	return NewDeptTree([]wecom.Department{
		{ID: 1, Name: "总部"},
		{ID: 2, Name: "医学部", ParentID: 1},
		{ID: 3, Name: "肿瘤事业部", ParentID: 2},
	})
}

func TestParseCSVGood(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/hr_good.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := ParseCSV(f, ParseOptions{Depts: testTree()})
	if err != nil {
		t.Fatalf("ParseCSV: %v (%+v)", err, im.Report)
	}
	if im.Report.ValidRows != 4 || len(im.Report.Errors) != 0 || im.Report.Encoding != "utf-8" {
		t.Fatalf("report: %+v", im.Report)
	}
	if len(im.Report.Warnings) != 1 || im.Report.Warnings[0].Code != CodeUnknownColumn || im.Report.Warnings[0].Column != "cost_centre" {
		t.Errorf("warnings: %+v", im.Report.Warnings)
	}
	want := []string{"+86 13800138000", "+86 13800138001", "+86 13800138002", "+852 91234567"}
	for i, r := range im.Records {
		if r.Mobile != want[i] {
			t.Errorf("row %d mobile %q, want %q", i, r.Mobile, want[i])
		}
	}
	if im.Records[0].Line != 2 || !im.Records[0].ArchiveLicence || im.Records[2].Status != HRLeaver || im.Records[3].Title != "Rep, HK" {
		t.Errorf("records: %+v", im.Records)
	}
}

func TestParseCSVBadRows(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/hr_bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Default threshold (0) refuses the file and imports nothing.
	im, err := ParseCSV(bytes.NewReader(b), ParseOptions{Depts: testTree()})
	if !errors.Is(err, ErrRefused) || !im.Report.Refused || len(im.Records) != 0 {
		t.Fatalf("want refusal, got %v %+v", err, im.Report)
	}
	got := map[int][]string{}
	for _, is := range im.Report.Errors {
		got[is.Line] = append(got[is.Line], is.Column+":"+is.Code)
	}
	want := map[int][]string{
		2: {"email:duplicate_email"},
		3: {"mobile:bad_mobile"},
		4: {"email:duplicate_email"},
		5: {"name:empty_name"},
		6: {"department:unknown_department"},
		7: {"status:unknown_status", "archive_licence:bad_archive_licence"},
		8: {"email:bad_email", "employee_id:duplicate_employee_id"},
		9: {"employee_id:duplicate_employee_id"},
	}
	for line, codes := range want {
		for _, c := range codes {
			if !slices.Contains(got[line], c) {
				t.Errorf("line %d: want %s, got %v", line, c, got[line])
			}
		}
	}
	if _, bad := got[10]; bad {
		t.Errorf("line 10 is good, got %v", got[10])
	}
	// A threshold of 8 bad rows imports the one good row and skips the rest whole.
	im, err = ParseCSV(bytes.NewReader(b), ParseOptions{Depts: testTree(), Threshold: Threshold{Count: 8}})
	if err != nil || len(im.Records) != 1 || im.Records[0].EmployeeID != "E008" || im.Report.InvalidRows != 8 {
		t.Fatalf("threshold 8: %v %+v", err, im.Report)
	}
	if !slices.Contains(im.Skipped, "E007") || !slices.Contains(im.Skipped, "E001") {
		t.Errorf("skipped ids: %v", im.Skipped)
	}
	// Percent: without the tree 7 of 9 rows are bad, 77.8 %.
	if _, err := ParseCSV(bytes.NewReader(b), ParseOptions{Threshold: Threshold{Percent: 70}}); !errors.Is(err, ErrRefused) {
		t.Errorf("70%%: want refusal, got %v", err)
	}
}

func TestParseCSVGBKAndBOM(t *testing.T) {
	t.Parallel()
	utf, err := os.ReadFile("testdata/hr_good.csv")
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	bom := append([]byte("\xef\xbb\xbf"), utf...)
	for _, c := range []struct {
		name, enc string
		in        []byte
	}{{"gbk", "gbk", gbk}, {"bom", "utf-8-bom", bom}} {
		im, err := ParseCSV(bytes.NewReader(c.in), ParseOptions{Depts: testTree()})
		if err != nil || im.Report.Encoding != c.enc || len(im.Records) != 4 {
			t.Fatalf("%s: %v %+v", c.name, err, im.Report)
		}
		if im.Records[0].Name != "张三" || im.Records[0].Department != "总部/医学部/肿瘤事业部" {
			t.Errorf("%s: decoded %+v", c.name, im.Records[0])
		}
	}
	// A UTF-8 file with one broken row: that row is an encoding error, the rest import.
	broken := bytes.Replace(utf, []byte("李四"), []byte("\xff\xfe"), 1)
	im, err := ParseCSV(bytes.NewReader(broken), ParseOptions{Threshold: Threshold{Count: 1}})
	if err != nil || len(im.Records) != 3 || im.Report.Errors[0].Code != CodeEncoding || im.Report.Errors[0].Line != 3 {
		t.Fatalf("broken: %v %+v", err, im.Report)
	}
}

func TestParseCSVRefusesBadHeader(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "employee_id,name\nE1,x\n", "employee_id,name,email,mobile,department,status,status\n"} {
		im, err := ParseCSV(strings.NewReader(in), ParseOptions{})
		if !errors.Is(err, ErrRefused) || im.Report.RefuseReason == "" {
			t.Errorf("%q: %v %+v", in, err, im.Report)
		}
	}
}

func TestParseJSON(t *testing.T) {
	t.Parallel()
	body := `{"employees":[
	 {"employee_id":"E1","name":"张三","email":"a.b@x.example","mobile":"13800138000","department":"总部/医学部","status":"active","archive_licence":true},
	 {"employee_id":"E2","name":"李四","email":"bad","mobile":"13800138001","department":"总部/医学部","status":"active","archive_licence":"no"}]}`
	im, err := ParseJSON(strings.NewReader(body), ParseOptions{Depts: testTree(), Threshold: Threshold{Count: 1}})
	if err != nil || len(im.Records) != 1 || !im.Records[0].ArchiveLicence || im.Report.Errors[0].Line != 2 {
		t.Fatalf("%v %+v", err, im.Report)
	}
}

func TestNormalizeMobile(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"+86 13800138000", "+86 13800138000"},
		{"+8613800138000", "+86 13800138000"},
		{"13800138000", "+86 13800138000"},
		{"138-0013-8000", "+86 13800138000"},
		{"008613800138000", "+86 13800138000"},
		{"+852 91234567", "+852 91234567"},
		{"+85291234567", "+852 91234567"},
		{"+1 4155550100", "+1 4155550100"},
		{"+44 7700900123", "+44 7700900123"},
		{"12345", ""},
		{"23800138000", ""},
		{"+86 1380013800", ""},
		{"+86 abc", ""},
		{"", ""},
	} {
		got, err := NormalizeMobile(c.in)
		if got != c.want || (c.want == "") != (err != nil) {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestUserIDRule(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		rule     UserIDRule
		in, want string
	}{
		{UserIDRule{}, "Zhang.San@JNJ.example", "zhang.san"},
		{UserIDRule{}, "o'brien+x@jnj.example", "obrienx"},
		{UserIDRule{Source: "email"}, "Li.Si@jnj.example", "li.si@jnj.example"},
		{UserIDRule{Prefix: "cn_"}, "li@x.example", "cn_li"},
		{UserIDRule{}, "__a@x.example", "a"},
	} {
		if got, err := c.rule.Derive(c.in); got != c.want || err != nil {
			t.Errorf("%+v.Derive(%q) = %q, %v; want %q", c.rule, c.in, got, err, c.want)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, p := range []string{"testdata/hr_good.csv", "testdata/hr_bad.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("employee_id,name,email,mobile,department,status\n\"E1,\"x\n"))
	f.Add([]byte("\xef\xbb\xbfemployee_id,name,email,mobile,department,status\n\xd5\xc5,\xff\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		im, err := ParseCSV(bytes.NewReader(b), ParseOptions{Depts: testTree(), Threshold: Threshold{Percent: 100}})
		if err != nil {
			if !errors.Is(err, ErrRefused) || !im.Report.Refused || len(im.Records) != 0 {
				t.Fatalf("error %v with report %+v", err, im.Report)
			}
			return
		}
		if im.Report.ValidRows+im.Report.InvalidRows != im.Report.Rows {
			t.Fatalf("counts: %+v", im.Report)
		}
		for _, r := range im.Records {
			if _, err := NormalizeMobile(r.Mobile); err != nil || r.Name == "" || r.EmployeeID == "" {
				t.Fatalf("invalid record passed: %+v", r)
			}
		}
	})
}
