package wecomsim

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	userIDRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$`)
	digitsRe = regexp.MustCompile(`^[0-9]+$`)
	emailRe  = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$`)
)

// normMobile returns the comparable form "+CC digits" of a mobile, or ok
// false when it is malformed (60103). No country code means mainland China,
// where a mobile is 11 digits starting with 1; "+86 138...", "+86138..." and
// "138..." are the same number.
func normMobile(m string) (string, bool) {
	m = strings.TrimSpace(m)
	if cc, rest, ok := strings.Cut(m, " "); ok && strings.HasPrefix(cc, "+") {
		if !digitsRe.MatchString(cc[1:]) || len(cc) > 5 {
			return "", false
		}
		return national(cc[1:], strings.ReplaceAll(rest, "-", ""))
	}
	m = strings.ReplaceAll(m, "-", "")
	switch {
	case strings.HasPrefix(m, "+86"):
		return national("86", m[3:])
	case strings.HasPrefix(m, "+"):
		if !digitsRe.MatchString(m[1:]) || len(m) < 7 || len(m) > 21 {
			return "", false
		}
		return m, true
	}
	return national("86", m)
}

func national(cc, n string) (string, bool) {
	if !digitsRe.MatchString(n) || len(n) < 5 || len(n) > 20 {
		return "", false
	}
	if cc == "86" && (len(n) != 11 || n[0] != '1') {
		return "", false
	}
	return "+" + cc + " " + n, true
}

func validEmail(e string) bool {
	return len(e) >= 6 && len(e) <= 64 && emailRe.MatchString(e)
}

func validName(n string) bool {
	c := utf8.RuneCountInString(n)
	return c >= 1 && c <= 64 && utf8.ValidString(n) && !strings.ContainsAny(n, "<>\"\\\n\r\t")
}

// checkUserFields validates the fields that are set (Tencent's order of
// checks: name, mobile, email, departments).
func (d *Directory) checkUserFieldsLocked(u *User, create bool) error {
	if create || u.Name != "" {
		if !validName(u.Name) {
			return errf(60112, "invalid name, hint: [name %q]", u.Name)
		}
	}
	if u.Mobile != "" {
		if _, ok := normMobile(u.Mobile); !ok {
			return errf(60103, "mobile invalid")
		}
	}
	if u.Email != "" && !validEmail(u.Email) {
		return errf(60105, "email invalid")
	}
	if create && len(u.Department) == 0 {
		return errf(60127, "missing department")
	}
	if len(u.Department) > 100 {
		return errf(60110, "user department size exceed")
	}
	for _, id := range u.Department {
		if d.deptLocked(id) == nil {
			return errf(60123, "invalid department id %d", id)
		}
	}
	return nil
}

// uniqueLocked finds another user holding the same mobile or email.
func (d *Directory) uniqueLocked(self, mobile, email string) error {
	nm, _ := normMobile(mobile)
	for _, o := range d.users {
		if strings.EqualFold(o.UserID, self) {
			continue
		}
		if mobile != "" {
			if om, ok := d.normLocked(o.Mobile); ok && om == nm {
				return errf(60104, "mobile existed, hint: [userid %s]", o.UserID)
			}
		}
		if email != "" && strings.EqualFold(o.Email, email) {
			return errf(60106, "email existed, hint: [userid %s]", o.UserID)
		}
	}
	return nil
}
