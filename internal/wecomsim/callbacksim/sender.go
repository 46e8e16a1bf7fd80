// Package callbacksim is the simulator's callback sender: it signs and
// encrypts events exactly as WeCom does (WXBizMsgCrypt) and POSTs them to
// the portal's callback URL, retrying failures (three attempts in all, as
// WeCom does).
package callbacksim

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"wecomadmin/internal/wecom/callback"
)

// Sender delivers events to one callback URL.
type Sender struct {
	URL      string // e.g. http://127.0.0.1:8080/wecom/callback/main
	AgentID  string
	Client   *http.Client
	Attempts int           // default 3
	Backoff  time.Duration // between attempts (default 1 s)
	crypt    *callback.Crypter
	now      func() time.Time
}

// New builds a sender for a corp's callback token and EncodingAESKey.
func New(target, token, encodingAESKey, corpID, agentID string) (*Sender, error) {
	c, err := callback.New(token, encodingAESKey, corpID)
	if err != nil {
		return nil, err
	}
	return &Sender{URL: target, AgentID: agentID, Client: &http.Client{Timeout: 5 * time.Second}, Attempts: 3,
		Backoff: time.Second, crypt: c, now: time.Now}, nil
}

// Send seals the plaintext event XML and POSTs it; WeCom treats anything
// but HTTP 200 (or no answer within 5 s) as a failure and retries.
// Each attempt is sealed afresh (new random prefix, nonce and signature)
// while the plaintext stays the same, as WeCom's retries do.
func (s *Sender) Send(ctx context.Context, eventXML []byte) error {
	attempts := max(s.Attempts, 1)
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(s.Backoff):
			}
		}
		if last = s.post(ctx, eventXML); last == nil {
			return nil
		}
	}
	return fmt.Errorf("callbacksim: %d attempts: %w", attempts, last)
}

func (s *Sender) post(ctx context.Context, eventXML []byte) error {
	var nb [8]byte
	_, _ = rand.Read(nb[:])
	nonce := hex.EncodeToString(nb[:])
	ts := strconv.FormatInt(s.now().Unix(), 10)
	sealed, err := s.crypt.Seal(eventXML, s.AgentID, ts, nonce)
	if err != nil {
		return err
	}
	q := url.Values{"msg_signature": {sealed.Signature}, "timestamp": {ts}, "nonce": {nonce}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"?"+q.Encode(), bytes.NewReader(sealed.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := s.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("callbacksim: status %d", resp.StatusCode)
	}
	return nil
}

// VerifyURL performs WeCom's GET verification against the target and
// checks that the portal echoes the plaintext.
func (s *Sender) VerifyURL(ctx context.Context) error {
	echo := strconv.FormatInt(s.now().UnixNano(), 10)
	enc, err := s.crypt.Encrypt([]byte(echo))
	if err != nil {
		return err
	}
	ts, nonce := strconv.FormatInt(s.now().Unix(), 10), "verify"
	q := url.Values{"msg_signature": {s.crypt.Signature(ts, nonce, enc)}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {enc}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK || string(b) != echo {
		return fmt.Errorf("callbacksim: verify url: status %d body %q", resp.StatusCode, b)
	}
	return nil
}
