package accounts

import (
	"errors"
	"strconv"
	"strings"
	"wecomadmin/internal/wecom"
)

// UserIDRule derives a WeCom userid from an HR email, per corp.
// Source "local" (default) takes the part before @; "email" takes the whole
// address. The result is lowercased (WeCom userids are case-insensitive),
// Prefix is put in front, characters outside WeCom's set [0-9A-Za-z_-@.]
// are dropped and it must start with a letter or digit, 1-64 bytes.
type UserIDRule struct {
	Source string `json:"source,omitempty"`
	Prefix string `json:"prefix,omitempty"`
}

// Derive returns the userid for email.
func (r UserIDRule) Derive(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return "", errors.New("email has no local part")
	}
	base := email[:at]
	if r.Source == "email" {
		base = email
	}
	var b strings.Builder
	for _, c := range strings.ToLower(r.Prefix) + base {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '-', c == '@', c == '.':
			b.WriteRune(c)
		}
	}
	id := strings.TrimLeftFunc(b.String(), func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') })
	if id == "" {
		return "", errors.New("email gives no usable userid characters")
	}
	if len(id) > 64 {
		return "", errors.New("derived userid is longer than 64 bytes")
	}
	return id, nil
}

// Validate checks the rule's settings.
func (r UserIDRule) Validate() error {
	switch r.Source {
	case "", "local", "email":
		return nil
	}
	return errors.New(`userid rule source must be "local" or "email"`)
}

// DeptTree maps department paths ("总部/医学部/肿瘤事业部") to WeCom ids.
type DeptTree struct {
	byPath map[string]int64
	byID   map[int64]string
}

// NewDeptTree builds the path index from department/list output. A path may
// be given with or without the root department's name.
func NewDeptTree(depts []wecom.Department) *DeptTree {
	t := &DeptTree{byPath: map[string]int64{}, byID: map[int64]string{}}
	parent := map[int64]wecom.Department{}
	for _, d := range depts {
		parent[d.ID] = d
	}
	for _, d := range depts {
		var segs []string
		seen := map[int64]bool{}
		for cur, ok := d, true; ok && !seen[cur.ID]; cur, ok = parent[cur.ParentID] {
			seen[cur.ID] = true
			segs = append([]string{cur.Name}, segs...)
		}
		full := strings.Join(segs, "/")
		t.byID[d.ID] = full
		t.byPath[full] = d.ID
		if len(segs) > 1 {
			if _, taken := t.byPath[strings.Join(segs[1:], "/")]; !taken {
				t.byPath[strings.Join(segs[1:], "/")] = d.ID
			}
		}
	}
	return t
}

// Resolve returns the department id of a path.
func (t *DeptTree) Resolve(path string) (int64, bool) {
	if t == nil {
		return 0, false
	}
	id, ok := t.byPath[CleanDeptPath(path)]
	return id, ok
}

// Path returns the full path of a department id.
func (t *DeptTree) Path(id int64) string {
	if t == nil {
		return ""
	}
	return t.byID[id]
}

// CleanDeptPath trims each segment and drops empty ones.
func CleanDeptPath(p string) string {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s = strings.TrimSpace(s); s != "" {
			segs = append(segs, s)
		}
	}
	return strings.Join(segs, "/")
}

// Generation returns the userid of the employee's n-th account (n >= 2)
// for the derived userid: a mobile change (seed rule b) makes a new
// account while the old one still holds the customers, and WeCom allows no
// two accounts one userid (60102) nor 在职继承 to oneself (40130). The
// suffix goes before the domain of an email-shaped userid:
// zhang.san → zhang.san-2, zhang.san@x.cn → zhang.san-2@x.cn.
func Generation(derived string, n int) (string, error) {
	if n <= 1 {
		return derived, nil
	}
	base, domain := derived, ""
	if at := strings.LastIndexByte(derived, '@'); at > 0 {
		base, domain = derived[:at], derived[at:]
	}
	id := base + "-" + strconv.Itoa(n) + domain
	if len(id) > 64 {
		return "", errors.New("successor userid is longer than 64 bytes")
	}
	return id, nil
}

// GenerationOf tells which account of derived's lineage uid is: 1 for
// derived itself, n for Generation(derived, n), 0 for another userid.
func GenerationOf(derived, uid string) int {
	derived, uid = strings.ToLower(derived), strings.ToLower(uid)
	if uid == derived {
		return 1
	}
	base, domain := derived, ""
	if at := strings.LastIndexByte(derived, '@'); at > 0 {
		base, domain = derived[:at], derived[at:]
	}
	rest, ok := strings.CutPrefix(uid, base+"-")
	if !ok {
		return 0
	}
	if rest, ok = strings.CutSuffix(rest, domain); !ok || rest == "" || !allDigits(rest) || rest[0] == '0' {
		return 0
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 2 {
		return 0
	}
	return n
}
