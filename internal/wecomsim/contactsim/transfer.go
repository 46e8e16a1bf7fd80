package contactsim

import (
	"net/http"
)

// hTransfer starts transfers: per customer errcode 0 (started), 40100 (in
// another transfer), 40128 (two transfers in 90 days), 84061 (not the
// handover's customer), 40097 (resigned transfer of an employee who has
// not left). Outcomes are drawn when the transfer starts and revealed when
// it resolves after TransferDelay.
func (w *World) hTransfer(resigned bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		var req struct {
			Handover string   `json:"handover_userid"`
			Takeover string   `json:"takeover_userid"`
			Ext      []string `json:"external_userid"`
		}
		if !decode(rw, r, &req) {
			return
		}
		switch {
		case len(req.Ext) == 0 || len(req.Ext) > 100:
			reply(rw, 40058, "external_userid 1..100", nil)
			return
		case req.Handover == req.Takeover:
			reply(rw, 40130, "handover equals takeover", nil)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if resigned && !w.resigned[req.Handover] {
			reply(rw, 40097, "handover user has not resigned", nil)
			return
		}
		now := w.opt.Now()
		var out []obj
		for _, ext := range req.Ext {
			code := w.fault(ext)
			switch {
			case code != 0:
			case w.rels[pair{req.Handover, ext}] == nil:
				code = 84061
			case w.inTransfer(ext):
				code = 40100
			case w.counts[ext] >= 2:
				code = 40128
			}
			if code == 0 {
				outcome := 1
				switch x := w.rnd.Float64(); {
				case x < w.opt.RefuseRate:
					outcome = 3
				case x < w.opt.RefuseRate+w.opt.QuotaFullRate:
					outcome = 4
				}
				w.counts[ext]++
				w.transfers = append(w.transfers, &transferRec{handover: req.Handover, takeover: req.Takeover, ext: ext,
					resolveAt: now.Add(w.opt.TransferDelay), outcome: outcome})
			}
			out = append(out, obj{"external_userid": ext, "errcode": code})
		}
		reply(rw, 0, "ok", obj{"customer": out})
	}
}

func (w *World) inTransfer(ext string) bool {
	for _, t := range w.transfers {
		if t.ext == ext && !t.resolved {
			return true
		}
	}
	return false
}

func (w *World) hResult(rw http.ResponseWriter, r *http.Request) {
	var req struct {
		Handover string `json:"handover_userid"`
		Takeover string `json:"takeover_userid"`
		Cursor   string `json:"cursor"`
	}
	if !decode(rw, r, &req) {
		return
	}
	w.Resolve(r.Context())
	w.mu.Lock()
	defer w.mu.Unlock()
	var all []obj
	for _, t := range w.transfers {
		if t.handover != req.Handover || t.takeover != req.Takeover {
			continue
		}
		st, tt := 2, t.resolveAt.Unix()
		if t.resolved {
			st, tt = t.outcome, t.takeoverTime
		}
		all = append(all, obj{"external_userid": t.ext, "status": st, "takeover_time": tt})
	}
	pg, next := page(all, req.Cursor, 1000)
	reply(rw, 0, "ok", obj{"customer": pg, "next_cursor": next})
}

func (w *World) hGroupTransfer(resigned bool) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		var req struct {
			ChatIDs  []string `json:"chat_id_list"`
			NewOwner string   `json:"new_owner"`
		}
		if !decode(rw, r, &req) {
			return
		}
		if len(req.ChatIDs) == 0 || len(req.ChatIDs) > 100 {
			reply(rw, 40058, "chat_id_list 1..100", nil)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		failed := []obj{}
		for _, id := range req.ChatIDs {
			g, ok := w.groups[id]
			switch {
			case !ok:
				failed = append(failed, obj{"chat_id": id, "errcode": 90501, "errmsg": "not a customer group"})
			case resigned && !w.resigned[g.owner]:
				failed = append(failed, obj{"chat_id": id, "errcode": 90500, "errmsg": "owner has not resigned"})
			default:
				g.owner, g.status = req.NewOwner, 3
			}
		}
		reply(rw, 0, "ok", obj{"failed_chat_list": failed})
	}
}

// hWelcome accepts a welcome code once, within WelcomeTTL of its issue.
func (w *World) hWelcome(rw http.ResponseWriter, r *http.Request) {
	var req struct {
		Code string `json:"welcome_code"`
	}
	if !decode(rw, r, &req) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	issued, ok := w.codes[req.Code]
	switch {
	case req.Code == "":
		reply(rw, 41049, "missing welcome_code", nil)
	case !ok || w.opt.Now().Sub(issued) > w.opt.WelcomeTTL:
		reply(rw, 41050, "invalid welcome_code", nil)
	default:
		delete(w.codes, req.Code)
		w.Welcomes = append(w.Welcomes, req.Code)
		reply(rw, 0, "ok", nil)
	}
}
