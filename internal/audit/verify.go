package audit

import (
	"context"
	"fmt"

	"wecomadmin/internal/store"
)

// Report is the result of walking the chain.
type Report struct {
	Intact             bool   `json:"intact"`
	Checked            int64  `json:"checked"`
	FirstBrokenID      *int64 `json:"first_broken_id"` // null when intact
	Reason             string `json:"reason"`
	HeadID             int64  `json:"head_id"`
	HeadHash           string `json:"head_hash"`
	CheckpointsChecked int    `json:"checkpoints_checked"`
}

func (r *Report) broken(id int64, format string, a ...any) {
	r.Intact, r.FirstBrokenID, r.Reason = false, &id, fmt.Sprintf(format, a...)
}

const verifyBatch = 2000

// Verify walks the chain in id order and reports the first broken link:
// a missing id (an entry deleted), an entry whose content no longer matches
// its hash (edited), a prev_hash that does not name the entry before
// (removed, inserted or reordered), or an entry that differs from a signed
// checkpoint (the chain rewritten and re-hashed). Checkpoint signatures and
// checkpoints beyond the chain's end (entries deleted from the end) are
// checked too.
func (r *Recorder) Verify(ctx context.Context) (Report, error) {
	rep := Report{Intact: true, HeadHash: store.GenesisHash}
	cps, err := r.st.ListAuditCheckpoints(ctx, 0)
	if err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	want := map[int64]store.AuditCheckpoint{}
	for i := len(cps) - 1; i >= 0; i-- { // oldest first
		c := cps[i]
		if r.signer != nil && c.KeyID == r.signer.KeyID() && !r.signer.Verify(c) {
			rep.broken(c.LastEventID, "checkpoint %d has a bad signature (checkpoint altered)", c.ID)
			return rep, nil
		}
		if _, ok := want[c.LastEventID]; !ok {
			want[c.LastEventID] = c
		}
	}
	prevID, prevHash := int64(0), store.GenesisHash
	for {
		batch, err := r.st.AuditAfter(ctx, prevID, verifyBatch)
		if err != nil {
			return rep, fmt.Errorf("audit: verify: %w", err)
		}
		for _, e := range batch {
			switch {
			case e.ID != prevID+1:
				rep.broken(e.ID, "entries %d to %d are missing (deleted)", prevID+1, e.ID-1)
			case Hash(e) != e.Hash:
				rep.broken(e.ID, "entry %d does not match its hash (altered)", e.ID)
			case e.PrevHash != prevHash:
				rep.broken(e.ID, "entry %d does not follow entry %d (removed, inserted or reordered)", e.ID, prevID)
			}
			if c, ok := want[e.ID]; ok && rep.Intact && c.LastHash != e.Hash {
				rep.broken(e.ID, "entry %d differs from signed checkpoint %d (chain rewritten)", e.ID, c.ID)
			}
			if !rep.Intact {
				return rep, nil
			}
			rep.Checked++
			prevID, prevHash = e.ID, e.Hash
		}
		if len(batch) < verifyBatch {
			break
		}
	}
	rep.HeadID, rep.HeadHash, rep.CheckpointsChecked = prevID, prevHash, len(cps)
	for _, c := range cps {
		if c.LastEventID > prevID {
			rep.broken(prevID+1, "checkpoint %d covers entries up to %d but the chain ends at %d (entries deleted from the end)",
				c.ID, c.LastEventID, prevID)
			return rep, nil
		}
	}
	return rep, nil
}
