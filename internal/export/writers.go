package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

// Row is one exported message, already formatted for people.
type Row struct {
	Conversation, Time, From, Type, Content, Recalled, Media string
}

var header = []string{"conversation", "time", "from", "msgtype", "content", "recalled", "media"}

func (r Row) cells() []string {
	return []string{r.Conversation, r.Time, r.From, r.Type, r.Content, r.Recalled, r.Media}
}

// rowWriter writes rows to a file format; Close finishes the file.
type rowWriter interface {
	Write(r Row) error
	Close() error
}

// newWriter opens a writer for format over w. watermark names the
// requester and the time; it heads every file (and every PDF page).
func newWriter(format string, w io.Writer, watermark, fontPath string) (rowWriter, error) {
	switch format {
	case "csv":
		return newCSV(w, watermark)
	case "xlsx":
		return newXLSX(w, watermark)
	case "pdf":
		return newPDF(w, watermark, fontPath)
	}
	return nil, fmt.Errorf("export: unknown format %q", format)
}

// CSV: UTF-8 with a BOM so Excel reads CJK without mojibake.
type csvWriter struct{ c *csv.Writer }

func newCSV(w io.Writer, watermark string) (*csvWriter, error) {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	c := csv.NewWriter(w)
	if err := c.Write(append([]string{"# " + watermark}, make([]string, len(header)-1)...)); err != nil {
		return nil, err
	}
	return &csvWriter{c}, c.Write(header)
}

func (c *csvWriter) Write(r Row) error { return c.c.Write(r.cells()) }
func (c *csvWriter) Close() error      { c.c.Flush(); return c.c.Error() }

// XLSX: one sheet with a conversation column, written by excelize's
// StreamWriter (rows spill to a temp file, not memory).
type xlsxWriter struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	out io.Writer
	row int
}

func newXLSX(w io.Writer, watermark string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "messages"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("messages")
	if err != nil {
		return nil, err
	}
	x := &xlsxWriter{f: f, sw: sw, out: w, row: 1}
	if err := x.write([]string{watermark}); err != nil {
		return nil, err
	}
	return x, x.write(header)
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
	if x.row > excelize.TotalRows {
		return fmt.Errorf("export: more than %d rows for one sheet", excelize.TotalRows)
	}
	return x.write(r.cells())
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	return x.f.Write(x.out)
}

// PDF: a readable transcript in a CJK TrueType font. fpdf holds the
// document in memory, so PDF exports are capped at MaxPDFRows.
type pdfWriter struct {
	p    *fpdf.Fpdf
	out  io.Writer
	conv string
}

// MaxPDFRows bounds a PDF transcript (use CSV or XLSX for more).
const MaxPDFRows = 20000

func newPDF(w io.Writer, watermark, fontPath string) (*pdfWriter, error) {
	p := fpdf.New("P", "mm", "A4", filepath.Dir(fontPath))
	p.AddUTF8Font("cjk", "", filepath.Base(fontPath))
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("export: load font %s: %w", fontPath, err)
	}
	p.SetHeaderFunc(func() {
		p.SetFont("cjk", "", 8)
		p.SetTextColor(150, 150, 150)
		p.CellFormat(0, 5, watermark, "", 1, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("cjk", "", 8)
		p.CellFormat(0, 5, fmt.Sprintf("%d", p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	return &pdfWriter{p: p, out: w}, nil
}

func (x *pdfWriter) Write(r Row) error {
	p := x.p
	if r.Conversation != x.conv {
		x.conv = r.Conversation
		p.SetFont("cjk", "", 12)
		p.MultiCell(0, 7, "会话 Conversation: "+r.Conversation, "B", "L", false)
		p.Ln(2)
	}
	p.SetFont("cjk", "", 9)
	p.SetTextColor(80, 80, 80)
	p.MultiCell(0, 5, r.Time+"  "+r.From+"  ["+r.Type+"]", "", "L", false)
	p.SetTextColor(0, 0, 0)
	p.SetFont("cjk", "", 10)
	if r.Content != "" {
		p.MultiCell(0, 5, r.Content, "", "L", false)
	}
	if r.Recalled != "" {
		p.SetTextColor(200, 0, 0)
		p.MultiCell(0, 5, "【"+r.Recalled+"】", "", "L", false)
		p.SetTextColor(0, 0, 0)
	}
	if r.Media != "" {
		p.SetFont("cjk", "", 8)
		p.MultiCell(0, 4, strings.ReplaceAll(r.Media, "; ", "\n"), "", "L", false)
	}
	p.Ln(2)
	return p.Error()
}

func (x *pdfWriter) Close() error { return x.p.Output(x.out) }
