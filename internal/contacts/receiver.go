package contacts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/reqmeta"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom/callback"
)

// Rejection kinds; httpapi maps them to 403, 400 and 413.
const (
	RejectSignature = "bad_signature"
	RejectReceiveID = "wrong_receiveid"
	RejectMalformed = "malformed"
	RejectTooLarge  = "too_large"
	RejectStale     = "stale_timestamp"
)

// RejectError is a callback refused before it reached the inbox.
type RejectError struct {
	Kind string
	Err  error
}

func (e *RejectError) Error() string {
	return "contacts: callback rejected (" + e.Kind + "): " + e.Err.Error()
}
func (e *RejectError) Unwrap() error { return e.Err }

// CallbackQuery is the query of a callback request.
type CallbackQuery struct {
	Signature string // msg_signature
	Timestamp string
	Nonce     string
	EchoStr   string // GET only, already URL-decoded
}

// callbackMaxSkew is how far a callback's signed timestamp may be from our
// clock: WeCom's retries come within minutes, so an hour allows for them
// and for clock skew, while a captured callback cannot be replayed later.
const callbackMaxSkew = time.Hour

// fresh refuses a callback whose signed timestamp is missing or too far
// from now (finding 12: replayed callbacks).
func (s *Service) fresh(ts string) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return &RejectError{Kind: RejectStale, Err: fmt.Errorf("timestamp %.20q is not Unix seconds", ts)}
	}
	if d := s.now().Sub(time.Unix(sec, 0)); d > callbackMaxSkew || d < -callbackMaxSkew {
		return &RejectError{Kind: RejectStale, Err: fmt.Errorf("timestamp %d is %s from now", sec, d.Round(time.Second))}
	}
	return nil
}

// MaxBody is the largest callback body accepted.
func (s *Service) MaxBody() int64 { return s.opt.MaxBody }

// VerifyURL answers WeCom's GET verification with the decrypted echostr.
func (s *Service) VerifyURL(ctx context.Context, corpKey string, q CallbackQuery) ([]byte, error) {
	c, ok := s.corpByKey(corpKey)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownCorp, corpKey)
	}
	msg, err := c.crypt.VerifyURL(q.Signature, q.Timestamp, q.Nonce, q.EchoStr)
	if err != nil {
		return nil, s.reject(ctx, c, "verify_url", err)
	}
	return msg, nil
}

// Receive checks, decrypts and parses one POSTed callback and stores it in
// the durable inbox; once it returns nil the caller answers "success".
// WeCom's retries of the same event decrypt to the same plaintext, so the
// inbox de-duplicates on a hash of it; distinct events differ in their
// content (time, change type, ids) and are never merged.
func (s *Service) Receive(ctx context.Context, corpKey string, q CallbackQuery, body []byte) error {
	c, ok := s.corpByKey(corpKey)
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownCorp, corpKey)
	}
	if int64(len(body)) > s.opt.MaxBody {
		return s.reject(ctx, c, "receive", &RejectError{Kind: RejectTooLarge, Err: fmt.Errorf("body over %d bytes", s.opt.MaxBody)})
	}
	plain, err := c.crypt.DecryptMsg(q.Signature, q.Timestamp, q.Nonce, body)
	if err != nil {
		return s.reject(ctx, c, "receive", err)
	}
	// The timestamp is signed: only now does it mean anything.
	if err := s.fresh(q.Timestamp); err != nil {
		return s.reject(ctx, c, "receive", err)
	}
	ev, err := callback.Parse(plain)
	if err != nil {
		return s.reject(ctx, c, "receive", err)
	}
	h := callback.HeaderOf(ev)
	sum := sha256.Sum256(plain)
	// Answer inside WeCom's 5 s even when the database is slow: a timeout
	// fails the request and WeCom retries, which the dedupe key absorbs.
	ictx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	id, dup, err := s.st.InsertInbox(ictx, store.InboxItem{CorpID: c.corpID, DedupeKey: hex.EncodeToString(sum[:]),
		Event: h.Event, ChangeType: h.ChangeType, EventTime: h.CreateTime, Payload: string(plain)})
	if err != nil {
		return fmt.Errorf("contacts: store callback: %w", err)
	}
	if dup {
		s.obs.CallbackReceived(c.corpID, h.Event, "duplicate")
		return nil
	}
	s.obs.CallbackReceived(c.corpID, h.Event, "accepted")
	if e, ok := ev.(*callback.ExternalContactChange); ok && e.ChangeType == callback.ChangeAddExternalContact && e.WelcomeCode != "" {
		// The welcome code lives 20 s: send it now, beside the inbox backlog.
		s.enqueueWelcome(welcomeJob{corpID: c.corpID, userID: e.UserID, externalUserID: e.ExternalUserID,
			code: e.WelcomeCode, receivedAt: s.nowMS(), inboxID: id})
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// reject classifies a crypto or parse failure, logs and audits it.
func (s *Service) reject(ctx context.Context, c *corpEntry, op string, err error) error {
	var re *RejectError
	if !errors.As(err, &re) {
		kind := RejectMalformed
		switch {
		case errors.Is(err, callback.ErrValidateSignature):
			kind = RejectSignature
		case errors.Is(err, callback.ErrValidateReceiveID):
			kind = RejectReceiveID
		}
		re = &RejectError{Kind: kind, Err: err}
	}
	s.obs.CallbackReceived(c.corpID, "", "rejected_"+re.Kind)
	suppressed, ok := s.rejects.allow(c.corpID+"/"+re.Kind, s.now())
	if !ok {
		return re // a flood of forgeries: counted, logged and audited in the next window
	}
	meta := reqmeta.From(ctx)
	s.log.WarnContext(ctx, "callback rejected", "corp_id", c.corpID, "op", op, "kind", re.Kind, "err", re.Err,
		"request_id", meta.RequestID, "ip", meta.IP, "suppressed", suppressed)
	code := 0
	var ce *callback.Error
	if errors.As(err, &ce) {
		code = ce.Code
	}
	s.record(ctx, audit.Event{Action: audit.CallbackReject, CorpID: c.corpID, Target: c.key, Outcome: audit.Denied, Reason: re.Kind,
		Metadata: map[string]any{"op": op, "crypto_code": code, "suppressed_since_last": suppressed}})
	return re
}

// rejectLimiter keeps a flood of forged callbacks from flooding the log
// and the audit chain: per corp and kind, at most burst entries per window;
// the rest are counted and reported with the next entry.
type rejectLimiter struct {
	mu     sync.Mutex
	window time.Duration
	burst  int
	state  map[string]*rejectWindow
}

type rejectWindow struct {
	start      time.Time
	n          int
	suppressed int
}

func (l *rejectLimiter) allow(key string, now time.Time) (suppressed int, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.state[key]
	if w == nil || now.Sub(w.start) >= l.window {
		prev := 0
		if w != nil {
			prev = w.suppressed
		}
		w = &rejectWindow{start: now}
		l.state[key] = w
		w.n = 1
		return prev, true
	}
	if w.n < l.burst {
		w.n++
		return 0, true
	}
	w.suppressed++
	return 0, false
}
