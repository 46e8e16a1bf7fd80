package accounts

import (
	"context"
	"iter"

	"wecomadmin/internal/wecom"
)

// WeCom is the part of one corp's WeCom client that accounts needs;
// *wecom.Client satisfies it (and picks the secret per call: contacts-sync
// for member writes and list_id, app for TFA, archive for the permit list).
// Errors are the client's: branch on wecom.Code(err) or its sentinels.
type WeCom interface {
	GetUser(ctx context.Context, userID string) (*wecom.User, error)
	CreateUser(ctx context.Context, u wecom.UserInput) error
	UpdateUser(ctx context.Context, u wecom.UserInput) error
	DeleteUser(ctx context.Context, userID string) error
	GetUserIDByMobile(ctx context.Context, mobile string) (string, error)
	GetUserIDByEmail(ctx context.Context, email string, typ wecom.EmailType) (string, error)
	AllUserIDs(ctx context.Context, limit int) iter.Seq2[wecom.DeptUser, error]
	ListDepartments(ctx context.Context, id int64) ([]wecom.Department, error)
	GetTFAInfo(ctx context.Context, code string) (*wecom.TFAInfo, error)
	TFASucc(ctx context.Context, userID, tfaCode string) error
	AuthSucc(ctx context.Context, userID string) error
	GetPermitUserList(ctx context.Context, edition int) ([]string, error)
}

// WeCom member status values as our employee rows store them (user/get "status").
const (
	StatusActivated    = int(wecom.UserActive)
	StatusDisabled     = int(wecom.UserDisabled)
	StatusNotActivated = int(wecom.UserNotActive)
	StatusExited       = int(wecom.UserExitedCorp)
)

// UserWrite is a planned user/create or user/update, as a sync step stores
// it. Nil pointer fields are left out, so an update changes only what the
// plan names.
type UserWrite struct {
	UserID     string  `json:"userid"`
	Name       *string `json:"name,omitempty"`
	Mobile     *string `json:"mobile,omitempty"`
	Email      *string `json:"email,omitempty"`
	Position   *string `json:"position,omitempty"`
	Department []int64 `json:"department,omitempty"`
	Enable     *int    `json:"enable,omitempty"`
}

// input is the client's body for the write; a blank position is cleared
// in WeCom too (HR blanked the title).
func (u UserWrite) input() wecom.UserInput {
	in := wecom.UserInput{UserID: u.UserID, Department: u.Department, Enable: u.Enable}
	for _, f := range []struct{ dst, src *string }{{&in.Name, u.Name}, {&in.Mobile, u.Mobile}, {&in.Email, u.Email}, {&in.Position, u.Position}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if u.Position != nil && *u.Position == "" {
		in.Clear = append(in.Clear, "position")
	}
	return in
}

// userIDs lists every member's userid once (user/list_id gives one row per department).
func userIDs(ctx context.Context, wc WeCom) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for du, err := range wc.AllUserIDs(ctx, 10000) {
		if err != nil {
			return nil, err
		}
		if !seen[du.UserID] {
			seen[du.UserID] = true
			out = append(out, du.UserID)
		}
	}
	return out, nil
}

// userIDByEmail looks a corp mailbox up (get_userid_by_email, 企业邮箱).
func userIDByEmail(ctx context.Context, wc WeCom, email string) (string, error) {
	return wc.GetUserIDByEmail(ctx, email, wecom.CorpEmail)
}

// isNotFound reports whether err says the user (or the mobile/email lookup) found nobody.
func isNotFound(err error) bool {
	switch wecom.Code(err) {
	case wecom.CodeUserNotFound, wecom.CodeUserNotFoundOld, wecom.CodeInvalidUserID, wecom.CodeUserIDInvalid:
		return true
	}
	return false
}
