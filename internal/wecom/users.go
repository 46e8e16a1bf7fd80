package wecom

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strconv"
)

// maxBatchDelete is user/batchdelete's limit; one bad id fails the whole call.
const maxBatchDelete = 200

// CreateUser creates a member (user/create, contacts-sync secret). Like
// every call it is retried after timeouts and 5xx; if WeCom did create the
// member before the answer was lost, the retry returns ErrUseridExists, so
// callers reconcile by reading the member back.
func (c *Client) CreateUser(ctx context.Context, u UserInput) error {
	return c.call(ctx, post("user/create", Contacts, u), &apiStatus{})
}

// UpdateUser changes the given fields of a member (user/update).
func (c *Client) UpdateUser(ctx context.Context, u UserInput) error {
	return c.call(ctx, post("user/update", Contacts, u), &apiStatus{})
}

// GetUser reads a member (user/get); ErrUserNotFound when gone.
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	var resp userResponse
	if err := c.call(ctx, get("user/get", c.readKind(), url.Values{"userid": {userID}}), &resp); err != nil {
		return nil, err
	}
	return &resp.User, nil
}

// userResponse is user/get's answer: the member's fields beside errcode.
// It decodes the two apart, since User's own (lenient) UnmarshalJSON
// would otherwise swallow errcode and errmsg.
type userResponse struct {
	apiStatus
	User User
}

func (r *userResponse) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &r.apiStatus); err != nil {
		return err
	}
	if r.ErrCode != 0 {
		return nil
	}
	return json.Unmarshal(b, &r.User)
}

// DeleteUser deletes a member (user/delete).
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	return c.call(ctx, get("user/delete", Contacts, url.Values{"userid": {userID}}), &apiStatus{})
}

// BatchDeleteUsers deletes up to 200 members at once (user/batchdelete).
func (c *Client) BatchDeleteUsers(ctx context.Context, userIDs []string) error {
	if len(userIDs) == 0 || len(userIDs) > maxBatchDelete {
		return fmt.Errorf("%w: user/batchdelete takes 1 to %d userids, got %d", ErrInvalidArgument, maxBatchDelete, len(userIDs))
	}
	body := struct {
		UserIDList []string `json:"useridlist"`
	}{userIDs}
	return c.call(ctx, post("user/batchdelete", Contacts, body), &apiStatus{})
}

func deptQuery(deptID int64, fetchChild bool) url.Values {
	q := url.Values{"department_id": {strconv.FormatInt(deptID, 10)}}
	if fetchChild {
		q.Set("fetch_child", "1")
	}
	return q
}

// SimpleListUsers lists the members of a department (user/simplelist).
func (c *Client) SimpleListUsers(ctx context.Context, deptID int64, fetchChild bool) ([]UserBrief, error) {
	var resp struct {
		apiStatus
		UserList []UserBrief `json:"userlist"`
	}
	if err := c.call(ctx, get("user/simplelist", c.readKind(), deptQuery(deptID, fetchChild)), &resp); err != nil {
		return nil, err
	}
	return resp.UserList, nil
}

// ListUsers lists the members of a department in detail (user/list).
func (c *Client) ListUsers(ctx context.Context, deptID int64, fetchChild bool) ([]User, error) {
	var resp struct {
		apiStatus
		UserList []User `json:"userlist"`
	}
	if err := c.call(ctx, get("user/list", c.readKind(), deptQuery(deptID, fetchChild)), &resp); err != nil {
		return nil, err
	}
	return resp.UserList, nil
}

// ListUserIDs returns one page of every (userid, department) pair
// (user/list_id, contacts-sync secret only); limit 1..10000.
func (c *Client) ListUserIDs(ctx context.Context, cursor string, limit int) (*UserIDPage, error) {
	body := struct {
		Cursor string `json:"cursor,omitempty"`
		Limit  int    `json:"limit,omitempty"`
	}{cursor, limit}
	var resp struct {
		apiStatus
		UserIDPage
	}
	if err := c.call(ctx, post("user/list_id", Contacts, body), &resp); err != nil {
		return nil, err
	}
	return &resp.UserIDPage, nil
}

// AllUserIDs walks every page of user/list_id. It stops at the first error,
// which it yields.
func (c *Client) AllUserIDs(ctx context.Context, limit int) iter.Seq2[DeptUser, error] {
	return paginate(func(cursor string) ([]DeptUser, string, error) {
		p, err := c.ListUserIDs(ctx, cursor, limit)
		if err != nil {
			return nil, "", err
		}
		return p.DeptUser, p.NextCursor, nil
	})
}

type useridResponse struct {
	apiStatus
	UserID string `json:"userid"`
}

// GetUserIDByMobile resolves a mobile to a userid (user/getuserid). Failures
// over 20% of the corp size block this API for a day: look up sparingly.
func (c *Client) GetUserIDByMobile(ctx context.Context, mobile string) (string, error) {
	var resp useridResponse
	body := struct {
		Mobile string `json:"mobile"`
	}{mobile}
	if err := c.call(ctx, post("user/getuserid", c.readKind(), body), &resp); err != nil {
		return "", err
	}
	return resp.UserID, nil
}

// GetUserIDByEmail resolves an e-mail to a userid (user/get_userid_by_email).
func (c *Client) GetUserIDByEmail(ctx context.Context, email string, typ EmailType) (string, error) {
	var resp useridResponse
	body := struct {
		Email     string    `json:"email"`
		EmailType EmailType `json:"email_type,omitempty"`
	}{email, typ}
	if err := c.call(ctx, post("user/get_userid_by_email", c.readKind(), body), &resp); err != nil {
		return "", err
	}
	return resp.UserID, nil
}

// ConvertToOpenID converts a userid to an openid (user/convert_to_openid).
func (c *Client) ConvertToOpenID(ctx context.Context, userID string) (string, error) {
	var resp struct {
		apiStatus
		OpenID string `json:"openid"`
	}
	body := struct {
		UserID string `json:"userid"`
	}{userID}
	if err := c.call(ctx, post("user/convert_to_openid", c.readKind(), body), &resp); err != nil {
		return "", err
	}
	return resp.OpenID, nil
}
