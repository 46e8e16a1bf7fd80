package archive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/store"
)

// SyncResult is what one SyncOnce did.
type SyncResult struct {
	Pages       int
	Records     int
	Stored      int
	Duplicates  int
	Quarantined int
	Unknown     int
	Gaps        int64
	LastSeq     uint64
	Status      string
}

// decoded is one record after decryption and parsing, or its quarantine reason.
type decoded struct {
	rec    finance.Record
	plain  []byte
	parsed Parsed
	reason string // quarantine reason; "" when parsed
	detail string
}

// SyncOnce pulls a corp's archive from its committed seq until an empty
// page, committing each page with its cursor in one transaction. Fetching
// and decrypting the next page overlaps storing the current one.
func (in *Ingester) SyncOnce(ctx context.Context, corpID string) (SyncResult, error) {
	c, ok := in.corp(corpID)
	if !ok {
		return SyncResult{}, fmt.Errorf("%w: %s", ErrUnknownCorp, corpID)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, err := in.st.ArchiveCursor(ctx, corpID)
	if err != nil {
		return SyncResult{}, err
	}
	res := SyncResult{LastSeq: uint64(cur.Seq)}
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []decoded, 1)
	fetchErr := make(chan error, 1)
	go func() {
		defer close(pages)
		fetchErr <- in.fetch(pctx, c, uint64(cur.Seq), pages)
	}()
	var commitErr error
	for page := range pages {
		if commitErr != nil {
			continue // drain so the fetcher ends
		}
		if commitErr = in.commit(ctx, c, page, &res); commitErr != nil {
			cancel()
		}
	}
	err = errors.Join(commitErr, <-fetchErr)
	if commitErr != nil {
		err = commitErr
	}
	in.recordStatus(ctx, corpID, cur.Seq, &res, err)
	return res, err
}

// fetch pulls pages after seq until an empty one, decrypting each.
func (in *Ingester) fetch(ctx context.Context, c *corpState, after uint64, out chan<- []decoded) error {
	for {
		recs, err := in.pull(ctx, c, after)
		if err != nil || len(recs) == 0 {
			return err
		}
		page, err := in.decode(ctx, c, recs)
		if err != nil {
			return err
		}
		select {
		case out <- page:
		case <-ctx.Done():
			return ctx.Err()
		}
		after = recs[len(recs)-1].Seq
	}
}

// pull calls GetChatData, retrying transient failures with backoff.
func (in *Ingester) pull(ctx context.Context, c *corpState, after uint64) ([]finance.Record, error) {
	req := finance.ChatRequest{Seq: after, Limit: in.opt.Limit, Timeout: in.opt.Timeout}
	return retry(ctx, in.opt, func() ([]finance.Record, error) { return c.Source.GetChatData(ctx, req) })
}

func retry[T any](ctx context.Context, o Options, call func() (T, error)) (T, error) {
	wait := o.InitialBackoff
	for attempt := 1; ; attempt++ {
		v, err := call()
		if err == nil || !finance.IsTransient(err) || attempt >= o.MaxAttempts {
			return v, err
		}
		o.Log.Debug("archive call retried", "attempt", attempt, "err", err)
		jitter := time.Duration(rand.Int64N(int64(wait)/2 + 1))
		select {
		case <-time.After(wait/2 + jitter):
		case <-ctx.Done():
			return v, ctx.Err()
		}
		wait = min(wait*2, o.MaxBackoff)
	}
}

// decode decrypts and parses a page on Workers goroutines (RSA dominates).
func (in *Ingester) decode(ctx context.Context, c *corpState, recs []finance.Record) ([]decoded, error) {
	out := make([]decoded, len(recs))
	errs := make([]error, len(recs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < in.opt.Workers; w++ {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = in.decodeOne(ctx, c, recs[i])
			}
		})
	}
	for i := range recs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// decodeOne returns a quarantine reason for a bad record, and an error only
// for a transient failure (the page is then pulled again).
func (in *Ingester) decodeOne(ctx context.Context, c *corpState, r finance.Record) (decoded, error) {
	d := decoded{rec: r}
	rk, err := c.Keys.RandomKey(r.PublicKeyVer, r.EncryptRandomKey)
	switch {
	case errors.Is(err, ErrKeyVersion):
		d.reason, d.detail = "key_version_missing", err.Error()
		return d, nil
	case errors.Is(err, errBase64):
		d.reason, d.detail = "bad_base64", err.Error()
		return d, nil
	case errors.Is(err, errRSA):
		d.reason, d.detail = "rsa_decrypt", err.Error()
		return d, nil
	case err != nil:
		// Not a verdict on this record (RandomKey has none today): fail the
		// page, pulled again, rather than quarantine for an unknown cause.
		return d, fmt.Errorf("archive: random key seq %d: %w", r.Seq, err)
	}
	plain, err := retry(ctx, in.opt, func() ([]byte, error) { return c.Source.DecryptData(ctx, rk, r.EncryptChatMsg) })
	if err != nil {
		// Only an SDK verdict on this record quarantines it; a transient
		// failure or a worker that cannot start fails the page, which is
		// pulled again, so no record is set aside for a local problem.
		var fe *finance.Error
		if !errors.As(err, &fe) || fe.Transient() || ctx.Err() != nil {
			return d, fmt.Errorf("archive: decrypt seq %d: %w", r.Seq, err)
		}
		d.reason, d.detail = "decrypt", err.Error()
		return d, nil
	}
	d.plain = plain
	if d.parsed, err = Parse(plain); err != nil {
		d.reason, d.detail = "bad_json", err.Error()
	}
	return d, nil
}

// commit stores one page and its cursor in one transaction.
func (in *Ingester) commit(ctx context.Context, c *corpState, page []decoded, res *SyncResult) error {
	r := *res
	r.Pages++
	err := in.st.WithTx(ctx, func(ctx context.Context) error {
		convs := map[string]*store.Conversation{}
		var convOrder []string
		var lastTime int64
		for _, d := range page {
			seq := d.rec.Seq
			if seq <= r.LastSeq && r.LastSeq > 0 {
				continue // re-served record already behind the cursor
			}
			if r.LastSeq > 0 && seq > r.LastSeq+1 {
				r.Gaps += int64(seq - r.LastSeq - 1)
			}
			r.LastSeq = seq
			r.Records++
			if d.reason != "" {
				if err := in.quarantine(ctx, c.CorpID, d); err != nil {
					return err
				}
				r.Quarantined++
				continue
			}
			msg := row(c.CorpID, d)
			inserted, err := in.st.InsertMessage(ctx, msg)
			if err != nil {
				return err
			}
			if !inserted {
				r.Duplicates++
				continue
			}
			if err := in.classify(ctx, msg); err != nil {
				return err
			}
			r.Stored++
			if d.parsed.Status == "unknown" {
				r.Unknown++
			}
			for _, m := range d.parsed.Media {
				if in.media != nil {
					if err := in.media.EnqueueMedia(ctx, c.CorpID, d.parsed.MsgID, m); err != nil {
						return fmt.Errorf("archive: enqueue media %s: %w", d.parsed.MsgID, err)
					}
				}
			}
			lastTime = max(lastTime, d.parsed.MsgTime)
			if id := d.parsed.ConversationID(); id != "" {
				cv := convs[id]
				if cv == nil {
					cv = &store.Conversation{CorpID: c.CorpID, ConversationID: id, Kind: "single", RoomID: d.parsed.RoomID,
						FirstMsgTime: d.parsed.MsgTime}
					if d.parsed.RoomID != "" {
						cv.Kind = "group"
					}
					convs[id] = cv
					convOrder = append(convOrder, id)
				}
				cv.Participants = append(cv.Participants, d.parsed.Participants()...)
				cv.FirstMsgTime = min(cv.FirstMsgTime, d.parsed.MsgTime)
				cv.LastMsgTime = max(cv.LastMsgTime, d.parsed.MsgTime)
				cv.MessageCount++
			}
		}
		for _, id := range convOrder {
			if err := in.st.TouchConversation(ctx, *convs[id]); err != nil {
				return err
			}
		}
		// The fence comes last: it locks the lease row until the commit, and
		// taken first it would hold back the lease's renewal for the whole
		// page (a thousand messages and their media jobs), long enough on a
		// loaded machine for the lease to lapse while this replica still
		// pulls. Checked here it still commits or fails with the page.
		if in.opt.Fence != nil {
			if err := in.opt.Fence(ctx); err != nil {
				return err
			}
		}
		return in.st.AdvanceArchiveCursor(ctx, c.CorpID, int64(r.LastSeq), r.Gaps-res.Gaps, lastTime)
	})
	if err != nil {
		return fmt.Errorf("archive: commit page ending seq %d: %w", r.LastSeq, err)
	}
	*res = r
	return nil
}

func (in *Ingester) quarantine(ctx context.Context, corpID string, d decoded) error {
	rec, _ := json.Marshal(d.rec)
	in.opt.Log.Warn("archive record quarantined", "corp_id", corpID, "msg_seq", d.rec.Seq, "reason", d.reason)
	return in.st.QuarantineRecord(ctx, store.QuarantinedRecord{CorpID: corpID, Seq: int64(d.rec.Seq), MsgID: d.rec.MsgID,
		PublicKeyVer: d.rec.PublicKeyVer, Reason: d.reason, Detail: d.detail, Record: string(rec)})
}

func row(corpID string, d decoded) store.Message {
	p := d.parsed
	to, _ := json.Marshal(p.ToList)
	meta, err := json.Marshal(p.Meta)
	if err != nil || p.Meta == nil {
		meta = []byte("{}")
	}
	return store.Message{CorpID: corpID, MsgID: safeText(p.MsgID), Seq: int64(d.rec.Seq), PublicKeyVer: d.rec.PublicKeyVer,
		Action: safeText(p.Action), MsgType: safeText(p.MsgType), From: safeText(p.From), ToList: string(to),
		RoomID: safeText(p.RoomID), ConversationID: safeText(p.ConversationID()), MsgTime: p.MsgTime,
		Content: safeText(p.Content), PreMsgID: safeText(p.PreMsgID), HasMedia: len(p.Media), ParseStatus: p.Status,
		Raw: safeText(string(d.plain)), Meta: string(meta)}
}
