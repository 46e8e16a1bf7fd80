package wecomsim

// Plain records of the simulated corp. Accessors on Directory return copies,
// so callers may keep and change them freely.

// User statuses as user/get reports them.
const (
	StatusActive      = 1 // activated
	StatusDisabled    = 2
	StatusNotActive   = 4 // invited, never joined
	StatusExited      = 5 // left the corp (退出企业)
	ExternalWeChat    = 1 // external contact type: WeChat user (has unionid)
	ExternalWeCom     = 2 // external contact type: WeCom user of another corp (corp_name, no unionid)
	ChatStatusNormal  = 0 // customer group chat status filter values
	ChatOwnerResigned = 1
	ChatInheriting    = 2
	ChatInherited     = 3
)

// Department is one node of the tree; ID 1 is the root.
type Department struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	NameEn   string   `json:"name_en,omitempty"`
	ParentID int64    `json:"parentid"`
	Order    int64    `json:"order"`
	Leaders  []string `json:"department_leader"`
}

// User is one member. Fields that Tencent does not return on user/get
// (RealNameVerified, CustomerContact, ArchiveType, Creator, DimissionTime)
// drive the simulator's rules.
type User struct {
	UserID           string   `json:"userid"`
	Name             string   `json:"name"`
	Alias            string   `json:"alias"`
	Mobile           string   `json:"mobile"`
	Email            string   `json:"email"`
	BizMail          string   `json:"biz_mail"`
	Position         string   `json:"position"`
	Gender           string   `json:"gender"` // "0" unknown, "1" male, "2" female
	Telephone        string   `json:"telephone"`
	Address          string   `json:"address"`
	Department       []int64  `json:"department"`
	Order            []int64  `json:"order"`
	IsLeaderInDept   []int    `json:"is_leader_in_dept"`
	DirectLeader     []string `json:"direct_leader"`
	MainDepartment   int64    `json:"main_department"`
	Status           int      `json:"status"`
	Activated        bool     `json:"activated"` // joined at least once; enable=1 restores status 1 only then
	RealNameVerified bool     `json:"real_name_verified"`
	CustomerContact  bool     `json:"customer_contact"` // 客户联系 enabled
	ArchiveType      int      `json:"archive_type"`     // 0 none, 1 办公版, 2 服务版, 3 企业版
	Creator          bool     `json:"creator"`
	OpenID           string   `json:"openid"`
	ExternalPosition string   `json:"external_position"`
	DimissionTime    int64    `json:"dimission_time"` // unix seconds when status became 5 or the user was deleted
}

// ExternalContact is a customer (HCP). UnionID only for ExternalWeChat;
// Position, CorpName, CorpFullName only for ExternalWeCom.
type ExternalContact struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Avatar         string `json:"avatar"`
	Type           int    `json:"type"`
	Gender         int    `json:"gender"`
	UnionID        string `json:"unionid,omitempty"`
	Position       string `json:"position,omitempty"`
	CorpName       string `json:"corp_name,omitempty"`
	CorpFullName   string `json:"corp_full_name,omitempty"`
	Hospital       string `json:"-"` // where the HCP works; sim-only
	Title          string `json:"-"` // 主任医师, 药剂师...; sim-only
}

// Follow states: who deleted whom decides what the APIs still answer.
const (
	FollowActive            = "active"
	FollowDeletedByCustomer = "deleted_by_customer" // one-way: still listed, APIs answer
	FollowDeletedByEmployee = "deleted_by_employee" // gone: 84061
	FollowTransferred       = "transferred"         // removed by a completed transfer: gone, 84061
)

// FollowRelation links a member to a customer.
type FollowRelation struct {
	UserID         string   `json:"userid"`
	ExternalUserID string   `json:"external_userid"`
	Remark         string   `json:"remark"`
	Description    string   `json:"description"`
	CreateTime     int64    `json:"createtime"`
	TagIDs         []string `json:"tag_id"`
	RemarkCorpName string   `json:"remark_corp_name"`
	RemarkMobiles  []string `json:"remark_mobiles"`
	AddWay         int      `json:"add_way"`
	OperUserID     string   `json:"oper_userid"`
	State          string   `json:"state"`
	Status         string   `json:"status"`       // FollowActive, FollowDeletedBy...
	AgreeStatus    string   `json:"agree_status"` // archive consent: Agree, Disagree, Default_Agree
	AgreeTime      int64    `json:"agree_time"`
}

// Visible reports whether the APIs still answer for this relation.
func (f FollowRelation) Visible() bool {
	return f.Status == FollowActive || f.Status == FollowDeletedByCustomer
}

// Tag is a corp customer tag.
type Tag struct {
	ID        string `json:"tag_id"`
	Name      string `json:"tag_name"`
	GroupName string `json:"group_name"`
}

// GroupMember is one member of a group chat.
type GroupMember struct {
	UserID        string `json:"userid"` // userid or external_userid
	Type          int    `json:"type"`   // 1 internal, 2 external
	UnionID       string `json:"unionid,omitempty"`
	JoinTime      int64  `json:"join_time"`
	JoinScene     int    `json:"join_scene"`
	Invitor       string `json:"invitor,omitempty"`
	GroupNickname string `json:"group_nickname"`
	Name          string `json:"name"`
}

// GroupChat is a customer group (Internal false) or an internal group
// (Internal true, only msgaudit/groupchat/get answers for it).
type GroupChat struct {
	ChatID        string        `json:"chat_id"`
	Name          string        `json:"name"`
	Owner         string        `json:"owner"`
	CreateTime    int64         `json:"create_time"`
	Notice        string        `json:"notice"`
	Members       []GroupMember `json:"member_list"`
	Admins        []string      `json:"admin_list"`
	MemberVersion string        `json:"member_version"`
	Status        int           `json:"status"`
	Internal      bool          `json:"internal"`
	Dismissed     bool          `json:"dismissed"`
}

// Robot is a group robot (ids start wb).
type Robot struct {
	RobotID       string `json:"robot_id"`
	Name          string `json:"name"`
	CreatorUserID string `json:"creator_userid"`
}
