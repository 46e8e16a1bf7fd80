package textindex

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkTokenize: the Go side of indexing one message (both renderings),
// beside plain normalization (the floor any tokenizer pays).
func BenchmarkTokenize(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	words := []string{"王医生您好", "关于药物不良反应的报告", "学术会议通知", " meeting ", "电话13800138000", "ＰＤ－１抑制剂", "，"}
	texts := make([]string, 256)
	for i := range texts {
		for k := 0; k < 4; k++ {
			texts[i] += words[r.IntN(len(words))]
		}
	}
	b.Run("normalize", func(b *testing.B) {
		for i := range b.N {
			_ = Normalize(texts[i%len(texts)])
		}
	})
	b.Run("tokenize_fts5", func(b *testing.B) {
		for i := range b.N {
			_, _, _ = Tokenize(texts[i%len(texts)]).FTS5()
		}
	})
	b.Run("tokenize_tsvector", func(b *testing.B) {
		for i := range b.N {
			_ = Tokenize(texts[i%len(texts)]).TSVector()
		}
	})
}
