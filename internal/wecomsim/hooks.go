package wecomsim

import "time"

// Change origins. Tencent does not call back for changes an API call made,
// so a callback sender should normally forward only OriginSim changes: those
// stand for a member or admin acting in the WeCom app or console.
const (
	OriginAPI = "api" // made by a /cgi-bin call
	OriginSim = "sim" // made through the Go API or /sim endpoints (someone "in WeCom")
)

// Change describes one directory change in Tencent's callback vocabulary:
// Event is change_contact, change_external_contact or change_external_chat;
// ChangeType is e.g. create_user, update_user, delete_user,
// add_external_contact, edit_external_contact, del_external_contact,
// del_follow_user, transfer_fail, create, update, dismiss.
type Change struct {
	Event          string
	ChangeType     string
	Origin         string
	Time           time.Time
	UserID         string  // member (for transfer_fail: the takeover member)
	ExternalUserID string  // customer
	ChatID         string  // group chat
	DepartmentID   int64   // create_party / update_party / delete_party
	Department     []int64 // member's departments (create_user / update_user)
	State          string  // add_external_contact: 「联系我」 state
	WelcomeCode    string  // add_external_contact: valid 20 s, for send_welcome_msg
	Source         string  // del_external_contact: DELETE_BY_TRANSFER when a transfer removed it
	FailReason     string  // transfer_fail: customer_refused / customer_limit_exceed
	UpdateDetail   string  // change_external_chat update: add_member, del_member, change_owner...
}

// OnChange registers fn to be called for every change, after the change is
// made and outside the directory's lock, in the goroutine that made it.
// fn must not block for long (queue the work). The returned func removes it.
func (d *Directory) OnChange(fn func(Change)) (remove func()) {
	d.hookMu.Lock()
	defer d.hookMu.Unlock()
	id := d.nextID
	d.nextID++
	d.hooks[id] = fn
	return func() {
		d.hookMu.Lock()
		defer d.hookMu.Unlock()
		delete(d.hooks, id)
	}
}

// emit calls the hooks in registration order; call it without d.mu held.
func (d *Directory) emit(changes ...Change) {
	if len(changes) == 0 {
		return
	}
	d.hookMu.Lock()
	fns := make([]func(Change), 0, len(d.hooks))
	for id := 0; id < d.nextID; id++ {
		if fn, ok := d.hooks[id]; ok {
			fns = append(fns, fn)
		}
	}
	d.hookMu.Unlock()
	for _, c := range changes {
		for _, fn := range fns {
			fn(c)
		}
	}
}
