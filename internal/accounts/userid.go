package accounts

import (
	"errors"
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
