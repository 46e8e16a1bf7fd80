// Package contactsim simulates WeCom's external-contact (客户联系) side:
// follow relations with their one-way deletion semantics, customer groups,
// on-job and resigned transfers that resolve after a delay with realistic
// outcomes, welcome codes that expire after 20 s, and the change callbacks
// all of these cause. It serves the /cgi-bin/externalcontact/... endpoints
// as an http.Handler the simulator core mounts behind its token check.
package contactsim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"wecomadmin/internal/wecom/callback"
)

// Notifier delivers a plaintext event (callbacksim.Sender satisfies it).
type Notifier interface {
	Send(ctx context.Context, eventXML []byte) error
}

// Options tune the simulated behaviour.
type Options struct {
	CorpID        string
	Seed          uint64
	TransferDelay time.Duration // until a transfer resolves (WeCom: 24 h); default 2 s
	RefuseRate    float64       // share of transfers the customer refuses
	QuotaFullRate float64       // share failing for the successor's quota
	WelcomeTTL    time.Duration // default 20 s
	Now           func() time.Time
}

// Contact is a simulated customer.
type Contact struct {
	ExternalUserID string
	Name           string
	Type           int // 1 WeChat, 2 WeCom
	Unionid        string
	CorpName       string
}

type pair struct{ user, ext string }

type relation struct {
	deletedByCustomer bool
	remark            string
	createTime        int64
	addWay            int
}

type transferRec struct {
	handover, takeover, ext string
	resolveAt               time.Time
	outcome                 int // 1 done, 3 refused, 4 quota full
	resolved                bool
	takeoverTime            int64
}

type group struct {
	id, name, owner string
	members         []string
	createTime      int64
	status          int
}

// World is the simulated state; safe for concurrent use.
type World struct {
	mu        sync.Mutex
	opt       Options
	rnd       *rand.Rand
	notify    Notifier
	contacts  map[string]Contact
	rels      map[pair]*relation
	groups    map[string]*group
	transfers []*transferRec
	counts    map[string]int       // transfers per customer (2 per 90 days)
	codes     map[string]time.Time // welcome code → issued
	resigned  map[string]bool
	Welcomes  []string       // welcome codes used successfully, for tests
	faults    map[string]int // external_userid → errcode its transfer submission answers (FailTransfers)
	submitted map[string]int // transfer submissions per external_userid (Submissions)
}

// New creates an empty world; n may be nil (no callbacks).
func New(opt Options, n Notifier) *World {
	if opt.TransferDelay == 0 {
		opt.TransferDelay = 2 * time.Second
	}
	if opt.WelcomeTTL == 0 {
		opt.WelcomeTTL = 20 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &World{opt: opt, rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), notify: n,
		contacts: map[string]Contact{}, rels: map[pair]*relation{}, groups: map[string]*group{}, counts: map[string]int{},
		codes: map[string]time.Time{}, resigned: map[string]bool{}}
}

func (w *World) emit(ctx context.Context, change, user, ext string, mod func(*callback.ExternalContactChange)) {
	if w.notify == nil {
		return
	}
	e := callback.ExternalContactChange{Header: callback.Header{ToUserName: w.opt.CorpID, FromUserName: "sys",
		CreateTime: w.opt.Now().Unix(), MsgType: "event", Event: callback.EventChangeExternalContact, ChangeType: change},
		UserID: user, ExternalUserID: ext}
	if mod != nil {
		mod(&e)
	}
	b, err := callback.MarshalExternalContact(e)
	if err == nil {
		_ = w.notify.Send(ctx, b)
	}
}

// Add makes user and the customer friends and sends add_external_contact
// with a fresh welcome code (returned), valid for WelcomeTTL.
func (w *World) Add(ctx context.Context, user string, c Contact) string {
	w.mu.Lock()
	if c.Type == 0 {
		c.Type = 1
	}
	if c.Type != 1 {
		c.Unionid = "" // WeCom-type contacts have no unionid
	}
	w.contacts[c.ExternalUserID] = c
	w.rels[pair{user, c.ExternalUserID}] = &relation{createTime: w.opt.Now().Unix(), addWay: 1}
	code := fmt.Sprintf("wc%016x", w.rnd.Uint64())
	w.codes[code] = w.opt.Now()
	w.mu.Unlock()
	w.emit(ctx, callback.ChangeAddExternalContact, user, c.ExternalUserID, func(e *callback.ExternalContactChange) { e.WelcomeCode = code })
	return code
}

// DeleteByEmployee removes the relationship (84061 afterwards).
func (w *World) DeleteByEmployee(ctx context.Context, user, ext string) {
	w.mu.Lock()
	delete(w.rels, pair{user, ext})
	w.mu.Unlock()
	w.emit(ctx, callback.ChangeDelExternalContact, user, ext, nil)
}

// DeleteByCustomer makes the relationship one-way: still listed.
func (w *World) DeleteByCustomer(ctx context.Context, user, ext string) {
	w.mu.Lock()
	if r := w.rels[pair{user, ext}]; r != nil {
		r.deletedByCustomer = true
	}
	w.mu.Unlock()
	w.emit(ctx, callback.ChangeDelFollowUser, user, ext, nil)
}

// Resign marks an employee as having left (resigned transfers need it).
func (w *World) Resign(user string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.resigned[user] = true
}

// AddGroup creates a customer group.
func (w *World) AddGroup(id, name, owner string, members ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.groups[id] = &group{id: id, name: name, owner: owner, members: members, createTime: w.opt.Now().Unix()}
}

// Listed reports the pairs WeCom lists (the truth for reconciliation tests).
func (w *World) Listed() map[[2]string]bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[[2]string]bool{}
	for p := range w.rels {
		out[[2]string{p.user, p.ext}] = true
	}
	return out
}

func (w *World) followUsers() []string {
	set := map[string]bool{}
	for p := range w.rels {
		set[p.user] = true
	}
	out := make([]string, 0, len(set))
	for u := range set {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// Resolve settles due transfers: a done one moves the customer (callbacks
// del_external_contact DELETE_BY_TRANSFER and add_external_contact), a
// failed one sends transfer_fail. Result polls call it; so may a ticker.
func (w *World) Resolve(ctx context.Context) {
	w.mu.Lock()
	now := w.opt.Now()
	var due []*transferRec
	for _, t := range w.transfers {
		if !t.resolved && !now.Before(t.resolveAt) {
			t.resolved = true
			t.takeoverTime = now.Unix()
			due = append(due, t)
			if t.outcome == 1 {
				delete(w.rels, pair{t.handover, t.ext})
				w.rels[pair{t.takeover, t.ext}] = &relation{createTime: now.Unix(), addWay: 202}
			}
		}
	}
	w.mu.Unlock()
	for _, t := range due {
		switch t.outcome {
		case 1:
			w.emit(ctx, callback.ChangeDelExternalContact, t.handover, t.ext, func(e *callback.ExternalContactChange) { e.Source = callback.SourceDeleteByTransfer })
			w.emit(ctx, callback.ChangeAddExternalContact, t.takeover, t.ext, nil)
		case 3:
			w.emit(ctx, callback.ChangeTransferFail, t.takeover, t.ext, func(e *callback.ExternalContactChange) { e.FailReason = "customer_refused" })
		case 4:
			w.emit(ctx, callback.ChangeTransferFail, t.takeover, t.ext, func(e *callback.ExternalContactChange) { e.FailReason = "customer_limit_exceed" })
		}
	}
}
