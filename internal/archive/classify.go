package archive

import (
	"context"
	"fmt"

	"wecomadmin/internal/store"
)

// Classifier is conversation monitoring as ingest sees it: it classifies a
// message just stored and stores its alerts, in the transaction that
// stores the message (ctx carries it), so a message is not caught up until
// it has been classified. monitor.Service satisfies it.
type Classifier interface {
	OnMessage(ctx context.Context, m store.Message) error
}

// SetClassifier turns monitoring on for every corp (nil turns it off).
// Call it before the ingest loops start.
func (in *Ingester) SetClassifier(c Classifier) { in.classifier = c }

func (in *Ingester) classify(ctx context.Context, m store.Message) error {
	if in.classifier == nil {
		return nil
	}
	if err := in.classifier.OnMessage(ctx, m); err != nil {
		return fmt.Errorf("archive: classify %s: %w", m.MsgID, err)
	}
	return nil
}
