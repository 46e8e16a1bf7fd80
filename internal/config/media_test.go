package config

import (
	"strings"
	"testing"
	"time"
)

func TestMediaConfig(t *testing.T) {
	t.Parallel()
	cfg, err := Load(writeFile(t, `
corps: [{key: main, corp_id: ww1, base_url: http://x}, {key: other, corp_id: ww2, base_url: http://y}]
media:
  max_attempts: 5
  initial_backoff: 1s
  clamd: unix:/run/clamav/clamd.ctl
  corps:
    - corp: main
      allow_unscanned: true
      language: en-US
      stt: {engine: pocketsphinx}
      vocabulary: [adverse event, refund]
    - corp: other
      stt: {engine: azure, region: chinaeast2, key: "env:WA_AZ_KEY"}
  chunk_attempts: 6
`), []string{"WECOMADMIN_MEDIA_CONCURRENCY=3", "WECOMADMIN_MEDIA_CHUNK_MAX_BACKOFF=9s"})
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Media
	if m.MaxAttempts != 5 || m.InitialBackoff.D() != time.Second || m.Concurrency != 3 || m.MaxBackoff.D() != 10*time.Minute {
		t.Fatalf("%+v", m)
	}
	if m.ChunkAttempts != 6 || m.ChunkInitialBackoff.D() != 200*time.Millisecond || m.ChunkMaxBackoff.D() != 9*time.Second {
		t.Fatalf("chunk retry %+v", m)
	}
	main := m.CorpMedia("main")
	if !main.AllowUnscanned || main.Language != "en-US" || main.STT.Engine != "pocketsphinx" || len(main.Vocabulary) != 2 {
		t.Fatalf("main %+v", main)
	}
	if o := m.CorpMedia("other"); o.Language != "zh-CN" || o.AllowUnscanned || o.STT.Engine != "azure" {
		t.Fatalf("other %+v", o)
	}
	if d := Defaults().Media.CorpMedia("x"); d.Language != "zh-CN" || d.AllowUnscanned || d.STT.Engine != "none" {
		t.Fatalf("defaults %+v", d)
	}
	n, a, err := ParseClamd(m.Clamd)
	if err != nil || n != "unix" || a != "/run/clamav/clamd.ctl" {
		t.Fatalf("clamd %s %s %v", n, a, err)
	}
	if n, a, _ := ParseClamd("tcp:127.0.0.1:3310"); n != "tcp" || a != "127.0.0.1:3310" {
		t.Fatalf("tcp clamd %s %s", n, a)
	}
}

func TestMediaConfigErrorsNameTheKey(t *testing.T) {
	t.Parallel()
	const corps = "corps: [{key: main, corp_id: ww1, base_url: http://x}]\n"
	cases := map[string]string{
		"media: {max_attempts: 0}":                                              "media.max_attempts",
		"media: {multiplier: 0.5}":                                              "media.multiplier",
		"media: {initial_backoff: 1m, max_backoff: 1s}":                         "media.initial_backoff",
		"media: {concurrency: 0}":                                               "media.concurrency",
		"media: {max_size: -1}":                                                 "media.max_size",
		"media: {clamd: 'http://x'}":                                            "media.clamd",
		"media: {corps: [{corp: nope}]}":                                        "media.corps[0].corp",
		"media: {corps: [{corp: main}, {corp: main}]}":                          "media.corps[1].corp",
		"media: {corps: [{corp: main, stt: {engine: vosk}}]}":                   "media.corps[0].stt.engine",
		"media: {corps: [{corp: main, stt: {engine: azure, key: k}}]}":          "media.corps[0].stt.region",
		"media: {corps: [{corp: main, stt: {engine: azure, region: r}}]}":       "media.corps[0].stt.key",
		"media: {corps: [{corp: main, stt: {engine: openai}}]}":                 "media.corps[0].stt.url",
		"media: {corps: [{corp: main, stt: {engine: openai, url: 'ftp://x'}}]}": "media.corps[0].stt.url",
		"media: {bogus: 1}":                                                     "bogus",
		"media: {chunk_attempts: 0}":                                            "media.chunk_attempts",
		"media: {chunk_initial_backoff: 1m, chunk_max_backoff: 1s}":             "media.chunk_initial_backoff",
	}
	for body, want := range cases {
		_, err := Load(writeFile(t, corps+body), nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to name %s", body, err, want)
		}
	}
}
