package wecom

import (
	"context"
	"net/url"
)

// TFAInfo is the answer of auth/get_tfa_info: who is verifying, and the
// one-shot tfa_code (valid 5 minutes) to pass to TFASucc.
type TFAInfo struct {
	UserID  string `json:"userid"`
	TFACode string `json:"tfa_code"`
}

// tfaKind: TFA APIs take the self-built app's or the contacts-sync token.
func (c *Client) tfaKind() SecretKind { return c.pick(App, Contacts) }

// GetTFAInfo resolves the code WeCom put on the verification page URL
// (auth/get_tfa_info). ErrInvalidTFACode when used or expired.
func (c *Client) GetTFAInfo(ctx context.Context, code string) (*TFAInfo, error) {
	var resp struct {
		apiStatus
		TFAInfo
	}
	body := struct {
		Code string `json:"code"`
	}{code}
	if err := c.call(ctx, post("auth/get_tfa_info", c.tfaKind(), body), &resp); err != nil {
		return nil, err
	}
	return &resp.TFAInfo, nil
}

// TFASucc tells WeCom the member passed usage verification (user/tfa_succ).
func (c *Client) TFASucc(ctx context.Context, userID, tfaCode string) error {
	body := TFAInfo{UserID: userID, TFACode: tfaCode}
	return c.call(ctx, post("user/tfa_succ", c.tfaKind(), body), &apiStatus{})
}

// AuthSucc tells WeCom the member passed login verification (user/authsucc).
func (c *Client) AuthSucc(ctx context.Context, userID string) error {
	return c.call(ctx, get("user/authsucc", c.tfaKind(), url.Values{"userid": {userID}}), &apiStatus{})
}
