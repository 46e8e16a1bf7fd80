package accounts

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Issue codes in a validation report; the UI translates them.
const (
	CodeSyntax         = "csv_syntax"
	CodeFieldCount     = "field_count"
	CodeUnknownColumn  = "unknown_column"
	CodeMissingColumn  = "missing_column"
	CodeEncoding       = "encoding"
	CodeEmptyID        = "empty_employee_id"
	CodeDuplicateID    = "duplicate_employee_id"
	CodeEmptyName      = "empty_name"
	CodeBadName        = "bad_name"
	CodeBadEmail       = "bad_email"
	CodeDuplicateEmail = "duplicate_email"
	CodeBadMobile      = "bad_mobile"
	CodeDuplicateMob   = "duplicate_mobile"
	CodeUnknownDept    = "unknown_department"
	CodeBadDept        = "bad_department"
	CodeBadStatus      = "unknown_status"
	CodeBadLicence     = "bad_archive_licence"
	CodeBadTitle       = "bad_title"
	CodeBadUserID      = "bad_userid"
)

// Refusal codes of a whole HR input (Report.RefuseCode); the UI translates them.
const (
	RefuseTooLarge  = "file_too_large"
	RefuseEmpty     = "empty_file"
	RefuseHeader    = "bad_header"
	RefuseJSON      = "invalid_json"
	RefuseThreshold = "too_many_invalid_rows"
)

// Issue is one problem found in the HR input: the line (CSV line number,
// or 1-based index for JSON), the column and why.
type Issue struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Report is the validation report of one HR input.
type Report struct {
	Source       string    `json:"source"`   // "csv" or "json"
	Encoding     string    `json:"encoding"` // utf-8, utf-8-bom, gbk (csv only)
	Rows         int       `json:"rows"`
	ValidRows    int       `json:"valid_rows"`
	InvalidRows  int       `json:"invalid_rows"`
	Threshold    Threshold `json:"threshold"`
	Refused      bool      `json:"refused"`
	RefuseReason string    `json:"refuse_reason,omitempty"`
	// RefuseCode is the refusal's stable code (the UI translates it).
	RefuseCode string  `json:"refuse_code,omitempty"`
	Errors     []Issue `json:"errors"`
	Warnings   []Issue `json:"warnings"`
}

func (r *Report) addError(line int, col, code, reason string) {
	r.Errors = append(r.Errors, Issue{Line: line, Column: col, Code: code, Reason: reason})
}

func (r *Report) addWarning(line int, col, code, reason string) {
	r.Warnings = append(r.Warnings, Issue{Line: line, Column: col, Code: code, Reason: reason})
}

// Threshold is the error budget the admin chooses: above it, nothing from the
// file is imported. Percent, when set, wins over Count. The zero value
// refuses a file with any bad row.
type Threshold struct {
	Count   int     `json:"count"`
	Percent float64 `json:"percent,omitempty"`
}

// ParseThreshold reads "10" (bad rows) or "5%" (share of rows).
func ParseThreshold(s string) (Threshold, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Threshold{}, nil
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f < 0 || f > 100 {
			return Threshold{}, fmt.Errorf("threshold %q: percent must be 0-100", s)
		}
		return Threshold{Percent: f}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return Threshold{}, fmt.Errorf("threshold %q: want a count (10) or a percent (5%%)", s)
	}
	return Threshold{Count: n}, nil
}

// Exceeded reports whether bad rows out of rows exceed the budget.
func (t Threshold) Exceeded(bad, rows int) bool {
	if t.Percent > 0 {
		if rows == 0 {
			return bad > 0
		}
		return float64(bad)*100/float64(rows) > t.Percent
	}
	return bad > t.Count
}

// ErrRefused is returned (wrapped) when an HR input is refused; the report says why.
var ErrRefused = errors.New("accounts: HR input refused")
