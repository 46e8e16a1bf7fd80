package jobs_test

import (
	"sync"
	"time"
)

// outcomes is the runners' completion hook in these tests (Options.OnOutcome):
// every recorded attempt outcome wakes whoever waits for a job's state or a
// count, who then looks again; nothing sleeps and polls. One for the test
// binary: a wake-up for another test's job only costs a look.
type outcomes struct {
	mu sync.Mutex
	ch chan struct{} // closed at the next outcome
}

var settled = &outcomes{ch: make(chan struct{})}

// hook is the Options.OnOutcome of every runner the tests build.
func (o *outcomes) hook(string, int64, string) {
	o.mu.Lock()
	close(o.ch)
	o.ch = make(chan struct{})
	o.mu.Unlock()
}

// next is closed by the next outcome: take it before looking, so an
// outcome between the look and the wait is not missed.
func (o *outcomes) next() <-chan struct{} {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.ch
}

// until calls look after each outcome until it reports true, and reports
// false when limit passes first.
func (o *outcomes) until(limit time.Duration, look func() bool) bool {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		next := o.next()
		if look() {
			return true
		}
		select {
		case <-next:
		case <-deadline.C:
			return look()
		}
	}
}
