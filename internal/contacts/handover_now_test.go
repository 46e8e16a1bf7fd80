package contacts

import (
	"errors"
	"testing"

	"wecomadmin/internal/store"
)

// TestRefusals: a submitted handover is incomplete when WeCom refused any
// item; the error counts the errcodes so the HR sync's step says why.
func TestRefusals(t *testing.T) {
	t.Parallel()
	item := func(status string, code int) store.TransferItem {
		return store.TransferItem{Status: status, ErrCode: code}
	}
	cases := []struct {
		name  string
		items []store.TransferItem
		want  string
	}{
		{"all started", []store.TransferItem{item(ItemWaiting, 0), item(ItemAccepted, 0)}, ""},
		{"in another transfer is retried, not refused", []store.TransferItem{item(ItemInTransfer, 40129)}, ""},
		{"refused by code", []store.TransferItem{item(ItemWaiting, 0), item(ItemFailed, 40128), item(ItemFailed, 40128), item(ItemFailed, 41054)},
			"contacts: handover incomplete: transfer 7: WeCom refused 3 of 4 (errcode count×code: 2×40128, 1×41054)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := refusals(TransferDetail{Transfer: store.Transfer{ID: 7}, Items: c.items})
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ErrHandoverIncomplete) {
					t.Errorf("%v is not ErrHandoverIncomplete", err)
				}
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
