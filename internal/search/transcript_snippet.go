package search

import (
	"context"
	"strings"
)

// transcriptStore is the store's transcript text, when it offers it.
type transcriptStore interface {
	MessageTranscriptText(ctx context.Context, corpID, msgid string) (string, error)
}

// transcriptSnippets gives a voice or call hit whose own text holds no
// highlight (the words were found in its transcript) a snippet of the
// transcript instead, so the reviewer sees why it matched.
func (s *Service) transcriptSnippets(ctx context.Context, hits []Hit, marks []string) error {
	ts, ok := s.st.(transcriptStore)
	if !ok {
		return nil
	}
	for i, h := range hits {
		if (h.MsgType != "voice" && h.MsgType != "meeting_voice_call") || strings.Contains(h.Snippet, "<mark>") {
			continue
		}
		text, err := ts.MessageTranscriptText(ctx, h.Corp, h.MsgID)
		if err != nil {
			return err
		}
		if text != "" {
			hits[i].Snippet = Snippet(text, marks, 120)
		}
	}
	return nil
}
