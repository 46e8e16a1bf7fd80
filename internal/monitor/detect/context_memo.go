package detect

import "sync"

// contextMemo remembers which products an earlier message names. Every
// message is context for the next few of its conversation, so without it
// each text is normalised and matched once per message that follows it
// (ingest ran ~50% slower with three context messages). Bounded by two
// generations: when the current one fills, it becomes the old one and the
// oldest generation is dropped; a hit in the old one is carried over, so
// texts still in use stay (an LRU in effect, at map cost).
type contextMemo struct {
	mu       sync.Mutex
	max      int
	cur, old map[string][]int
}

// contextMemoSize bounds each generation in texts; memoMaxBytes keeps
// long transcripts out, so a generation holds at most ~32 MB.
const (
	contextMemoSize = 4096
	memoMaxBytes    = 8192
)

func newContextMemo(max int) *contextMemo {
	return &contextMemo{max: max, cur: map[string][]int{}, old: map[string][]int{}}
}

func (c *contextMemo) get(text string) ([]int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[text]; ok {
		return v, true
	}
	if v, ok := c.old[text]; ok {
		c.putLocked(text, v)
		return v, true
	}
	return nil, false
}

func (c *contextMemo) put(text string, v []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(text, v)
}

func (c *contextMemo) putLocked(text string, v []int) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[string][]int, c.max)
	}
	c.cur[text] = v
}

func (c *contextMemo) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}
