// Package csvcell makes text safe to open in a spreadsheet. A cell that
// starts with = + - @ TAB or CR is read as a formula by Excel, LibreOffice
// and Google Sheets ("CSV injection"); OWASP's rule is to prefix such a
// cell with a single quote, which the spreadsheet shows as plain text.
// Every CSV we write of text from outside (messages, audit rows) passes
// its cells through Row.
package csvcell

// Neutralize returns s, prefixed with ' when a spreadsheet would read it
// as a formula. The text stays readable; nothing else changes.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Row neutralizes every cell of a row in place and returns it.
func Row(cells []string) []string {
	for i, c := range cells {
		cells[i] = Neutralize(c)
	}
	return cells
}
