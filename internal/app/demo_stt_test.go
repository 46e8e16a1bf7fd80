package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/apiclient"
	"wecomadmin/internal/app"
	"wecomadmin/internal/auth"
)

// TestDemoTranscribesVoice runs the real demo: its Azure speech engine,
// pointed at the simulator's Azure endpoint, transcribes the generated
// voice and call recordings, and a word said only in them finds the
// message in search.
func TestDemoTranscribesVoice(t *testing.T) {
	t.Parallel()
	d, ctx := runDemo(t, app.DemoOptions{Seed: 1, NoDirectory: true})
	code, err := auth.TOTPCode(d.Cred.TOTPSecret, auth.TOTPStep(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := apiclient.New(d.PortalURL)
	if _, err := rev.Login(ctx, "reviewer", d.Cred.Password, code); err != nil {
		t.Fatal(err)
	}
	type hit struct {
		MsgID   string `json:"msgid"`
		MsgType string `json:"msgtype"`
		Snippet string `json:"snippet"`
	}
	// Words of the generated voice scripts that no text message contains.
	terms := []string{"依从性", "冷链", "胰岛素笔"}
	var found hit
	waitFor(t, 5*time.Minute, "a voice transcript in search", func() bool {
		for _, term := range terms {
			var page struct {
				Items []hit `json:"items"`
			}
			if err := rev.Do(ctx, "GET", "/api/v1/messages/search?q="+url.QueryEscape(term), nil, &page); err != nil {
				t.Logf("search: %v", err)
				return false
			}
			for _, h := range page.Items {
				if h.MsgType != "voice" && h.MsgType != "meeting_voice_call" {
					t.Fatalf("%q found in a %s message: not a transcript-only word", term, h.MsgType)
				}
				// The snippet is the transcript's, with the word marked.
				if !strings.Contains(h.Snippet, "<mark>") {
					t.Fatalf("%q hit %s: snippet %q has no highlight", term, h.MsgID, h.Snippet)
				}
				found = h
				return true
			}
		}
		return false
	})
	t.Logf("found %s %s", found.MsgType, found.MsgID)
}
