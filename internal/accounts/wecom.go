package accounts

import (
	"context"
	"errors"
	"strconv"
)

// WeCom is the part of the qyapi client that accounts needs. The lead wires
// the real client (internal/wecom) behind it with a small adapter; tests use
// an in-package fake that enforces WeCom's rules. Member writes and list_id
// need the contacts-sync secret; TFA calls the contacts-sync or app secret;
// PermitUsers the archive secret: the adapter picks the token.
type WeCom interface {
	GetUser(ctx context.Context, userid string) (User, error)
	CreateUser(ctx context.Context, u UserWrite) error
	UpdateUser(ctx context.Context, u UserWrite) error
	DeleteUser(ctx context.Context, userid string) error
	UserIDByMobile(ctx context.Context, mobile string) (string, error)
	UserIDByEmail(ctx context.Context, email string) (string, error)
	ListUserIDs(ctx context.Context) ([]string, error)
	Departments(ctx context.Context) ([]Department, error)
	TFAInfo(ctx context.Context, code string) (userid, tfaCode string, err error)
	TFASucc(ctx context.Context, userid, tfaCode string) error
	AuthSucc(ctx context.Context, userid string) error
	PermitUsers(ctx context.Context) ([]string, error)
}

// WeCom member status values (user/get "status").
const (
	StatusActivated    = 1
	StatusDisabled     = 2
	StatusNotActivated = 4
	StatusExited       = 5
)

// User is a WeCom member as user/get returns it.
type User struct {
	UserID     string
	Name       string
	Mobile     string
	Email      string
	Position   string
	Department []int64
	Status     int
	Enable     *int // 1 enabled, 0 disabled; nil when WeCom did not say
	// RealNameVerified is nil when WeCom (or the secret in use) does not tell.
	RealNameVerified *bool
	// DirectLeader is user/get's direct_leader: a leaver's successor.
	DirectLeader []string
}

// UserWrite is a user/create or user/update body. Nil pointer fields are
// left out, so an update changes only what the plan names.
type UserWrite struct {
	UserID     string  `json:"userid"`
	Name       *string `json:"name,omitempty"`
	Mobile     *string `json:"mobile,omitempty"`
	Email      *string `json:"email,omitempty"`
	Position   *string `json:"position,omitempty"`
	Department []int64 `json:"department,omitempty"`
	Enable     *int    `json:"enable,omitempty"`
}

// Department is one node of department/list.
type Department struct {
	ID       int64
	Name     string
	ParentID int64
}

// APIError is a WeCom errcode; the adapter maps the client's typed errors to it
// so the rules here can branch on the code.
type APIError struct {
	Code int
	Msg  string
}

func (e *APIError) Error() string { return "wecom: errcode " + strconv.Itoa(e.Code) + ": " + e.Msg }

// WeCom errcodes the sync and TFA logic branch on.
const (
	ErrcodeInvalidCode    = 40029
	ErrcodeUserNotFound   = 60111
	ErrcodeUserNotFound2  = 46004
	ErrcodeUserIDExists   = 60102
	ErrcodeMobileExists   = 60104
	ErrcodeEmailExists    = 60106
	ErrcodeInvalidTFACode = 40207
)

// Errcode returns the WeCom errcode inside err, or 0.
func Errcode(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return 0
}

// isNotFound reports whether err says the user (or the mobile/email lookup) found nobody.
func isNotFound(err error) bool {
	switch Errcode(err) {
	case ErrcodeUserNotFound, ErrcodeUserNotFound2, 40003, 301021:
		return true
	}
	return false
}
