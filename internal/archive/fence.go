package archive

import "context"

// SetFence makes every page's transaction check fn before it commits (the replica still
// holds the corp's lease). Call it before any loop runs.
func (in *Ingester) SetFence(fn func(ctx context.Context) error) { in.opt.Fence = fn }
