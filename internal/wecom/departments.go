package wecom

import (
	"context"
	"net/url"
	"strconv"
)

// Department is one entry of department/list and department/get.
type Department struct {
	ID               int64    `json:"id"`
	Name             string   `json:"name"`
	NameEn           string   `json:"name_en,omitempty"`
	DepartmentLeader []string `json:"department_leader,omitempty"`
	ParentID         int64    `json:"parentid"`
	Order            int64    `json:"order"`
}

// DepartmentRef is one entry of department/simplelist.
type DepartmentRef struct {
	ID       int64 `json:"id"`
	ParentID int64 `json:"parentid"`
	Order    int64 `json:"order"`
}

// readKind is the secret for directory reads: the app's (visible range),
// else the contacts-sync secret (which new IPs may no longer use for details: 48009).
func (c *Client) readKind() SecretKind { return c.pick(App, Contacts) }

func idQuery(id int64) url.Values {
	if id == 0 {
		return nil
	}
	return url.Values{"id": {strconv.FormatInt(id, 10)}}
}

// ListDepartments returns department id and its sub-departments,
// recursively; id 0 lists the whole tree (department/list).
func (c *Client) ListDepartments(ctx context.Context, id int64) ([]Department, error) {
	var resp struct {
		apiStatus
		Department []Department `json:"department"`
	}
	if err := c.call(ctx, get("department/list", c.readKind(), idQuery(id)), &resp); err != nil {
		return nil, err
	}
	return resp.Department, nil
}

// SimpleListDepartments returns sub-department ids (department/simplelist),
// the read that still works where department/list gives 48009.
func (c *Client) SimpleListDepartments(ctx context.Context, id int64) ([]DepartmentRef, error) {
	var resp struct {
		apiStatus
		DepartmentID []DepartmentRef `json:"department_id"`
	}
	if err := c.call(ctx, get("department/simplelist", c.readKind(), idQuery(id)), &resp); err != nil {
		return nil, err
	}
	return resp.DepartmentID, nil
}

// GetDepartment returns one department (department/get).
func (c *Client) GetDepartment(ctx context.Context, id int64) (*Department, error) {
	var resp struct {
		apiStatus
		Department Department `json:"department"`
	}
	q := url.Values{"id": {strconv.FormatInt(id, 10)}}
	if err := c.call(ctx, get("department/get", c.readKind(), q), &resp); err != nil {
		return nil, err
	}
	return &resp.Department, nil
}
