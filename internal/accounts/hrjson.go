package accounts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// HRRow is one employee as an HR system sends it by JSON: the CSV columns
// as fields. archive_licence may be "yes"/"no" or a boolean.
type HRRow struct {
	EmployeeID     string `json:"employee_id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Mobile         string `json:"mobile"`
	Department     string `json:"department"`
	Title          string `json:"title"`
	Status         string `json:"status"`
	ArchiveLicence YesNo  `json:"archive_licence"`
}

// YesNo accepts "yes", "no", true or false.
type YesNo string

// UnmarshalJSON reads a string or a boolean.
func (y *YesNo) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "true":
		*y = "yes"
		return nil
	case "false", "null":
		*y = "no"
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("archive_licence: want \"yes\", \"no\" or a boolean")
	}
	*y = YesNo(s)
	return nil
}

// HRBatch is the JSON body an HR system posts.
type HRBatch struct {
	Employees []HRRow `json:"employees"`
}

// ParseJSON validates the JSON form of an HR input with the same rules as
// the CSV form; Line in the report is the 1-based index in "employees".
func ParseJSON(r io.Reader, opt ParseOptions) (*Import, error) {
	im := &Import{Report: Report{Source: "json", Encoding: "utf-8", Threshold: opt.Threshold, Errors: []Issue{}, Warnings: []Issue{}}}
	dec := json.NewDecoder(io.LimitReader(r, MaxHRFileBytes))
	dec.DisallowUnknownFields()
	var batch HRBatch
	if err := dec.Decode(&batch); err != nil {
		return im, im.refuse(RefuseJSON, "invalid JSON: "+err.Error())
	}
	return im, im.validate(rowsFromJSON(batch.Employees), opt)
}

// rowsFromJSON turns JSON rows into the raw rows validation reads.
func rowsFromJSON(in []HRRow) []rawRow {
	rows := make([]rawRow, len(in))
	for i, e := range in {
		rows[i] = rawRow{line: i + 1, fields: map[string]string{
			ColEmployeeID: e.EmployeeID, ColName: e.Name, ColEmail: e.Email, ColMobile: e.Mobile,
			ColDepartment: e.Department, ColTitle: e.Title, ColStatus: e.Status, ColArchiveLicence: string(e.ArchiveLicence),
		}}
	}
	return rows
}
