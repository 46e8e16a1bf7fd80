package export

import (
	"context"
	"strings"
)

// maxNames bounds the name cache; past it the cache starts over.
const maxNames = 50_000

// names resolves speakers' and conversations' display names a batch at a
// time, remembering what it looked up.
type names struct {
	st interface {
		DisplayNames(ctx context.Context, corpID string, ids []string) (map[string]string, error)
	}
	corp string
	m    map[string]string // id → name ("" when it has none)
}

// parties are the ids a conversation id names: a room, or the two sides
// of a one-to-one chat ("a|b").
func parties(conv string) []string {
	if a, b, ok := strings.Cut(conv, "|"); ok {
		return []string{a, b}
	}
	return []string{conv}
}

// load fetches the names of ids not yet known.
func (n *names) load(ctx context.Context, ids []string) error {
	if len(n.m) > maxNames {
		n.m = map[string]string{}
	}
	var miss []string
	for _, id := range ids {
		if _, ok := n.m[id]; !ok && id != "" {
			n.m[id] = ""
			miss = append(miss, id)
		}
	}
	for len(miss) > 0 { // stay well under SQL parameter limits
		k := min(len(miss), 400)
		got, err := n.st.DisplayNames(ctx, n.corp, miss[:k])
		if err != nil {
			return err
		}
		for id, name := range got {
			n.m[id] = name
		}
		miss = miss[k:]
	}
	return nil
}

// name is id's display name, or id itself.
func (n *names) name(id string) string {
	if v := n.m[id]; v != "" {
		return v
	}
	return id
}

// conversation names a conversation: the room's name, or "A & B".
func (n *names) conversation(conv string) string {
	ps := parties(conv)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = n.name(p)
	}
	return strings.Join(out, " & ")
}

// conversationName loads then names (for volume covers, off the row path).
func (n *names) conversationName(ctx context.Context, conv string) string {
	_ = n.load(ctx, parties(conv))
	return n.conversation(conv)
}
