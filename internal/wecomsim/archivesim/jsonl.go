package archivesim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// LoadJSONL reads decrypted messages in WeCom's own JSON format, one per
// line, and returns an archive serving them encrypted in file order, using
// key version ver. Blank lines are skipped; a line that is not a JSON
// object with a msgid is an error naming the line.
func LoadJSONL(path string, keys *KeyRing, ver int) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("archivesim: %w", err)
	}
	defer f.Close()
	return ReadJSONL(f, keys, ver)
}

// ReadJSONL is LoadJSONL on a reader.
func ReadJSONL(r io.Reader, keys *KeyRing, ver int) (*Archive, error) {
	a := NewArchive(keys)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(b) == 0 {
			continue
		}
		var head struct {
			MsgID string `json:"msgid"`
		}
		if err := json.Unmarshal(b, &head); err != nil || head.MsgID == "" {
			return nil, fmt.Errorf("archivesim: line %d: not a message with a msgid", line)
		}
		a.Add(head.MsgID, ver, append([]byte(nil), b...))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("archivesim: line %d: %w", line+1, err)
	}
	return a, nil
}
