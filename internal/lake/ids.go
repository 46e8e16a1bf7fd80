package lake

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// IDList is a list of 64-bit ids: INT64 in Parquet, an array of decimal
// strings in JSON (a number past 2^53 would lose digits in JSON readers).
type IDList []int64

// MarshalJSON writes the ids as strings.
func (l IDList) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, 2+len(l)*8)
	out = append(out, '[')
	for i, v := range l {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = strconv.AppendInt(out, v, 10)
		out = append(out, '"')
	}
	return append(out, ']'), nil
}

// UnmarshalJSON reads ids written as strings (or as numbers, by older files).
func (l *IDList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(IDList, len(raw))
	for i, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			s = string(r)
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("lake: id %s: %w", r, err)
		}
		out[i] = v
	}
	*l = out
	return nil
}
