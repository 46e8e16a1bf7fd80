//go:build !financesdk

package sdk

import "wecomadmin/internal/finance"

// NewNative fails: this binary was built without the financesdk tag.
func NewNative() (Native, error) { return nil, finance.ErrNoSDK }
