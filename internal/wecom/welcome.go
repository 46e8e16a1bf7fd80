package wecom

import "context"

// WelcomeMsg is the body of externalcontact/send_welcome_msg. The code from
// the add_external_contact callback is valid for 20 seconds.
type WelcomeMsg struct {
	WelcomeCode string       `json:"welcome_code"`
	Text        *TextContent `json:"text,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"` // at most 9
}

// TextContent is a text body (≤4000 bytes).
type TextContent struct {
	Content string `json:"content"`
}

// Attachment is one welcome attachment; MsgType names the one field set:
// "image", "link", "miniprogram", "video" or "file".
type Attachment struct {
	MsgType     string          `json:"msgtype"`
	Image       *ImageAttach    `json:"image,omitempty"`
	Link        *LinkAttach     `json:"link,omitempty"`
	MiniProgram *MiniProgAttach `json:"miniprogram,omitempty"`
	Video       *MediaAttach    `json:"video,omitempty"`
	File        *MediaAttach    `json:"file,omitempty"`
}

// ImageAttach is an image by media_id or pic_url.
type ImageAttach struct {
	MediaID string `json:"media_id,omitempty"`
	PicURL  string `json:"pic_url,omitempty"`
}

// LinkAttach is a link card.
type LinkAttach struct {
	Title  string `json:"title"`
	PicURL string `json:"picurl,omitempty"`
	Desc   string `json:"desc,omitempty"`
	URL    string `json:"url"`
}

// MiniProgAttach is a miniprogram card.
type MiniProgAttach struct {
	Title      string `json:"title"`
	PicMediaID string `json:"pic_media_id"`
	AppID      string `json:"appid"`
	Page       string `json:"page"`
}

// MediaAttach is a video or file by media_id.
type MediaAttach struct {
	MediaID string `json:"media_id"`
}

// SendWelcomeMsg sends the welcome message for a new customer
// (externalcontact/send_welcome_msg). ErrWelcomeCodeExpired once the code
// is stale; not retried beyond the transient errors since the code lives 20 s.
func (c *Client) SendWelcomeMsg(ctx context.Context, m WelcomeMsg) error {
	return c.call(ctx, post("externalcontact/send_welcome_msg", c.ecKind(), m), &apiStatus{})
}
