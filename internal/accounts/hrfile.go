package accounts

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// HR file columns (DESIGN.md "HR file").
const (
	ColEmployeeID     = "employee_id"
	ColName           = "name"
	ColEmail          = "email"
	ColMobile         = "mobile"
	ColDepartment     = "department"
	ColTitle          = "title"
	ColStatus         = "status"
	ColArchiveLicence = "archive_licence"
)

// Columns lists the HR file columns in their documented order.
var Columns = []string{ColEmployeeID, ColName, ColEmail, ColMobile, ColDepartment, ColTitle, ColStatus, ColArchiveLicence}

// optionalColumns may be missing from a file (a warning, defaults apply).
func optionalColumn(c string) bool { return c == ColTitle || c == ColArchiveLicence }

// MaxHRFileBytes bounds an HR file; 10,000 employees take about 1.5 MB.
const MaxHRFileBytes = 32 << 20

// HR statuses.
const (
	HRActive = "active"
	HRLeaver = "leaver"
	// HRRemoved marks an employee known from earlier syncs whose row is gone.
	HRRemoved = "removed"
)

// HRRecord is one valid, normalized HR row.
type HRRecord struct {
	Line           int    `json:"line"`
	EmployeeID     string `json:"employee_id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Mobile         string `json:"mobile"` // "+86 13800138000"
	Department     string `json:"department"`
	Title          string `json:"title"`
	Status         string `json:"status"`
	ArchiveLicence bool   `json:"archive_licence"`
}

// rawRow is one input row before validation, from CSV or JSON.
type rawRow struct {
	line   int
	fields map[string]string
}

// decodeHR turns file bytes into UTF-8 text and names the encoding found:
// "utf-8", "utf-8-bom" or "gbk". Bytes that are invalid in the chosen
// encoding become U+FFFD, which validation reports as an encoding error.
func decodeHR(b []byte) (string, string) {
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD"), "utf-8-bom"
	}
	if utf8.Valid(b) {
		return string(b), "utf-8"
	}
	gbk, err := simplifiedchinese.GBK.NewDecoder().Bytes(b)
	if err == nil && !bytes.ContainsRune(gbk, utf8.RuneError) {
		return string(gbk), "gbk"
	}
	// Neither decodes cleanly: pick the one with fewer broken characters.
	u := strings.ToValidUTF8(string(b), "\uFFFD")
	if err == nil && bytes.Count(gbk, []byte("\uFFFD")) < strings.Count(u, "\uFFFD") {
		return string(gbk), "gbk"
	}
	return u, "utf-8"
}

// readCSV parses the decoded text into raw rows keyed by column, reporting
// header problems and CSV syntax errors as issues.
func readCSV(text string, rep *Report) ([]rawRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty: a header row is required")
	}
	if err != nil {
		return nil, fmt.Errorf("header row: %w", err)
	}
	idx, err := mapHeader(header, rep)
	if err != nil {
		return nil, err
	}
	var rows []rawRow
	lastLine := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if pe.StartLine <= lastLine && pe.Line <= lastLine {
				break // no progress: stop rather than spin
			}
			lastLine = max(pe.Line, pe.StartLine)
			rep.addError(pe.StartLine, "", CodeSyntax, "CSV syntax error: "+pe.Err.Error())
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("after line %d: %w", lastLine, err)
		}
		line, _ := r.FieldPos(0)
		lastLine = line
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		rows = append(rows, rowFromRecord(line, rec, idx, len(header), rep))
	}
	return rows, nil
}

func rowFromRecord(line int, rec []string, idx map[string]int, width int, rep *Report) rawRow {
	if len(rec) != width {
		rep.addWarning(line, "", CodeFieldCount, fmt.Sprintf("row has %d fields, header has %d", len(rec), width))
	}
	f := make(map[string]string, len(Columns))
	for col, i := range idx {
		if i < len(rec) {
			f[col] = rec[i]
		}
	}
	return rawRow{line: line, fields: f}
}

// mapHeader finds each known column; unknown ones are ignored with a warning.
func mapHeader(header []string, rep *Report) (map[string]int, error) {
	idx := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range Columns {
			if c == name {
				known = true
			}
		}
		switch {
		case !known:
			rep.addWarning(1, h, CodeUnknownColumn, "unknown column ignored")
		default:
			if _, dup := idx[name]; dup {
				return nil, fmt.Errorf("header: column %q appears twice", name)
			}
			idx[name] = i
		}
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := idx[c]; !ok {
			if optionalColumn(c) {
				rep.addWarning(1, c, CodeMissingColumn, "optional column missing; default used")
				continue
			}
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("header: required columns missing: %s", strings.Join(missing, ", "))
	}
	return idx, nil
}
