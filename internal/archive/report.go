package archive

import (
	"context"
	"fmt"
)

// CorpReport is one corp's completeness report (wecomadmin ingest --report,
// the status API).
type CorpReport struct {
	Corp              string           `json:"corp"`
	CorpID            string           `json:"corp_id"`
	Status            string           `json:"status"`
	LastError         string           `json:"last_error,omitempty"`
	LastSeq           int64            `json:"last_seq"`
	Messages          int64            `json:"messages"`
	ByMsgType         map[string]int64 `json:"by_msgtype"`
	UnknownTypes      int64            `json:"unknown_types"`
	PartiallyParsed   int64            `json:"partially_parsed"`
	Undecryptable     int64            `json:"undecryptable"`
	QuarantineReasons map[string]int64 `json:"quarantine_reasons"`
	SeqGaps           int64            `json:"seq_gaps"`
	MediaReferenced   int64            `json:"media_referenced"`
	MediaPending      int64            `json:"media_pending"`
	RSAOps            int64            `json:"rsa_ops"`
	RandomKeyCacheHit int64            `json:"random_key_cache_hits"`
	LastPullAt        int64            `json:"last_pull_at"`
}

// Report returns every corp's report in configuration order.
func (in *Ingester) Report(ctx context.Context) ([]CorpReport, error) {
	ids := in.CorpIDs()
	out := make([]CorpReport, 0, len(ids))
	for _, id := range ids {
		c, ok := in.corp(id)
		if !ok {
			continue // removed meanwhile
		}
		st, err := in.st.ArchiveStats(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("archive: report %s: %w", id, err)
		}
		r := CorpReport{Corp: c.Key, CorpID: id, Status: st.Cursor.Status, LastError: st.Cursor.LastError,
			LastSeq: st.Cursor.Seq, Messages: st.Messages, ByMsgType: st.ByType, UnknownTypes: st.Unknown,
			PartiallyParsed: st.Partial, QuarantineReasons: st.Quarantined, SeqGaps: st.Cursor.SeqGaps,
			MediaReferenced: st.MediaReferenced, MediaPending: st.MediaPending, LastPullAt: st.Cursor.LastPullAt}
		for _, n := range st.Quarantined {
			r.Undecryptable += n
		}
		if c.Keys != nil {
			r.RandomKeyCacheHit, r.RSAOps = c.Keys.CacheStats()
		}
		out = append(out, r)
	}
	return out, nil
}
