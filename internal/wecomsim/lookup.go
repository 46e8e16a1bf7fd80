package wecomsim

import "strings"

// userIDByMobile and userIDByEmail scan the members in place under the
// lock: no copy of the directory per call (a 10,000-member corp answered
// each user/getuserid by cloning every member), and each stored mobile is
// normalised once (normCache), not once per lookup.
func (d *Directory) userIDByMobile(want string) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, u := range d.users {
		if m, ok := d.normLocked(u.Mobile); ok && m == want {
			return u.UserID, true
		}
	}
	return "", false
}

func (d *Directory) userIDByEmail(email string, bizMail bool) (string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, u := range d.users {
		if strings.EqualFold(u.Email, email) || bizMail && u.BizMail != "" && strings.EqualFold(u.BizMail, email) {
			return u.UserID, true
		}
	}
	return "", false
}

type normMobileResult struct {
	norm string
	ok   bool
}

// normLocked is normMobile memoised by the raw string; callers hold mu.
func (d *Directory) normLocked(m string) (string, bool) {
	if r, ok := d.normCache[m]; ok {
		return r.norm, r.ok
	}
	n, ok := normMobile(m)
	if d.normCache == nil || len(d.normCache) > 1<<20 {
		d.normCache = map[string]normMobileResult{}
	}
	d.normCache[m] = normMobileResult{n, ok}
	return n, ok
}
