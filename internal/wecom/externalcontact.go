package wecom

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
)

// maxUsersPerBatch bounds userid_list of batch/get_by_user.
const maxUsersPerBatch = 100

// ecKind: customer APIs prefer the 客户联系 secret and fall back to the
// self-built app listed in 可调用接口的应用.
func (c *Client) ecKind() SecretKind { return c.pick(CustomerContact, App) }

// ListFollowUsers returns the members with customer contact enabled
// (externalcontact/get_follow_user_list).
func (c *Client) ListFollowUsers(ctx context.Context) ([]string, error) {
	var resp struct {
		apiStatus
		FollowUser []string `json:"follow_user"`
	}
	if err := c.call(ctx, get("externalcontact/get_follow_user_list", c.ecKind(), nil), &resp); err != nil {
		return nil, err
	}
	return resp.FollowUser, nil
}

// ListExternalContacts returns the external_userids of a member's customers
// (externalcontact/list). WeCom answers 84061 for a member with none; that
// is returned as an empty list.
func (c *Client) ListExternalContacts(ctx context.Context, userID string) ([]string, error) {
	var resp struct {
		apiStatus
		ExternalUserID []string `json:"external_userid"`
	}
	err := c.call(ctx, get("externalcontact/list", c.ecKind(), url.Values{"userid": {userID}}), &resp)
	if errors.Is(err, ErrNoRelationship) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return resp.ExternalUserID, nil
}

// GetExternalContact returns a customer and one page of its followers
// (externalcontact/get); cursor "" for the first page.
func (c *Client) GetExternalContact(ctx context.Context, externalUserID, cursor string) (*ExternalContactDetail, error) {
	q := url.Values{"external_userid": {externalUserID}}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var resp struct {
		apiStatus
		ExternalContactDetail
	}
	if err := c.call(ctx, get("externalcontact/get", c.ecKind(), q), &resp); err != nil {
		return nil, err
	}
	return &resp.ExternalContactDetail, nil
}

// GetExternalContactAll returns a customer with every follower, following
// the cursor.
func (c *Client) GetExternalContactAll(ctx context.Context, externalUserID string) (*ExternalContactDetail, error) {
	var out *ExternalContactDetail
	cursor, seen := "", map[string]bool{}
	for {
		p, err := c.GetExternalContact(ctx, externalUserID, cursor)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = p
		} else {
			out.FollowUser = append(out.FollowUser, p.FollowUser...)
		}
		if p.NextCursor == "" {
			out.NextCursor = ""
			return out, nil
		}
		if seen[p.NextCursor] {
			return nil, fmt.Errorf("%w: externalcontact/get next_cursor %q repeats an earlier page's", ErrBadResponse, p.NextCursor)
		}
		seen[p.NextCursor] = true
		cursor = p.NextCursor
	}
}

// BatchGetByUser returns one page of the customers of up to 100 members
// (externalcontact/batch/get_by_user); limit ≤100, 0 = WeCom's default 50.
func (c *Client) BatchGetByUser(ctx context.Context, userIDs []string, cursor string, limit int) (*ContactsByUserPage, error) {
	if len(userIDs) == 0 || len(userIDs) > maxUsersPerBatch {
		return nil, fmt.Errorf("%w: batch/get_by_user takes 1 to %d userids, got %d", ErrInvalidArgument, maxUsersPerBatch, len(userIDs))
	}
	body := struct {
		UserIDList []string `json:"userid_list"`
		Cursor     string   `json:"cursor,omitempty"`
		Limit      int      `json:"limit,omitempty"`
	}{userIDs, cursor, limit}
	var resp struct {
		apiStatus
		ContactsByUserPage
	}
	if err := c.call(ctx, post("externalcontact/batch/get_by_user", c.ecKind(), body), &resp); err != nil {
		return nil, err
	}
	return &resp.ContactsByUserPage, nil
}

// ContactsByUser walks every page of batch/get_by_user.
func (c *Client) ContactsByUser(ctx context.Context, userIDs []string, limit int) iter.Seq2[ContactWithFollow, error] {
	return paginate(func(cursor string) ([]ContactWithFollow, string, error) {
		p, err := c.BatchGetByUser(ctx, userIDs, cursor, limit)
		if err != nil {
			return nil, "", err
		}
		return p.ExternalContactList, p.NextCursor, nil
	})
}

// RemarkExternalContact edits a member's remark on a customer (externalcontact/remark).
func (c *Client) RemarkExternalContact(ctx context.Context, r Remark) error {
	return c.call(ctx, post("externalcontact/remark", c.ecKind(), r), &apiStatus{})
}
