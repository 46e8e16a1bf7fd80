package accounts

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// ParseOptions are the corp's rules an HR input is checked against.
type ParseOptions struct {
	Threshold Threshold
	UserID    UserIDRule
	Depts     *DeptTree // nil: department tree unknown, paths not checked
}

// Import is a validated HR input: the report and the rows that passed.
type Import struct {
	Report  Report     `json:"report"`
	Records []HRRecord `json:"-"`
	// Skipped are employee ids on bad rows: they are left alone, never taken
	// for "removed from HR".
	Skipped []string `json:"-"`
}

// ParseCSV reads and validates an HR CSV file. It returns an error wrapping
// ErrRefused (with the report filled in) when the file cannot be used.
func ParseCSV(r io.Reader, opt ParseOptions) (*Import, error) {
	im := &Import{Report: Report{Source: "csv", Threshold: opt.Threshold, Errors: []Issue{}, Warnings: []Issue{}}}
	b, err := io.ReadAll(io.LimitReader(r, MaxHRFileBytes+1))
	if err != nil {
		return im, fmt.Errorf("accounts: read HR file: %w", err)
	}
	if len(b) > MaxHRFileBytes {
		return im, im.refuse(RefuseTooLarge, fmt.Sprintf("file larger than %d bytes", MaxHRFileBytes))
	}
	text, enc := decodeHR(b)
	im.Report.Encoding = enc
	if strings.TrimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return im, im.refuse(RefuseEmpty, "the file is empty: a header row and at least one employee row are required")
	}
	rows, err := readCSV(text, &im.Report)
	if err != nil {
		return im, im.refuse(RefuseHeader, err.Error())
	}
	return im, im.validate(rows, opt)
}

func (im *Import) refuse(code, reason string) error {
	im.Report.Refused = true
	im.Report.RefuseCode, im.Report.RefuseReason = code, reason
	im.Records = nil
	return fmt.Errorf("%w: %s", ErrRefused, reason)
}

// validate checks every row, drops the bad ones whole and applies the threshold.
func (im *Import) validate(rows []rawRow, opt ParseOptions) error {
	rep := &im.Report
	rep.Rows = len(rows)
	bad := map[int]bool{}
	recs := make([]HRRecord, 0, len(rows))
	for _, row := range rows {
		rec, ok := checkRow(row, opt, rep)
		if !ok {
			bad[row.line] = true
		}
		recs = append(recs, rec)
	}
	markDuplicates(recs, opt, rep, bad)
	for _, rec := range recs {
		if bad[rec.Line] {
			if rec.EmployeeID != "" {
				im.Skipped = append(im.Skipped, rec.EmployeeID)
			}
			continue
		}
		im.Records = append(im.Records, rec)
	}
	slices.SortStableFunc(rep.Errors, func(a, b Issue) int { return a.Line - b.Line })
	rep.InvalidRows = len(bad)
	rep.ValidRows = len(im.Records)
	if len(rows) == 0 {
		return im.refuse(RefuseEmpty, "the file has no employee rows: only a header, or nothing under it")
	}
	if opt.Threshold.Exceeded(len(bad), len(rows)) {
		return im.refuse(RefuseThreshold, fmt.Sprintf("%d of %d rows are invalid, above the threshold", len(bad), len(rows)))
	}
	return nil
}

// checkRow validates and normalizes one row; every problem is reported.
func checkRow(row rawRow, opt ParseOptions, rep *Report) (HRRecord, bool) {
	ok := true
	fail := func(col, code, reason string) { rep.addError(row.line, col, code, reason); ok = false }
	get := func(col string) string {
		v := strings.TrimSpace(row.fields[col])
		if strings.ContainsRune(v, utf8.RuneError) {
			fail(col, CodeEncoding, "text is not valid UTF-8 or GBK")
		}
		return v
	}
	rec := HRRecord{Line: row.line}
	if rec.EmployeeID = get(ColEmployeeID); rec.EmployeeID == "" {
		fail(ColEmployeeID, CodeEmptyID, "employee_id is empty")
	} else if len(rec.EmployeeID) > 64 {
		fail(ColEmployeeID, CodeEmptyID, "employee_id is longer than 64 bytes")
	}
	if rec.Name = get(ColName); rec.Name == "" {
		fail(ColName, CodeEmptyName, "name is empty")
	} else if utf8.RuneCountInString(rec.Name) > 64 {
		fail(ColName, CodeBadName, "name is longer than 64 characters")
	}
	rec.Email = get(ColEmail)
	if reason := checkEmail(rec.Email); reason != "" {
		fail(ColEmail, CodeBadEmail, reason)
	} else if _, err := opt.UserID.Derive(rec.Email); err != nil {
		fail(ColEmail, CodeBadUserID, "no WeCom userid can be derived: "+err.Error())
	}
	if m, err := NormalizeMobile(get(ColMobile)); err != nil {
		fail(ColMobile, CodeBadMobile, err.Error())
	} else {
		rec.Mobile = m
	}
	rec.Department = CleanDeptPath(get(ColDepartment))
	switch _, known := opt.Depts.Resolve(rec.Department); {
	case rec.Department == "":
		fail(ColDepartment, CodeBadDept, "department is empty")
	case opt.Depts != nil && !known:
		fail(ColDepartment, CodeUnknownDept, "department "+rec.Department+" is not in the corp's department tree")
	}
	if rec.Title = get(ColTitle); utf8.RuneCountInString(rec.Title) > 128 {
		fail(ColTitle, CodeBadTitle, "title is longer than 128 characters")
	}
	switch st := strings.ToLower(get(ColStatus)); st {
	case HRActive, HRLeaver:
		rec.Status = st
	default:
		fail(ColStatus, CodeBadStatus, fmt.Sprintf("status %q is not active or leaver", st))
	}
	switch l := strings.ToLower(get(ColArchiveLicence)); l {
	case "yes":
		rec.ArchiveLicence = true
	case "no", "":
	default:
		fail(ColArchiveLicence, CodeBadLicence, fmt.Sprintf("archive_licence %q is not yes or no", l))
	}
	return rec, ok
}

// checkEmail applies WeCom's email rule (6-64 bytes) and a plain shape check.
func checkEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	switch {
	case e == "":
		return "email is empty"
	case len(e) < 6 || len(e) > 64:
		return "email must be 6-64 bytes"
	case at <= 0 || at == len(e)-1 || strings.Count(e, "@") != 1:
		return "email must have one @ with text on both sides"
	case !strings.Contains(e[at+1:], ".") || strings.HasSuffix(e, ".") || strings.Contains(e[at+1:], ".."):
		return "email domain is not valid"
	case strings.ContainsFunc(e, func(r rune) bool { return r <= ' ' || r > '~' || strings.ContainsRune(`"(),:;<>[\]`, r) }):
		return "email has characters that are not allowed"
	}
	return ""
}

// markDuplicates reports employee ids, emails (case-insensitive), mobiles and
// derived userids that occur on more than one row; every such row is bad,
// since which one HR meant is unknown.
func markDuplicates(recs []HRRecord, opt ParseOptions, rep *Report, bad map[int]bool) {
	type key struct{ col, code, v string }
	first, told := map[key]int{}, map[key]bool{}
	for _, r := range recs {
		uid, _ := opt.UserID.Derive(r.Email)
		for _, k := range []key{
			{ColEmployeeID, CodeDuplicateID, r.EmployeeID},
			{ColEmail, CodeDuplicateEmail, strings.ToLower(r.Email)},
			{ColMobile, CodeDuplicateMob, r.Mobile},
			{ColEmail, CodeBadUserID, uid},
		} {
			if k.v == "" {
				continue
			}
			if l, seen := first[k]; seen {
				what := strings.TrimPrefix(k.code, "duplicate_")
				if k.code == CodeBadUserID {
					what = "derived userid " + uid
				}
				rep.addError(r.Line, k.col, k.code, fmt.Sprintf("duplicate %s (also on line %d)", what, l))
				if !told[k] {
					rep.addError(l, k.col, k.code, fmt.Sprintf("duplicate %s (also on line %d)", what, r.Line))
					told[k] = true
				}
				bad[l], bad[r.Line] = true, true
				continue
			}
			first[k] = r.Line
		}
	}
}
