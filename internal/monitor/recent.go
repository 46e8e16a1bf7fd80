package monitor

import (
	"container/list"
	"sync"
)

// recentCache keeps the last few message texts of recently active
// conversations, so ingest gives the detectors their context ("这个药")
// without reading the store for every message. A miss falls back to the
// store. Bounded: least recently used conversations are dropped.
type recentCache struct {
	mu    sync.Mutex
	max   int // conversations
	keep  int // texts per conversation
	order *list.List
	byKey map[string]*list.Element
}

type recentEntry struct {
	key   string
	texts []string
}

func newRecentCache(maxConvs, keep int) *recentCache {
	return &recentCache{max: maxConvs, keep: keep, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns the conversation's earlier texts, oldest first.
func (c *recentCache) get(key string) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return append([]string(nil), e.Value.(*recentEntry).texts...), true
}

// add appends text to the conversation's window (seeding it with prior when new).
func (c *recentCache) add(key string, prior []string, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		e = c.order.PushFront(&recentEntry{key: key, texts: prior})
		c.byKey[key] = e
		if c.order.Len() > c.max {
			old := c.order.Back()
			c.order.Remove(old)
			delete(c.byKey, old.Value.(*recentEntry).key)
		}
	}
	c.order.MoveToFront(e)
	r := e.Value.(*recentEntry)
	r.texts = append(r.texts, text)
	if len(r.texts) > c.keep {
		r.texts = r.texts[len(r.texts)-c.keep:]
	}
}
