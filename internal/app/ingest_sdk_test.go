//go:build !financesdk

package app

import (
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/finance"
)

// TestSDKSourceRefusedWithoutTag: a binary built without the financesdk
// tag refuses archive source sdk with one line saying how to build one.
func TestSDKSourceRefusedWithoutTag(t *testing.T) {
	_, err := financeSource("sdk", "", "wwcorp", "secret")
	if !errors.Is(err, finance.ErrNoSDK) || !strings.Contains(err.Error(), "make build-sdk SDK_DIR=") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err %v", err)
	}
}
