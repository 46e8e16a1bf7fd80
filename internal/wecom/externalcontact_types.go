package wecom

import "encoding/json"

// ExternalContact is a customer (§5.1). Type 1 = WeChat user, 2 = WeCom
// user; UnionID only for type 1, Position/CorpName only for type 2.
type ExternalContact struct {
	ExternalUserID  string           `json:"external_userid"`
	Name            string           `json:"name"`
	Position        string           `json:"position,omitempty"`
	Avatar          string           `json:"avatar,omitempty"`
	CorpName        string           `json:"corp_name,omitempty"`
	CorpFullName    string           `json:"corp_full_name,omitempty"`
	Type            int              `json:"type"`
	Gender          int              `json:"gender"`
	UnionID         string           `json:"unionid,omitempty"`
	ExternalProfile *ExternalProfile `json:"external_profile,omitempty"`
	// IsSubscribe, SubscriberInfo and ForeignKey come with some corps'
	// answers; they are kept as sent (SubscriberInfo's shape is not pinned).
	IsSubscribe    *int            `json:"is_subscribe,omitempty"`
	SubscriberInfo json.RawMessage `json:"subscriber_info,omitempty"`
	ForeignKey     string          `json:"foreign_key,omitempty"`
}

// Contact types.
const (
	ContactWeChat = 1
	ContactWeCom  = 2
)

// FollowUser is a member's side of a relationship: follow_user of
// externalcontact/get (Tags) or follow_info of batch/get_by_user (TagID).
type FollowUser struct {
	UserID         string          `json:"userid"`
	Remark         string          `json:"remark"`
	Description    string          `json:"description"`
	CreateTime     int64           `json:"createtime"`
	Tags           []FollowTag     `json:"tags,omitempty"`
	TagID          []string        `json:"tag_id,omitempty"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles,omitempty"`
	AddWay         int             `json:"add_way"`
	OperUserID     string          `json:"oper_userid"`
	State          string          `json:"state,omitempty"`
	WechatChannels *WechatChannels `json:"wechat_channels,omitempty"`
}

// FollowTag is a tag on a follow relation: Type 1 corp, 2 personal, 3 rule-group.
type FollowTag struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	TagID     string `json:"tag_id,omitempty"`
	Type      int    `json:"type"`
}

// ExternalContactDetail is one page of externalcontact/get; follow_user
// pages only past 500 followers.
type ExternalContactDetail struct {
	ExternalContact ExternalContact `json:"external_contact"`
	FollowUser      []FollowUser    `json:"follow_user"`
	NextCursor      string          `json:"next_cursor,omitempty"`
}

// ContactWithFollow is one entry of batch/get_by_user.
type ContactWithFollow struct {
	ExternalContact ExternalContact `json:"external_contact"`
	FollowInfo      FollowUser      `json:"follow_info"`
}

// ContactsByUserPage is one page of batch/get_by_user.
type ContactsByUserPage struct {
	ExternalContactList []ContactWithFollow `json:"external_contact_list"`
	NextCursor          string              `json:"next_cursor"`
}

// Remark is the body of externalcontact/remark.
type Remark struct {
	UserID           string   `json:"userid"`
	ExternalUserID   string   `json:"external_userid"`
	Remark           string   `json:"remark,omitempty"`
	Description      string   `json:"description,omitempty"`
	RemarkCompany    string   `json:"remark_company,omitempty"`
	RemarkMobiles    []string `json:"remark_mobiles,omitempty"`
	RemarkPicMediaID string   `json:"remark_pic_mediaid,omitempty"`
}
