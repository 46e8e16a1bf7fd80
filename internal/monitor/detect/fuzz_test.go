package detect

import (
	"os"
	"testing"
)

func FuzzParseCatalog(f *testing.F) {
	if data, err := os.ReadFile("testdata/monitoring/products.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"products":[{"name":"X","aliases":["Y"],"sex":"any","max_daily_dose_mg":5}]}`))
	f.Add([]byte("products:\n  - name: A\n    min_age_years: 20\n    max_age_years: 10\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog(data)
		if err != nil {
			return
		}
		if _, err := New(nil, c); err != nil {
			t.Fatalf("catalog parsed but New refused it: %v", err)
		}
	})
}

func FuzzParsePolicy(f *testing.F) {
	f.Add(DefaultPolicyYAML())
	f.Add([]byte(`{"version":"x"}`))
	f.Add([]byte("version: v\nrules: [{id: a, label: ae, anchor: nope}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			return
		}
		d, err := New(p, nil)
		if err != nil {
			t.Fatalf("policy parsed but New refused it: %v", err)
		}
		res := d.Classify(Input{Text: "我有个病人吃了以后出血 [红包] 13900001234"})
		checkResult(t, "我有个病人吃了以后出血 [红包] 13900001234", res)
	})
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"我有个病人吃瑞栓宁第三天开始牙龈出血，要不要先停？",
		"格维乐可以每天两次，一次10mg，控糖更快",
		"刘晓梅，身份证11010519580314002X，吃卡维莎后下肢静脉血栓",
		"[转账] ¥2000.00 主任辛苦了",
		"思眠宁一片不管用就吃两片，２０ｍｇ没事的",
		"Patient Zhang Wei's mobile is 136 0000 3390",
		"十五床三四个月半年mg毫克岁",
		"\xff\xfe invalid utf8 床",
	} {
		f.Add(s, "rep", "")
	}
	d := devDetector(f)
	f.Fuzz(func(t *testing.T, text, speaker, ctx string) {
		res := d.Classify(Input{Text: text, Speaker: speaker, Context: []string{ctx}})
		checkResult(t, text, res)
	})
}
