package wecom

import (
	"encoding/json"
	"fmt"
)

// ClearableFields are the user/update fields Clear may name, with the
// empty JSON value WeCom takes as "remove it".
var ClearableFields = map[string]string{
	"alias": `""`, "position": `""`, "email": `""`, "biz_mail": `""`, "telephone": `""`, "address": `""`,
	"external_position": `""`, "direct_leader": `[]`, "biz_mail_alias": `{"item":[]}`,
}

type userInputFields UserInput

// MarshalJSON writes the input with omitempty, then the Clear fields empty.
func (u UserInput) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(userInputFields(u))
	if err != nil || len(u.Clear) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, f := range u.Clear {
		empty, ok := ClearableFields[f]
		if !ok {
			return nil, fmt.Errorf("%w: user/update cannot clear %q", ErrInvalidArgument, f)
		}
		if _, set := m[f]; set {
			return nil, fmt.Errorf("%w: user/update both sets and clears %q", ErrInvalidArgument, f)
		}
		m[f] = json.RawMessage(empty)
	}
	return json.Marshal(m)
}
