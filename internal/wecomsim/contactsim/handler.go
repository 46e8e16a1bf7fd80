package contactsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Handler serves the external-contact endpoints with WeCom's wire format:
// {"errcode":0,"errmsg":"ok",...}; limits and cursors as documented.
func (w *World) Handler() http.Handler {
	mux := http.NewServeMux()
	p := "/cgi-bin/externalcontact/"
	mux.HandleFunc("GET "+p+"get_follow_user_list", w.hFollowUsers)
	mux.HandleFunc("GET "+p+"list", w.hList)
	mux.HandleFunc("GET "+p+"get", w.hGet)
	mux.HandleFunc("POST "+p+"batch/get_by_user", w.hBatch)
	mux.HandleFunc("POST "+p+"groupchat/list", w.hGroupList)
	mux.HandleFunc("POST "+p+"groupchat/get", w.hGroupGet)
	mux.HandleFunc("POST "+p+"transfer_customer", w.hTransfer(false))
	mux.HandleFunc("POST "+p+"resigned/transfer_customer", w.hTransfer(true))
	mux.HandleFunc("POST "+p+"transfer_result", w.hResult)
	mux.HandleFunc("POST "+p+"resigned/transfer_result", w.hResult)
	mux.HandleFunc("POST "+p+"groupchat/transfer", w.hGroupTransfer(true))
	mux.HandleFunc("POST "+p+"groupchat/onjob_transfer", w.hGroupTransfer(false))
	mux.HandleFunc("POST "+p+"send_welcome_msg", w.hWelcome)
	return mux
}

type obj = map[string]any

func reply(rw http.ResponseWriter, code int, msg string, body obj) {
	if body == nil {
		body = obj{}
	}
	body["errcode"], body["errmsg"] = code, msg
	rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
	_ = json.NewEncoder(rw).Encode(body)
}

func decode(rw http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, 1<<20)).Decode(v); err != nil {
		reply(rw, 47001, "data format error", nil)
		return false
	}
	return true
}

func (w *World) contactJSON(ext string) obj {
	c := w.contacts[ext]
	o := obj{"external_userid": ext, "name": c.Name, "type": c.Type, "gender": 0, "avatar": ""}
	if c.Type == 1 && c.Unionid != "" {
		o["unionid"] = c.Unionid
	}
	if c.Type == 2 {
		o["corp_name"], o["corp_full_name"], o["position"] = c.CorpName, c.CorpName, ""
	}
	return o
}

func (w *World) followJSON(p pair, r *relation) obj {
	return obj{"userid": p.user, "remark": r.remark, "description": "", "createtime": r.createTime, "add_way": r.addWay, "oper_userid": p.user}
}

func (w *World) hFollowUsers(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	reply(rw, 0, "ok", obj{"follow_user": w.followUsers()})
}

func (w *World) hList(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	user := r.URL.Query().Get("userid")
	var out []string
	for p := range w.rels {
		if p.user == user {
			out = append(out, p.ext)
		}
	}
	if len(out) == 0 {
		reply(rw, 84061, "not external contact", nil)
		return
	}
	sort.Strings(out)
	reply(rw, 0, "ok", obj{"external_userid": out})
}

func (w *World) hGet(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ext := r.URL.Query().Get("external_userid")
	var follow []obj
	for p, rel := range w.rels {
		if p.ext == ext {
			follow = append(follow, w.followJSON(p, rel))
		}
	}
	if _, ok := w.contacts[ext]; !ok {
		reply(rw, 40096, "invalid external userid", nil)
		return
	}
	if len(follow) == 0 {
		reply(rw, 84061, "not external contact", nil)
		return
	}
	reply(rw, 0, "ok", obj{"external_contact": w.contactJSON(ext), "follow_user": follow})
}

func page[T any](all []T, cursor string, limit int) ([]T, string) {
	off, _ := strconv.Atoi(cursor)
	off = min(max(off, 0), len(all))
	end := min(off+limit, len(all))
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return all[off:end], next
}

func (w *World) hBatch(rw http.ResponseWriter, r *http.Request) {
	var req struct {
		UserIDList []string `json:"userid_list"`
		Cursor     string   `json:"cursor"`
		Limit      int      `json:"limit"`
	}
	if !decode(rw, r, &req) {
		return
	}
	if len(req.UserIDList) == 0 || len(req.UserIDList) > 100 || req.Limit > 100 {
		reply(rw, 40058, "userid_list 1..100, limit ≤100", nil)
		return
	}
	if req.Limit <= 0 {
		req.Limit = 50
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var ps []pair
	for p := range w.rels {
		if slices.Contains(req.UserIDList, p.user) {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].user+"\x00"+ps[i].ext < ps[j].user+"\x00"+ps[j].ext })
	pg, next := page(ps, req.Cursor, req.Limit)
	list := make([]obj, 0, len(pg))
	for _, p := range pg {
		list = append(list, obj{"external_contact": w.contactJSON(p.ext), "follow_info": w.followJSON(p, w.rels[p])})
	}
	reply(rw, 0, "ok", obj{"external_contact_list": list, "next_cursor": next})
}

func (w *World) hGroupList(rw http.ResponseWriter, r *http.Request) {
	var req struct {
		Cursor string `json:"cursor"`
		Limit  int    `json:"limit"`
	}
	if !decode(rw, r, &req) {
		return
	}
	if req.Limit < 1 || req.Limit > 1000 {
		reply(rw, 40058, "limit must be 1..1000", nil)
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	ids := make([]string, 0, len(w.groups))
	for id := range w.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pg, next := page(ids, req.Cursor, req.Limit)
	list := make([]obj, 0, len(pg))
	for _, id := range pg {
		list = append(list, obj{"chat_id": id, "status": w.groups[id].status})
	}
	reply(rw, 0, "ok", obj{"group_chat_list": list, "next_cursor": next})
}

func (w *World) hGroupGet(rw http.ResponseWriter, r *http.Request) {
	var req struct {
		ChatID string `json:"chat_id"`
	}
	if !decode(rw, r, &req) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	g, ok := w.groups[req.ChatID]
	if !ok {
		reply(rw, 90501, "not a customer group", nil)
		return
	}
	ms := []obj{{"userid": g.owner, "type": 1, "join_time": g.createTime, "join_scene": 1}}
	for _, m := range g.members {
		typ := 1
		if strings.HasPrefix(m, "wm") || strings.HasPrefix(m, "wo") {
			typ = 2
		}
		ms = append(ms, obj{"userid": m, "type": typ, "join_time": g.createTime, "join_scene": 1, "invitor": obj{"userid": g.owner}})
	}
	reply(rw, 0, "ok", obj{"group_chat": obj{"chat_id": g.id, "name": g.name, "owner": g.owner, "create_time": g.createTime,
		"notice": "", "member_list": ms, "admin_list": []obj{}, "member_version": strconv.Itoa(len(ms))}})
}
