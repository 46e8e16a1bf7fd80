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
	MsgTime                                                                              int64 // ms, for volume time ranges
}

var header = []string{"conversation", "conversation_name", "time", "from", "from_name", "msgtype", "content", "recalled", "media"}

func (r Row) cells() []string {
	return []string{r.Conversation, r.ConversationName, r.Time, r.From, r.FromName, r.Type, r.Content, r.Recalled, r.Media}
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
		return newCSV(pf, meta.Watermark)
	case "xlsx":
		pf, err := ps.create(meta.Base + ".xlsx")
		if err != nil {
			return nil, err
		}
		return newXLSX(pf, meta.Watermark, layout == LayoutPerConversation)
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

func newCSV(pf *partFile, watermark string) (*csvWriter, error) {
	if _, err := io.WriteString(pf, "\uFEFF"); err != nil {
		pf.abort()
		return nil, err
	}
	c := csv.NewWriter(pf)
	if err := c.Write(append([]string{"# " + watermark}, make([]string, len(header)-1)...)); err != nil {
		pf.abort()
		return nil, err
	}
	return &csvWriter{c, pf}, c.Write(header)
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
