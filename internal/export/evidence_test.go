package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/export"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestExportCarriesEvidence: a hit found only in a voice message's
// transcript is exported with the transcript text and its message id, under
// the query and filters that found it, in the language asked for.
func TestExportCarriesEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := setup(t, b, `{}`)
		bg := context.Background()
		if _, err := f.st.InsertMessage(bg, store.Message{CorpID: "wwc1", MsgID: "v1", Seq: 200, MsgType: "voice", From: "e0",
			ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_700_000_200_000, HasMedia: 1}); err != nil {
			t.Fatal(err)
		}
		storetest.Exec(t, f.st, `INSERT INTO media (corp_id, msgid, sdkfileid, kind, filename, blob_key, sha256, state, created_at, updated_at)
			VALUES ('wwc1', 'v1', 'fv', 'voice', 'v1.amr', 'media/v1', 'abc', 'transcribed', 0, 0)`)
		storetest.Exec(t, f.st, `INSERT INTO media_transcripts (media_id, corp_id, engine, language, text, created_at)
			SELECT id, corp_id, 'test', 'zh', '患者服药后出现严重皮疹', 0 FROM media WHERE msgid = 'v1'`)
		if err := f.st.IndexMessageText(bg, "wwc1", "v1", "患者服药后出现严重皮疹"); err != nil {
			t.Fatal(err)
		}
		ctx := as(7, "rev", auth.Grant{Role: auth.RoleReviewer})
		if _, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "csv", Params: export.Params{Q: "皮疹", Lang: "fr"}}); err == nil {
			t.Fatal("an unknown lang was accepted")
		} else if in := (*export.InputError)(nil); !errors.As(err, &in) {
			t.Fatalf("lang: %v", err)
		}
		yes := true
		e, err := f.svc.Request(ctx, export.Request{CorpID: "wwc1", Format: "csv", Params: export.Params{Q: "皮疹", Lang: "en",
			Filter: store.MessageFilter{MsgTypes: []string{"voice"}, HasMedia: &yes}}})
		if err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.download(t, ctx, e.ID), []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 5 || recs[1][0] != "# Query: 皮疹" || recs[2][0] != "# Filters: message types: Voice; has media: yes" {
			t.Fatalf("preamble %q", recs)
		}
		if h := recs[3]; h[5] != "msgtype" || h[9] != "transcript" || h[10] != "msgid" {
			t.Fatalf("header %q", h)
		}
		if r := recs[4]; r[5] != "Voice" || r[9] != "患者服药后出现严重皮疹" || r[10] != "v1" || !bytes.Contains([]byte(r[8]), []byte("v1.amr")) {
			t.Fatalf("row %q", r)
		}
	})
}
