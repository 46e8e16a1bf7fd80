package accounts

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUserInputSendsBlankedTitle: a title HR blanked reaches WeCom as an
// empty position, while fields the plan does not name stay out.
func TestUserInputSendsBlankedTitle(t *testing.T) {
	blank := ""
	b, err := json.Marshal(UserWrite{UserID: "zs", Position: &blank}.input())
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); !strings.Contains(got, `"position":""`) || strings.Contains(got, "mobile") || strings.Contains(got, "email") {
		t.Fatalf("update body %s", got)
	}
}
