package wecom

// User is the member object of user/get and user/list (§3.3). Apps created
// after 2022-06-20 get no mobile, email, gender, avatar or address.
type User struct {
	UserID           string           `json:"userid"`
	Name             string           `json:"name"`
	Alias            string           `json:"alias,omitempty"`
	EnglishName      string           `json:"english_name,omitempty"` // older corps still carry it
	Department       []int64          `json:"department"`
	Order            []int64          `json:"order,omitempty"`
	MainDepartment   int64            `json:"main_department,omitempty"`
	IsLeaderInDept   []int            `json:"is_leader_in_dept,omitempty"`
	DirectLeader     []string         `json:"direct_leader,omitempty"`
	Position         string           `json:"position,omitempty"`
	Mobile           string           `json:"mobile,omitempty"`
	Gender           string           `json:"gender,omitempty"` // "0" unknown, "1" male, "2" female
	Email            string           `json:"email,omitempty"`
	BizMail          string           `json:"biz_mail,omitempty"`
	BizMailAlias     *BizMailAlias    `json:"biz_mail_alias,omitempty"`
	HideMobile       int              `json:"hide_mobile,omitempty"` // 1: the member hides their mobile
	Telephone        string           `json:"telephone,omitempty"`
	Address          string           `json:"address,omitempty"`
	Avatar           string           `json:"avatar,omitempty"`
	ThumbAvatar      string           `json:"thumb_avatar,omitempty"`
	OpenUserID       string           `json:"open_userid,omitempty"`
	QRCode           string           `json:"qr_code,omitempty"`
	Status           UserStatus       `json:"status"`
	Enable           *int             `json:"enable,omitempty"`
	ExtAttr          *ExtAttr         `json:"extattr,omitempty"`
	ExternalPosition string           `json:"external_position,omitempty"`
	ExternalProfile  *ExternalProfile `json:"external_profile,omitempty"`
}

// UserStatus is user/get's status.
type UserStatus int

// Member states per §3.3.
const (
	UserActive     UserStatus = 1
	UserDisabled   UserStatus = 2
	UserNotActive  UserStatus = 4
	UserExitedCorp UserStatus = 5
)

// UserInput is the body of user/create and user/update. On update only
// UserID is required and omitted fields stay unchanged; pointers let a zero
// be sent on purpose (Enable 0 disables, ToInvite false skips the invite),
// and Clear names fields to send empty ("" or []), so an update can blank
// what HR blanked (see user_input.go).
type UserInput struct {
	UserID           string           `json:"userid"`
	Name             string           `json:"name,omitempty"`
	Alias            string           `json:"alias,omitempty"`
	Mobile           string           `json:"mobile,omitempty"`
	Department       []int64          `json:"department,omitempty"`
	Order            []int64          `json:"order,omitempty"`
	MainDepartment   int64            `json:"main_department,omitempty"`
	IsLeaderInDept   []int            `json:"is_leader_in_dept,omitempty"`
	DirectLeader     []string         `json:"direct_leader,omitempty"`
	Position         string           `json:"position,omitempty"`
	Gender           string           `json:"gender,omitempty"`
	Email            string           `json:"email,omitempty"`
	BizMail          string           `json:"biz_mail,omitempty"`
	BizMailAlias     *BizMailAlias    `json:"biz_mail_alias,omitempty"`
	Telephone        string           `json:"telephone,omitempty"`
	Address          string           `json:"address,omitempty"`
	Enable           *int             `json:"enable,omitempty"`
	AvatarMediaID    string           `json:"avatar_mediaid,omitempty"`
	ExtAttr          *ExtAttr         `json:"extattr,omitempty"`
	ToInvite         *bool            `json:"to_invite,omitempty"`
	ExternalPosition string           `json:"external_position,omitempty"`
	ExternalProfile  *ExternalProfile `json:"external_profile,omitempty"`
	// Clear lists JSON field names sent empty though their value is zero:
	// one of ClearableFields.
	Clear []string `json:"-"`
}

// BizMailAlias is a member's corp-mailbox aliases (up to 5).
type BizMailAlias struct {
	Item []string `json:"item"`
}

// ExtAttr holds custom member attributes.
type ExtAttr struct {
	Attrs []Attr `json:"attrs"`
}

// Attr is a custom attribute: Type 0 text, 1 web, 2 miniprogram (external only).
type Attr struct {
	Type        int          `json:"type"`
	Name        string       `json:"name"`
	Text        *AttrText    `json:"text,omitempty"`
	Web         *AttrWeb     `json:"web,omitempty"`
	Miniprogram *AttrMiniApp `json:"miniprogram,omitempty"`
}

// AttrText is a text attribute value.
type AttrText struct {
	Value string `json:"value"`
}

// AttrWeb is a web attribute value.
type AttrWeb struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// AttrMiniApp is a miniprogram attribute value.
type AttrMiniApp struct {
	AppID    string `json:"appid"`
	PagePath string `json:"pagepath"`
	Title    string `json:"title"`
}

// ExternalProfile is what external contacts see of a member.
type ExternalProfile struct {
	ExternalCorpName string          `json:"external_corp_name,omitempty"`
	WechatChannels   *WechatChannels `json:"wechat_channels,omitempty"`
	ExternalAttr     []Attr          `json:"external_attr,omitempty"`
}

// WechatChannels is the 视频号 of a member or the source of a follow.
type WechatChannels struct {
	Nickname string `json:"nickname"`
	Status   int    `json:"status,omitempty"`
	Source   int    `json:"source,omitempty"`
}

// UserBrief is one entry of user/simplelist.
type UserBrief struct {
	UserID     string  `json:"userid"`
	Name       string  `json:"name"`
	Department []int64 `json:"department"`
	OpenUserID string  `json:"open_userid,omitempty"`
}

// DeptUser is one (userid, department) row of user/list_id.
type DeptUser struct {
	UserID     string `json:"userid"`
	Department int64  `json:"department"`
}

// UserIDPage is one page of user/list_id; NextCursor "" means done.
type UserIDPage struct {
	NextCursor string     `json:"next_cursor"`
	DeptUser   []DeptUser `json:"dept_user"`
}

// EmailType selects the mailbox kind for get_userid_by_email.
type EmailType int

// Email kinds.
const (
	CorpEmail     EmailType = 1 // 企业邮箱 (default)
	PersonalEmail EmailType = 2 // 个人邮箱
)
