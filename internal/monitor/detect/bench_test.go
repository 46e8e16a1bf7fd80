package detect

import (
	"testing"

	"wecomadmin/internal/textindex"
)

// BenchmarkClassify and BenchmarkTokenize run over the same dev-corpus
// messages so the classification cost reads against tokenising alone
// (ingest tokenises every message for search already).
func BenchmarkClassify(b *testing.B) {
	d := devDetector(b)
	recs := loadCorpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := recs[i%len(recs)]
		d.Classify(Input{Text: r.Text, Lang: r.Lang, Speaker: r.Speaker})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func BenchmarkTokenize(b *testing.B) {
	recs := loadCorpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		textindex.Tokenize(recs[i%len(recs)].Text)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func BenchmarkNew(b *testing.B) {
	d := devDetector(b)
	p, c := d.Policy(), d.Catalog()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(p, c); err != nil {
			b.Fatal(err)
		}
	}
}
