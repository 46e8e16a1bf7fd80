package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// vocab draws phrases and English words by a Zipf law over their rank, as
// chat text does: a few replies ("好的", "收到") are in a large share of
// messages, most drug and hospital names in very few. The ranks are the
// everyday replies, then the phrases above in their order, then a long
// tail of generated drug and hospital names.
type vocab struct {
	phrases, words []string
	pz, wz         *rand.Zipf
}

// chatter leads the ranks: the most frequent phrases of rep–HCP chats.
var chatter = []string{"好的", "收到", "谢谢", "请问您方便吗", "王医生您好", "明天见", "您辛苦了", "会议", "药", "患者随访"}

var (
	drugHeads = []string{"阿", "奥", "贝", "达", "恩", "伏", "吉", "卡", "拉", "洛", "米", "帕", "瑞", "索", "特", "维", "西", "伊"}
	drugTails = []string{"替尼", "单抗", "普利", "沙坦", "洛尔", "他汀", "西林", "霉素", "唑仑", "格列"}
	cities    = []string{"北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安", "南京", "重庆", "天津", "苏州"}
)

func newVocab(r *rand.Rand) vocab {
	ranked := append([]string(nil), chatter...)
	for _, p := range phrases {
		if !strings.Contains(strings.Join(chatter, "|")+"|", p+"|") {
			ranked = append(ranked, p)
		}
	}
	mids := []string{"法", "莫", "普", "达", "非", "格", "美"}
	for i, t := range drugTails {
		for j, h := range drugHeads {
			ranked = append(ranked, h+mids[(i*len(drugHeads)+j)%len(mids)]+t)
		}
	}
	for n := 1; n <= 20; n++ {
		for _, c := range cities {
			ranked = append(ranked, c+"市第"+strconv.Itoa(n)+"人民医院")
		}
	}
	return vocab{phrases: ranked, words: words,
		pz: rand.NewZipf(r, 1.1, 2, lastIndex(ranked)), wz: rand.NewZipf(r, 1.2, 1, lastIndex(words))}
}

// lastIndex: the Zipf bound for a list, which is never empty here (both
// lists are built from fixed tables above).
func lastIndex(xs []string) uint64 {
	if len(xs) == 0 {
		return 0
	}
	return uint64(len(xs) - 1) // #nosec G115 -- len(xs) >= 1, so len-1 >= 0
}

func (v vocab) phrase() string { return v.phrases[v.pz.Uint64()] }
func (v vocab) word() string   { return v.words[v.wz.Uint64()] }

// text is one message body shaped as Text's, its vocabulary skewed.
func (v vocab) text(r *rand.Rand) string {
	var b strings.Builder
	for k := 1 + r.IntN(4); k > 0; k-- {
		switch x := r.IntN(10); {
		case x < 7:
			b.WriteString(v.phrase())
		case x < 9:
			b.WriteString(" " + v.word() + " ")
		default:
			writePhone(&b, r)
		}
		if r.IntN(3) == 0 {
			b.WriteString("，")
		}
	}
	return b.String()
}

// writePhone writes a mainland mobile number after 电话.
func writePhone(b *strings.Builder, r *rand.Rand) {
	b.WriteString("电话1")
	b.WriteString(strconv.Itoa(30 + r.IntN(60)))
	n := strconv.Itoa(r.IntN(100000000))
	b.WriteString(strings.Repeat("0", 8-len(n)) + n)
}
