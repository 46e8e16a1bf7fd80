package export

import (
	"encoding/csv"
	"fmt"
	"io"

	"wecomadmin/internal/csvcell"
)

// Row is one exported message, already formatted for people.
type Row struct {
	Conversation, ConversationName, Time, From, FromName, Type, Content, Recalled, Media string
	Transcript                                                                           string // of a voice message or call: the evidence a hit was found in
	MsgID                                                                                string
	MsgTime                                                                              int64 // ms, for volume time ranges
}

// cells are in the order of header (cover.go).
func (r Row) cells() []string {
	return []string{r.Conversation, r.ConversationName, r.Time, r.From, r.FromName, r.Type, r.Content, r.Recalled, r.Media,
		r.Transcript, r.MsgID}
}

// rowWriter writes rows to a file format; Close finishes its parts.
type rowWriter interface {
	Write(r Row) error
	Close() error
}

// docMeta is what every file says about itself: who asked, why, when.
type docMeta struct {
	ExportID  int64
	Base      string // file name without extension: export-<id>
	Requester string
	Matter    string
	Generated string // in the corp's time zone
	Watermark string
	Lang      string // LangZH (default) or LangEN: headers, type labels, cover
	Query     string // the search that produced the export ("" for whole conversations)
	Filters   string // its filters in words (describeParams)
}

// Layouts of an XLSX export.
const (
	LayoutSingle          = "single"           // one sheet with a conversation column (default)
	LayoutPerConversation = "per_conversation" // one sheet per conversation
)

// newWriter opens a writer for format whose files are parts of ps.
func newWriter(format string, ps *partSet, meta docMeta, layout string, pdf pdfOptions) (rowWriter, error) {
	switch format {
	case "csv":
		pf, err := ps.create(meta.Base + ".csv")
		if err != nil {
			return nil, err
		}
		return newCSV(pf, meta)
	case "xlsx":
		pf, err := ps.create(meta.Base + ".xlsx")
		if err != nil {
			return nil, err
		}
		return newXLSX(pf, meta, layout == LayoutPerConversation)
	case "pdf":
		return newPDFVolumes(ps, meta, pdf)
	}
	return nil, fmt.Errorf("export: unknown format %q", format)
}

// CSV: UTF-8 with a BOM so Excel reads CJK without mojibake.
type csvWriter struct {
	c   *csv.Writer
	out *partFile
}

func newCSV(pf *partFile, meta docMeta) (*csvWriter, error) {
	if _, err := io.WriteString(pf, "\uFEFF"); err != nil {
		pf.abort()
		return nil, err
	}
	c := csv.NewWriter(pf)
	for _, r := range csvPreamble(meta) {
		if err := c.Write(r); err != nil {
			pf.abort()
			return nil, err
		}
	}
	return &csvWriter{c, pf}, c.Write(headerFor(meta.Lang))
}

// csvPreamble: the watermark, then the query and filters that produced the
// export, each a "# " row as wide as the table, before the column headers.
func csvPreamble(meta docMeta) [][]string {
	pad := func(s string) []string { return append([]string{"# " + s}, make([]string, len(header)-1)...) }
	out := [][]string{pad(meta.Watermark)}
	for _, l := range meta.coverLines() {
		if l.Search {
			out = append(out, pad(l.Label+": "+l.Value))
		}
	}
	return out
}

// Write neutralizes formula-like cells: message text is chosen by whoever
// sent the message (see csvcell).
func (c *csvWriter) Write(r Row) error { return c.c.Write(csvcell.Row(r.cells())) }

func (c *csvWriter) Close() error {
	c.c.Flush()
	if err := c.c.Error(); err != nil {
		c.out.abort()
		return err
	}
	return c.out.Close()
}
