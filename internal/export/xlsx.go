package export

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// MaxSheets bounds a one-sheet-per-conversation workbook.
const MaxSheets = 1000

// xlsxWriter streams rows with excelize's StreamWriter: rows spill to a temp
// file past a chunk, and only one sheet is open at a time (a sheet is
// flushed before the next starts), so memory stays bounded. In the
// per-conversation layout rows arrive grouped by conversation.
type xlsxWriter struct {
	f         *excelize.File
	out       *partFile
	perConv   bool
	watermark string
	lang      string
	sw        *excelize.StreamWriter
	sheet     string // current sheet's base name
	conv      string
	row       int
	used      map[string]bool // lower-cased sheet names (Excel compares them case-insensitively)
	sheets    int
}

func newXLSX(pf *partFile, meta docMeta, perConv bool) (*xlsxWriter, error) {
	x := &xlsxWriter{f: excelize.NewFile(), out: pf, perConv: perConv, watermark: meta.Watermark, lang: meta.Lang, used: map[string]bool{}}
	// excelize's Write builds the whole package in a bytes.Buffer before
	// copying it out (memory grows with the file); its ZIP goes straight
	// to the part file instead, and Write is handed io.Discard.
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(pf) })
	if err := x.coverSheet(meta); err != nil {
		x.f.Close()
		pf.abort()
		return nil, err
	}
	if !perConv {
		if err := x.startSheet("messages"); err != nil {
			x.f.Close()
			pf.abort()
			return nil, err
		}
	}
	return x, nil
}

// startSheet flushes the open sheet and opens a new one named after base.
func (x *xlsxWriter) startSheet(base string) error {
	if x.sw != nil {
		if err := x.sw.Flush(); err != nil {
			return err
		}
	}
	if x.sheets >= MaxSheets {
		return fmt.Errorf("export: more than %d sheets; use the one-sheet layout", MaxSheets)
	}
	name := uniqueSheetName(base, x.used)
	x.used[strings.ToLower(name)] = true
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	x.sheets++
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	x.sw, x.sheet, x.row = sw, base, 1
	if err := x.write([]string{x.watermark}); err != nil {
		return err
	}
	return x.write(headerFor(x.lang))
}

// coverSheet is the workbook's first sheet: what the export holds, who
// asked, and the query and filters that produced it.
func (x *xlsxWriter) coverSheet(meta docMeta) error {
	name := "说明"
	if meta.Lang == LangEN {
		name = "Cover"
	}
	if err := x.f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	x.used[strings.ToLower(name)] = true
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	x.sw, x.row = sw, 1
	for _, l := range meta.coverLines() {
		if err := x.write([]string{l.Label, l.Value}); err != nil {
			return err
		}
	}
	err = sw.Flush()
	x.sw = nil
	return err
}

func (x *xlsxWriter) write(cells []string) error {
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	x.row++
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxWriter) Write(r Row) error {
	switch {
	case x.perConv && (x.sw == nil || r.Conversation != x.conv):
		x.conv = r.Conversation
		name := r.ConversationName
		if name == "" {
			name = r.Conversation
		}
		if err := x.startSheet(name); err != nil {
			return err
		}
	case x.row > excelize.TotalRows: // a sheet is full: continue on the next
		if err := x.startSheet(x.sheet); err != nil {
			return err
		}
	}
	return x.write(r.cells())
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if x.sw == nil { // per-conversation layout with no rows: an empty sheet still says what it is
		if err := x.startSheet("messages"); err != nil {
			x.out.abort()
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		x.out.abort()
		return err
	}
	if err := x.f.Write(io.Discard); err != nil {
		x.out.abort()
		return err
	}
	return x.out.Close()
}

// uniqueSheetName makes base a valid Excel sheet name (no []:*?/\, no
// leading or trailing apostrophe, at most 31 UTF-16 units, CJK kept) that
// is not in used, adding " (2)", " (3)"... when it is.
func uniqueSheetName(base string, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return '_'
		}
		if r < 0x20 {
			return -1
		}
		return r
	}, base)
	clean = strings.Trim(strings.TrimSpace(clean), "'")
	if clean == "" || strings.EqualFold(clean, "History") {
		clean = "sheet"
	}
	for i := 1; ; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf(" (%d)", i)
		}
		name := truncUTF16(clean, 31-len(suffix)) + suffix
		if !used[strings.ToLower(name)] {
			return name
		}
	}
}

// truncUTF16 cuts s to at most n UTF-16 code units on a rune boundary.
func truncUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > n {
			return strings.TrimRight(s[:i], " ")
		}
	}
	return s
}
