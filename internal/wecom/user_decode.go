package wecom

import (
	"encoding/json"
	"errors"
	"strconv"
)

// userFields is User without its methods, for decoding without recursion.
type userFields User

// UnmarshalJSON decodes a member strictly and, when a value has the wrong
// JSON type where Tencent is known to vary (gender as a number, status or
// department ids as strings), again after coercing those values. One odd
// member so no longer fails a whole user/list page; anything else still
// is an error. Tests hold Tencent's examples to the strict decoding
// (decodeUserStrict).
func (u *User) UnmarshalJSON(b []byte) error {
	err := decodeUserStrict(b, u)
	var te *json.UnmarshalTypeError
	if err == nil || !errors.As(err, &te) {
		return err
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return err
	}
	coerceUser(m)
	fixed, merr := json.Marshal(m)
	if merr != nil {
		return err
	}
	if lerr := decodeUserStrict(fixed, u); lerr != nil {
		return err // the original error names the field as Tencent sent it
	}
	return nil
}

func decodeUserStrict(b []byte, u *User) error {
	var f userFields
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*u = User(f)
	return nil
}

// The fields whose JSON type Tencent's answers (and its examples over the
// years) have varied in.
var (
	userStringFields = []string{"userid", "name", "gender", "mobile", "telephone", "alias", "position", "english_name"}
	userIntFields    = []string{"status", "enable", "main_department", "hide_mobile"}
	userIntLists     = []string{"department", "order", "is_leader_in_dept"}
)

func coerceUser(m map[string]any) {
	for _, k := range userStringFields {
		if n, ok := m[k].(float64); ok {
			m[k] = strconv.FormatFloat(n, 'f', -1, 64)
		}
	}
	for _, k := range userIntFields {
		m[k] = coerceInt(m[k])
	}
	for _, k := range userIntLists {
		if l, ok := m[k].([]any); ok {
			for i := range l {
				l[i] = coerceInt(l[i])
			}
		}
	}
	for _, k := range userIntFields {
		if m[k] == nil {
			delete(m, k)
		}
	}
}

// coerceInt turns a numeric string into a number; "" becomes absent.
func coerceInt(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	if s == "" {
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	return v
}
