package contacts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// Welcome send outcomes.
const (
	WelcomeSent            = "sent"
	WelcomeExpired         = "expired"            // the 20 s code lapsed (41050, or too late to try)
	WelcomeWeComSide       = "wecom_side_welcome" // WeCom is already sending one (41096: configured in WeCom)
	WelcomeAlreadyChatting = "already_chatting"   // 41051
	WelcomeNoConsent       = "no_archive_consent" // 41053
	WelcomeNoTemplate      = "skipped"
	WelcomeNoCode          = "no_code" // WeCom pushed no code: a WeCom-side welcome is configured for the employee, or they already chatted
	WelcomeFailed          = "failed"
)

type welcomeJob struct {
	corpID, userID, externalUserID, code string
	receivedAt                           int64 // ms
	inboxID                              int64
}

func (s *Service) enqueueWelcome(j welcomeJob) {
	select {
	case s.welcome <- j:
	default:
		// Lane full: the inbox worker sends it when it reaches the event.
		s.log.Warn("welcome lane full", "corp_id", j.corpID, "inbox_id", j.inboxID)
	}
}

func (s *Service) runWelcome(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case j := <-s.welcome:
			s.sendWelcome(ctx, j)
		}
	}
}

// sendWelcome greets a new customer once per welcome code: the fast lane
// and the inbox worker both try, the store's claim lets only one through.
func (s *Service) sendWelcome(ctx context.Context, j welcomeJob) {
	w := store.WelcomeSend{CorpID: j.corpID, WelcomeCode: j.code, UserID: j.userID, ExternalUserID: j.externalUserID, ReceivedAt: j.receivedAt}
	ok, err := s.st.ClaimWelcomeSend(ctx, w)
	if err != nil || !ok {
		if err != nil {
			s.log.ErrorContext(ctx, "welcome claim failed", "corp_id", j.corpID, "err", err)
		}
		return
	}
	w.Status = s.trySend(ctx, &w)
	w.SentAt = s.nowMS()
	w.DelayMS = w.SentAt - w.ReceivedAt
	if err := s.st.FinishWelcomeSend(ctx, w); err != nil {
		s.log.ErrorContext(ctx, "welcome record failed", "corp_id", j.corpID, "err", err)
	}
	s.obs.WelcomeFinished(j.corpID, w.Status, time.Duration(w.DelayMS)*time.Millisecond)
	if w.Status != WelcomeSent && w.Status != WelcomeNoTemplate {
		s.log.WarnContext(ctx, "welcome not sent", "corp_id", j.corpID, "status", w.Status, "errcode", w.ErrCode, "delay_ms", w.DelayMS)
	}
}

// recordNoCode notes an add without a WelcomeCode, so the UI can show why
// nothing was sent (WeCom withholds the code when the employee has a
// welcome configured in WeCom's own admin, or already chatted).
func (s *Service) recordNoCode(ctx context.Context, it store.InboxItem, userID, extID string) {
	w := store.WelcomeSend{CorpID: it.CorpID, WelcomeCode: fmt.Sprintf("nocode:%d", it.ID), UserID: userID, ExternalUserID: extID,
		ReceivedAt: it.ReceivedAt}
	if ok, err := s.st.ClaimWelcomeSend(ctx, w); err != nil || !ok {
		return
	}
	w.Status, w.Error = WelcomeNoCode, "no WelcomeCode in the event: WeCom-side welcome configured, or already chatting"
	if err := s.st.FinishWelcomeSend(ctx, w); err != nil {
		s.log.ErrorContext(ctx, "welcome record failed", "corp_id", it.CorpID, "err", err)
	}
}

func (s *Service) trySend(ctx context.Context, w *store.WelcomeSend) string {
	if s.nowMS()-w.ReceivedAt >= s.opt.WelcomeWindow.Milliseconds() {
		w.ErrCode, w.Error = wecom.CodeWelcomeExpired, "welcome code expired before sending"
		return WelcomeExpired
	}
	t, err := s.templateFor(ctx, w.CorpID, w.UserID)
	if err != nil {
		w.Error = err.Error()
		return WelcomeFailed
	}
	if t == nil {
		w.Error = "no welcome template for the employee's department"
		return WelcomeNoTemplate
	}
	w.TemplateID = t.ID
	msg, err := welcomeMsg(w.WelcomeCode, *t)
	if err != nil {
		w.Error = err.Error()
		return WelcomeFailed
	}
	api, err := s.client(ctx, w.CorpID)
	if err != nil {
		w.Error = err.Error()
		return WelcomeFailed
	}
	if err := api.SendWelcomeMsg(ctx, msg); err != nil {
		w.ErrCode, w.Error = wecom.Code(err), err.Error()
		switch w.ErrCode {
		case wecom.CodeWelcomeExpired:
			return WelcomeExpired
		case wecom.CodeWelcomeSending:
			return WelcomeWeComSide
		case wecom.CodeAlreadyChatting:
			return WelcomeAlreadyChatting
		case wecom.CodeArchiveNoConsent:
			return WelcomeNoConsent
		}
		return WelcomeFailed
	}
	return WelcomeSent
}

// templateFor picks the enabled template of the deepest department that
// contains the employee, falling back to the corp default ("").
func (s *Service) templateFor(ctx context.Context, corpID, userID string) (*store.WelcomeTemplate, error) {
	path, err := s.st.EmployeeDepartmentPath(ctx, corpID, userID)
	if err != nil {
		return nil, err
	}
	ts, err := s.st.ListWelcomeTemplates(ctx, corpID)
	if err != nil {
		return nil, err
	}
	var best *store.WelcomeTemplate
	for i := range ts {
		t := &ts[i]
		if !t.Enabled || !deptContains(t.DepartmentPath, path) {
			continue
		}
		if best == nil || len(t.DepartmentPath) > len(best.DepartmentPath) {
			best = t
		}
	}
	return best, nil
}

// deptContains reports whether department path p (e.g. 总部/医学部) is path
// or one of its ancestors; "" contains everything.
func deptContains(p, path string) bool {
	return p == "" || path == p || strings.HasPrefix(path, p+"/")
}

func welcomeMsg(code string, t store.WelcomeTemplate) (wecom.WelcomeMsg, error) {
	m := wecom.WelcomeMsg{WelcomeCode: code}
	if t.Text != "" {
		m.Text = &wecom.TextContent{Content: t.Text}
	}
	if t.Attachments != "" && t.Attachments != "[]" {
		if err := json.Unmarshal([]byte(t.Attachments), &m.Attachments); err != nil {
			return m, fmt.Errorf("contacts: template %d attachments: %w", t.ID, err)
		}
	}
	return m, nil
}

// ErrInvalid is a validation failure with a safe message.
var ErrInvalid = errors.New("invalid")

// Attachment is one welcome attachment as the UI edits it.
type Attachment struct {
	MsgType     string            `json:"msgtype"` // image | link | miniprogram
	Image       map[string]string `json:"image,omitempty"`
	Link        map[string]string `json:"link,omitempty"`
	Miniprogram map[string]string `json:"miniprogram,omitempty"`
}

// TemplateInput is a template as created or edited.
type TemplateInput struct {
	ID             int64        `json:"id"`
	CorpID         string       `json:"corp_id"`
	DepartmentPath string       `json:"department_path"`
	Name           string       `json:"name"`
	Text           string       `json:"text"`
	Attachments    []Attachment `json:"attachments"`
	Enabled        bool         `json:"enabled"`
}

// SaveTemplate validates and stores a welcome template.
func (s *Service) SaveTemplate(ctx context.Context, in TemplateInput, actor string) (int64, error) {
	switch {
	case in.CorpID == "":
		return 0, fmt.Errorf("%w: corp_id is required", ErrInvalid)
	case strings.TrimSpace(in.Name) == "":
		return 0, fmt.Errorf("%w: name is required", ErrInvalid)
	case in.Text == "" && len(in.Attachments) == 0:
		return 0, fmt.Errorf("%w: text or an attachment is required", ErrInvalid)
	case len(in.Text) > 4000:
		return 0, fmt.Errorf("%w: text is over 4000 bytes", ErrInvalid)
	case len(in.Attachments) > 9:
		return 0, fmt.Errorf("%w: at most 9 attachments", ErrInvalid)
	case !utf8.ValidString(in.Text):
		return 0, fmt.Errorf("%w: text is not UTF-8", ErrInvalid)
	}
	if err := s.requireTemplate(ctx, in.CorpID, in.ID, in.DepartmentPath, false); err != nil {
		return 0, err
	}
	for i, a := range in.Attachments {
		if a.MsgType == "link" && a.Link != nil && !httpsLink(a.Link["url"]) {
			return 0, fmt.Errorf("%w: attachment %d: a link must be an https:// address", ErrInvalid, i+1)
		}
		if ok := (a.MsgType == "image" && a.Image != nil) || (a.MsgType == "link" && a.Link != nil && a.Link["url"] != "") ||
			(a.MsgType == "miniprogram" && a.Miniprogram != nil && a.Miniprogram["appid"] != ""); !ok {
			return 0, fmt.Errorf("%w: attachment %d must be an image, a link with url or a miniprogram with appid", ErrInvalid, i+1)
		}
	}
	var before any // the stored template an edit replaces
	if in.ID != 0 {
		if ts, err := s.st.ListWelcomeTemplates(ctx, in.CorpID); err == nil {
			if i := slices.IndexFunc(ts, func(t store.WelcomeTemplate) bool { return t.ID == in.ID }); i >= 0 {
				before = ts[i]
			}
		}
	}
	att, _ := json.Marshal(in.Attachments)
	if len(in.Attachments) == 0 {
		att = []byte("[]")
	}
	id, err := s.st.SaveWelcomeTemplate(ctx, store.WelcomeTemplate{ID: in.ID, CorpID: in.CorpID, DepartmentPath: strings.Trim(in.DepartmentPath, "/"),
		Name: in.Name, Text: in.Text, Attachments: string(att), Enabled: in.Enabled})
	if err != nil {
		return 0, err
	}
	s.record(audit.WithActor(ctx, actor), audit.Event{Action: audit.WelcomeTemplateSave, CorpID: in.CorpID, Target: fmt.Sprint(id), Outcome: audit.Success,
		Metadata: map[string]any{"before": before, "after": map[string]any{"department_path": in.DepartmentPath, "name": in.Name,
			"text": in.Text, "attachments": in.Attachments, "enabled": in.Enabled}}})
	return id, nil
}

// DeleteTemplate removes a template.
func (s *Service) DeleteTemplate(ctx context.Context, corpID string, id int64, actor string) error {
	if err := s.requireTemplate(ctx, corpID, id, "", true); err != nil {
		return err
	}
	if err := s.st.DeleteWelcomeTemplate(ctx, corpID, id); err != nil {
		return err
	}
	s.record(audit.WithActor(ctx, actor), audit.Event{Action: audit.WelcomeTemplateDelete, CorpID: corpID, Target: fmt.Sprint(id), Outcome: audit.Success})
	return nil
}

// Templates lists templates.
func (s *Service) Templates(ctx context.Context, corpID string) ([]store.WelcomeTemplate, error) {
	return s.st.ListWelcomeTemplates(ctx, corpID)
}

// WelcomeStats summarizes recent sends: outcome counts among them, and the
// receipt→send delay percentiles (ms) of the last `limit` successful sends.
type WelcomeStats struct {
	Counts map[string]int      `json:"counts"`
	P50MS  int64               `json:"p50_ms"`
	P99MS  int64               `json:"p99_ms"`
	Recent []store.WelcomeSend `json:"recent"`
}

// WelcomeReport returns recent sends with their delay percentiles.
func (s *Service) WelcomeReport(ctx context.Context, corpID string, limit int) (WelcomeStats, error) {
	ws, err := s.st.ListWelcomeSends(ctx, corpID, "", limit)
	if err == nil {
		ws, err = keepInScope(ctx, s, auth.ContactsRead, corpID, ws, sendCorp, sendUser)
	}
	if err != nil {
		return WelcomeStats{}, err
	}
	st := WelcomeStats{Counts: map[string]int{}, Recent: ws}
	for _, w := range ws {
		st.Counts[w.Status]++
	}
	sent, err := s.st.ListWelcomeSends(ctx, corpID, WelcomeSent, limit)
	if err == nil {
		sent, err = keepInScope(ctx, s, auth.ContactsRead, corpID, sent, sendCorp, sendUser)
	}
	if err != nil {
		return WelcomeStats{}, err
	}
	d := make([]int64, 0, len(sent))
	for _, w := range sent {
		d = append(d, w.DelayMS)
	}
	st.P50MS, st.P99MS = Percentile(d, 0.50), Percentile(d, 0.99)
	return st, nil
}

// Percentile returns the q-quantile (nearest rank) of xs.
func Percentile(xs []int64, q float64) int64 {
	if len(xs) == 0 {
		return 0
	}
	c := append([]int64(nil), xs...)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	i := int(q*float64(len(c))+0.5) - 1
	return c[max(0, min(i, len(c)-1))]
}
