package export

import (
	"fmt"
	"path/filepath"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// DefaultVolumeRows is how many messages one PDF volume holds. fpdf keeps
// a document in memory until it is written, so a transcript is cut into
// volumes (transcript-001.pdf...) that are each written and freed in turn:
// memory is bounded by one volume whatever the export's size.
const DefaultVolumeRows = 5000

// volume is one PDF file of a transcript, planned before writing so each
// file can say "volume k of n" and what it covers.
type volume struct {
	Rows     int
	From, To string   // time range (corp time zone)
	Convs    []string // the first few conversation ids
	NConv    int
}

type pdfOptions struct {
	FontPath string
	Volumes  []volume
	Total    int64
	ConvName func(id string) string // display name of a conversation
}

// pdfVolumes writes rows into consecutive volumes of the plan.
type pdfVolumes struct {
	ps    *partSet
	meta  docMeta
	o     pdfOptions
	k     int // current volume (0-based); -1 before the first
	p     *fpdf.Fpdf
	out   *partFile
	inVol int
	done  int64 // rows in finished volumes
	conv  string
}

func newPDFVolumes(ps *partSet, meta docMeta, o pdfOptions) (*pdfVolumes, error) {
	if len(o.Volumes) == 0 {
		o.Volumes = []volume{{}}
	}
	if o.ConvName == nil {
		o.ConvName = func(id string) string { return id }
	}
	v := &pdfVolumes{ps: ps, meta: meta, o: o, k: -1}
	return v, v.next()
}

// volumeName: a one-volume transcript keeps the export's name.
func (v *pdfVolumes) volumeName(k int) string {
	if len(v.o.Volumes) == 1 {
		return v.meta.Base + ".pdf"
	}
	return fmt.Sprintf("transcript-%03d.pdf", k+1)
}

// next finishes the open volume (if any) and starts the following one.
func (v *pdfVolumes) next() error {
	if v.p != nil {
		if err := v.finish(); err != nil {
			return err
		}
	}
	v.k++
	n := len(v.o.Volumes)
	p := fpdf.New("P", "mm", "A4", filepath.Dir(v.o.FontPath))
	p.AddUTF8Font("cjk", "", filepath.Base(v.o.FontPath))
	if err := p.Error(); err != nil {
		return fmt.Errorf("export: load font %s: %w", v.o.FontPath, err)
	}
	title := fmt.Sprintf("Export %d transcript, volume %d of %d", v.meta.ExportID, v.k+1, n)
	p.SetTitle(title, true)
	p.SetAuthor(v.meta.Requester, true)
	p.SetSubject(v.meta.Matter, true)
	p.SetCreator("wecomadmin", false)
	p.AliasNbPages("{nb}")
	head := fmt.Sprintf("%s · volume %d/%d", v.meta.Watermark, v.k+1, n)
	p.SetHeaderFunc(func() {
		p.SetFont("cjk", "", 8)
		p.SetTextColor(150, 150, 150)
		p.CellFormat(0, 5, head, "", 1, "R", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("cjk", "", 8)
		p.CellFormat(0, 5, fmt.Sprintf("volume %d/%d · page %d/{nb}", v.k+1, n, p.PageNo()), "", 0, "C", false, 0, "")
	})
	out, err := v.ps.create(v.volumeName(v.k))
	if err != nil {
		return err
	}
	v.p, v.out, v.inVol, v.conv = p, out, 0, ""
	p.AddPage()
	v.cover()
	return p.Error()
}

// cover opens each volume with what it is: matter, requester, watermark,
// volume k of n, the messages, conversations and time range it holds.
func (v *pdfVolumes) cover() {
	p, vol, n := v.p, v.o.Volumes[min(v.k, len(v.o.Volumes)-1)], len(v.o.Volumes)
	p.SetFont("cjk", "", 14)
	p.MultiCell(0, 8, "会话记录 Conversation transcript", "", "L", false)
	p.SetFont("cjk", "", 9)
	lines := []string{
		fmt.Sprintf("导出 Export %d · 第 %d 卷，共 %d 卷 · volume %d of %d", v.meta.ExportID, v.k+1, n, v.k+1, n),
		"事由 Matter: " + orDash(v.meta.Matter),
		"申请人 Requested by: " + v.meta.Requester + " · 生成 Generated: " + v.meta.Generated,
		fmt.Sprintf("消息 Messages: %d-%d of %d", v.done+1, v.done+int64(vol.Rows), v.o.Total),
		"时间范围 Time range: " + orDash(vol.From) + " to " + orDash(vol.To),
		"检索词 Query: " + orDash(v.meta.Query),
		"筛选条件 Filters: " + orDash(v.meta.Filters),
	}
	if vol.NConv > 0 {
		names := make([]string, len(vol.Convs))
		for i, c := range vol.Convs {
			names[i] = v.o.ConvName(c)
		}
		more := ""
		if vol.NConv > len(vol.Convs) {
			more = fmt.Sprintf(" ... (+%d more)", vol.NConv-len(vol.Convs))
		}
		lines = append(lines, fmt.Sprintf("会话 Conversations (%d): %s%s", vol.NConv, strings.Join(names, "; "), more))
	}
	lines = append(lines, v.meta.Watermark)
	for _, l := range lines {
		p.MultiCell(0, 5, l, "", "L", false)
	}
	p.Ln(4)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (v *pdfVolumes) Write(r Row) error {
	if v.k < len(v.o.Volumes)-1 && v.inVol >= v.o.Volumes[v.k].Rows {
		if err := v.next(); err != nil {
			return err
		}
	}
	v.inVol++
	p := v.p
	if r.Conversation != v.conv {
		v.conv = r.Conversation
		p.SetFont("cjk", "", 12)
		p.MultiCell(0, 7, "会话 Conversation: "+r.ConversationName+" ("+r.Conversation+")", "B", "L", false)
		p.Ln(2)
	}
	p.SetFont("cjk", "", 9)
	p.SetTextColor(80, 80, 80)
	from := r.FromName
	if from != r.From {
		from += " (" + r.From + ")"
	}
	p.MultiCell(0, 5, r.Time+"  "+from+"  ["+r.Type+"]  "+r.MsgID, "", "L", false)
	p.SetTextColor(0, 0, 0)
	p.SetFont("cjk", "", 10)
	if r.Content != "" {
		p.MultiCell(0, 5, r.Content, "", "L", false)
	}
	if r.Transcript != "" {
		p.MultiCell(0, 5, transcriptLabel(v.meta.Lang)+r.Transcript, "", "L", false)
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

// finish writes the open volume to its part and frees the document.
func (v *pdfVolumes) finish() error {
	p, out := v.p, v.out
	v.p, v.out = nil, nil
	v.done += int64(v.inVol)
	if err := p.Output(out); err != nil {
		out.abort()
		return fmt.Errorf("export: write %s: %w", out.name, err)
	}
	return out.Close()
}

func (v *pdfVolumes) Close() error {
	if v.p == nil {
		return nil
	}
	return v.finish()
}
