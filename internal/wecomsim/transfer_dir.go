package wecomsim

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Transfer statuses of transfer_result.
const (
	TransferDone      = 1 // taken over
	TransferWaiting   = 2 // waiting; completes at takeover_time
	TransferRefused   = 3 // customer refused
	TransferQuotaFull = 4 // the taker's customer quota is full
	TransferNoRecord  = 5
)

// transfer is one customer's move from a handover to a takeover member.
type transfer struct {
	Handover, Takeover, ExternalUserID string
	Resigned                           bool
	Started, ResolveAt                 time.Time
	Outcome, Status                    int
}

// Transfer is a read-only view of a customer transfer.
type Transfer struct {
	HandoverUserID, TakeoverUserID, ExternalUserID string
	Resigned                                       bool
	Status                                         int
	Started, ResolveAt                             time.Time
}

// Transfers returns every customer transfer, oldest first.
func (d *Directory) Transfers() []Transfer {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Transfer, 0, len(d.xfers))
	for _, t := range d.xfers {
		out = append(out, Transfer{t.Handover, t.Takeover, t.ExternalUserID, t.Resigned, t.Status, t.Started, t.ResolveAt})
	}
	return out
}

// transferRules decide how customer transfers end: the shares refused by
// the customer and failing for the taker's quota (after the delay), and
// errcodes set per customer that answer the submission itself.
type transferRules struct {
	refuse, quotaFull float64
	fail              map[string]int // external_userid -> errcode answered at submission
	submits           map[string]int // external_userid -> submissions seen
}

// SetTransferOutcomes sets the shares of started transfers that the
// customer refuses (on-job only) and that fail for the taker's quota;
// defaults 0.08 and 0.04.
func (d *Directory) SetTransferOutcomes(refuse, quotaFull float64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.xferRules.refuse, d.xferRules.quotaFull = refuse, quotaFull
}

// FailTransfers makes every submission of these customers answer code
// (e.g. 40099 quota full, 41054 taker not activated, 40128 too often);
// code 0 lifts it.
func (d *Directory) FailTransfers(code int, externalUserIDs ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, id := range externalUserIDs {
		if code == 0 {
			delete(d.xferRules.fail, id)
		} else {
			d.xferRules.fail[id] = code
		}
	}
}

// TransferSubmissions counts the transfer submissions that named the customer.
func (d *Directory) TransferSubmissions(externalUserID string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.xferRules.submits[externalUserID]
}

// startTransferLocked checks one customer and starts its transfer; the
// result is the per-customer errcode (0 = started).
func (d *Directory) startTransferLocked(handover, takeover, extID string, resigned bool, delay time.Duration, r *rand.Rand) int {
	d.xferRules.submits[extID]++
	if code := d.xferRules.fail[extID]; code != 0 {
		return code
	}
	if d.contIdx[extID] == nil {
		return 40096
	}
	f := d.follIdx[followKey(handover, extID)]
	if f == nil || !f.Visible() {
		return 40131
	}
	now := d.now()
	recent := 0
	for _, t := range d.xfers {
		if t.ExternalUserID != extID {
			continue
		}
		if t.Status == TransferWaiting {
			return 40129
		}
		if !t.Resigned && now.Sub(t.Started) < 90*24*time.Hour {
			recent++
		}
	}
	if !resigned && recent >= 2 {
		return 40128
	}
	outcome := TransferDone
	rules := d.xferRules
	switch x := r.Float64(); {
	case x < rules.refuse && !resigned:
		outcome = TransferRefused
	case x < rules.refuse+rules.quotaFull:
		outcome = TransferQuotaFull
	}
	d.xfers = append(d.xfers, &transfer{Handover: f.UserID, Takeover: takeover, ExternalUserID: extID, Resigned: resigned,
		Started: now, ResolveAt: now.Add(delay), Outcome: outcome, Status: TransferWaiting})
	return 0
}

// settleTransfers resolves the transfers whose delay has passed and
// announces the outcome as Tencent calls back (these changes do call back).
func (d *Directory) settleTransfers() {
	d.mu.Lock()
	now := d.now()
	var chs []Change
	for _, t := range d.xfers {
		if t.Status != TransferWaiting || now.Before(t.ResolveAt) {
			continue
		}
		t.Status = t.Outcome
		base := Change{Event: "change_external_contact", Origin: OriginSim, Time: now, ExternalUserID: t.ExternalUserID}
		switch t.Outcome {
		case TransferRefused, TransferQuotaFull:
			c := base
			c.ChangeType, c.UserID, c.FailReason = "transfer_fail", t.Takeover, "customer_refused"
			if t.Outcome == TransferQuotaFull {
				c.FailReason = "customer_limit_exceed"
			}
			chs = append(chs, c)
		case TransferDone:
			chs = append(chs, d.completeTransferLocked(t, base)...)
		}
	}
	d.mu.Unlock()
	d.emit(chs...)
}

func (d *Directory) completeTransferLocked(t *transfer, base Change) []Change {
	var chs []Change
	old := d.follIdx[followKey(t.Handover, t.ExternalUserID)]
	if old != nil {
		old.Status = FollowTransferred
		if !t.Resigned {
			c := base
			c.ChangeType, c.UserID, c.Source = "del_external_contact", t.Handover, "DELETE_BY_TRANSFER"
			chs = append(chs, c)
		}
	}
	if nf := d.follIdx[followKey(t.Takeover, t.ExternalUserID)]; nf == nil || !nf.Visible() {
		f := FollowRelation{UserID: t.Takeover, ExternalUserID: t.ExternalUserID, CreateTime: base.Time.Unix(),
			AddWay: 202, OperUserID: t.Handover, Status: FollowActive, TagIDs: []string{}, RemarkMobiles: []string{}, AgreeStatus: "Default_Agree"}
		if old != nil {
			f.Remark, f.Description, f.TagIDs, f.AgreeStatus, f.AgreeTime = old.Remark, old.Description, slices.Clone(old.TagIDs), old.AgreeStatus, old.AgreeTime
		}
		if u := d.userIdx[strings.ToLower(t.Takeover)]; u != nil {
			f.UserID = u.UserID
		}
		d.putFollowLocked(f)
		c := base
		c.ChangeType, c.UserID = "add_external_contact", f.UserID
		chs = append(chs, c)
	}
	return chs
}
