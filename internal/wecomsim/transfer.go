package wecomsim

import (
	"math/rand/v2"
	"strings"
	"sync"
	"unicode/utf8"
)

// xferRand decides transfer outcomes from the seed.
type xferRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

type transferBody struct {
	HandoverUserID     string   `json:"handover_userid"`
	TakeoverUserID     string   `json:"takeover_userid"`
	ExternalUserID     []string `json:"external_userid"`
	TransferSuccessMsg string   `json:"transfer_success_msg"`
	Cursor             string   `json:"cursor"`
}

func (s *Server) transferOnJob(c *call) (obj, error)    { return s.transferCustomers(c, false) }
func (s *Server) transferResigned(c *call) (obj, error) { return s.transferCustomers(c, true) }

func (s *Server) transferCustomers(c *call, resigned bool) (obj, error) {
	var b transferBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	switch {
	case b.HandoverUserID == "" || b.TakeoverUserID == "":
		return nil, errf(41009, "missing handover_userid or takeover_userid")
	case strings.EqualFold(b.HandoverUserID, b.TakeoverUserID):
		return nil, errf(40130, "handover equals takeover")
	case len(b.ExternalUserID) == 0 || len(b.ExternalUserID) > 100:
		return nil, errf(40058, "external_userid must hold 1..100 ids")
	case utf8.RuneCountInString(b.TransferSuccessMsg) > 200:
		return nil, errf(40058, "transfer_success_msg exceeds 200 characters")
	}
	d := s.dir
	d.mu.Lock()
	defer d.mu.Unlock()
	_, gone := d.resignedLocked(b.HandoverUserID)
	switch {
	case resigned && !gone:
		if d.userIdx[strings.ToLower(b.HandoverUserID)] == nil {
			return nil, errf(60111, "userid not found, hint: [handover_userid]")
		}
		return nil, errf(40097, "handover user not resigned")
	case !resigned && (gone || d.userIdx[strings.ToLower(b.HandoverUserID)] == nil):
		return nil, errf(60111, "userid not found, hint: [handover_userid]")
	case !resigned && d.userIdx[strings.ToLower(b.HandoverUserID)].Status != StatusActive:
		// 在职继承 is for members in service: a disabled (or never
		// activated) member cannot hand over, and 离职继承 refuses them
		// too (40097) until they are deleted. Tencent documents no code of
		// its own for this; 41054 (该用户尚未激活) is the member-state code
		// of the transfer family.
		return nil, errf(41054, "handover user not active, hint: [handover_userid]")
	}
	tk := d.userIdx[strings.ToLower(b.TakeoverUserID)]
	switch {
	case tk == nil:
		return nil, errf(60111, "userid not found, hint: [takeover_userid]")
	case tk.Status != StatusActive:
		return nil, errf(41054, "takeover user not activated")
	case !tk.RealNameVerified:
		return nil, errf(40098, "takeover user not real-name verified")
	}
	type result struct {
		ExternalUserID string `json:"external_userid"`
		ErrCode        int    `json:"errcode"`
	}
	out := make([]result, 0, len(b.ExternalUserID))
	s.xrand.mu.Lock()
	defer s.xrand.mu.Unlock()
	for _, id := range b.ExternalUserID {
		code := d.startTransferLocked(b.HandoverUserID, tk.UserID, id, resigned, s.opts.TransferDelay, s.xrand.r)
		out = append(out, result{id, code})
	}
	return obj{"customer": out}, nil
}

func (s *Server) transferResultOnJob(c *call) (obj, error)    { return s.transferResult(c, false) }
func (s *Server) transferResultResigned(c *call) (obj, error) { return s.transferResult(c, true) }

// transferResult lists the latest transfer of each customer between the pair.
func (s *Server) transferResult(c *call, resigned bool) (obj, error) {
	var b transferBody
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.HandoverUserID == "" || b.TakeoverUserID == "" {
		return nil, errf(41009, "missing handover_userid or takeover_userid")
	}
	start, err := decodeCursor(b.Cursor)
	if err != nil {
		return nil, err
	}
	type row struct {
		ExternalUserID string `json:"external_userid"`
		Status         int    `json:"status"`
		TakeoverTime   int64  `json:"takeover_time"`
	}
	latest := map[string]int{}
	var rows []row
	for _, t := range s.dir.Transfers() {
		if t.Resigned != resigned || !strings.EqualFold(t.HandoverUserID, b.HandoverUserID) || !strings.EqualFold(t.TakeoverUserID, b.TakeoverUserID) {
			continue
		}
		r := row{t.ExternalUserID, t.Status, t.ResolveAt.Unix()}
		if i, ok := latest[t.ExternalUserID]; ok {
			rows[i] = r
			continue
		}
		latest[t.ExternalUserID] = len(rows)
		rows = append(rows, r)
	}
	start = min(start, len(rows))
	end := min(start+1000, len(rows))
	next := ""
	if end < len(rows) {
		next = encodeCursor(end)
	}
	return obj{"customer": nonNil(rows[start:end]), "next_cursor": next}, nil
}

// unassignedList lists resigned members' customers not yet handed over.
func (s *Server) unassignedList(c *call) (obj, error) {
	var b struct {
		PageID   int    `json:"page_id"`
		Cursor   string `json:"cursor"`
		PageSize int    `json:"page_size"`
	}
	if err := c.decode(&b); err != nil {
		return nil, err
	}
	if b.PageSize == 0 {
		b.PageSize = 1000
	}
	if b.PageSize < 1 || b.PageSize > 1000 || b.PageID < 0 {
		return nil, errf(40058, "page_size must be 1..1000")
	}
	start, err := decodeCursor(b.Cursor)
	if err != nil {
		return nil, err
	}
	if b.Cursor == "" {
		start = b.PageID * b.PageSize
	}
	type row struct {
		HandoverUserID string `json:"handover_userid"`
		ExternalUserID string `json:"external_userid"`
		DimissionTime  int64  `json:"dimission_time"`
	}
	d := s.dir
	d.mu.Lock()
	pending := map[string]bool{}
	for _, t := range d.xfers {
		if t.Status == TransferWaiting {
			pending[followKey(t.Handover, t.ExternalUserID)] = true
		}
	}
	var rows []row
	for _, f := range d.follows {
		if !f.Visible() || pending[followKey(f.UserID, f.ExternalUserID)] {
			continue
		}
		if u, gone := d.resignedLocked(f.UserID); gone {
			rows = append(rows, row{u.UserID, f.ExternalUserID, u.DimissionTime})
		}
	}
	d.mu.Unlock()
	start = min(start, len(rows))
	end := min(start+b.PageSize, len(rows))
	next := ""
	if end < len(rows) {
		next = encodeCursor(end)
	}
	return obj{"info": nonNil(rows[start:end]), "is_last": end == len(rows), "next_cursor": next}, nil
}
