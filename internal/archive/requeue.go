package archive

import (
	"context"
	"encoding/json"
	"fmt"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/store"
)

// QuarantineStore is what RetryQuarantined needs beyond Store.
type QuarantineStore interface {
	QuarantinedRecords(ctx context.Context, corpID string) ([]store.QuarantinedRecord, error)
	ResolveQuarantined(ctx context.Context, corpID string, seq int64) error
}

// RetryQuarantined decrypts a corp's quarantined records again with the
// keys held now (an admin supplied a missing key version) and stores those
// that succeed, each with its media jobs, resolving their quarantine rows
// in the same transaction. It returns how many were recovered.
func (in *Ingester) RetryQuarantined(ctx context.Context, corpID string, qs QuarantineStore) (int, error) {
	c, ok := in.corp(corpID)
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownCorp, corpID)
	}
	rows, err := qs.QuarantinedRecords(ctx, corpID)
	if err != nil {
		return 0, err
	}
	recovered := 0
	for _, q := range rows {
		var rec finance.Record
		if json.Unmarshal([]byte(q.Record), &rec) != nil || rec.Seq == 0 {
			continue
		}
		d, err := in.decodeOne(ctx, c, rec)
		if err != nil {
			return recovered, err
		}
		if d.reason != "" {
			continue
		}
		err = in.st.WithTx(ctx, func(ctx context.Context) error {
			inserted, err := in.st.InsertMessage(ctx, row(corpID, d))
			if err != nil {
				return err
			}
			if inserted && in.media != nil {
				for _, m := range d.parsed.Media {
					if err := in.media.EnqueueMedia(ctx, corpID, d.parsed.MsgID, m); err != nil {
						return err
					}
				}
			}
			if id := d.parsed.ConversationID(); inserted && id != "" {
				cv := store.Conversation{CorpID: corpID, ConversationID: id, Kind: "single", RoomID: d.parsed.RoomID,
					Participants: d.parsed.Participants(), FirstMsgTime: d.parsed.MsgTime, LastMsgTime: d.parsed.MsgTime, MessageCount: 1}
				if cv.RoomID != "" {
					cv.Kind = "group"
				}
				if err := in.st.TouchConversation(ctx, cv); err != nil {
					return err
				}
			}
			return qs.ResolveQuarantined(ctx, corpID, q.Seq)
		})
		if err != nil {
			return recovered, fmt.Errorf("archive: retry seq %d: %w", q.Seq, err)
		}
		recovered++
	}
	return recovered, nil
}
