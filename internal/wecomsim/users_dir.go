package wecomsim

import (
	"slices"
	"strings"
)

// CreateUser adds a member as if created in the admin console (OriginSim).
func (d *Directory) CreateUser(u User) error { return d.createUser(u, OriginSim) }

func (d *Directory) createUser(u User, origin string) error {
	d.mu.Lock()
	if err := d.addUserLocked(&u); err != nil {
		d.mu.Unlock()
		return err
	}
	ch := Change{Event: "change_contact", ChangeType: "create_user", Origin: origin, Time: d.now(),
		UserID: u.UserID, Department: slices.Clone(u.Department)}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

func (d *Directory) addUserLocked(u *User) error {
	if u.UserID == "" {
		return errf(41009, "missing userid")
	}
	if !userIDRe.MatchString(u.UserID) {
		return errf(40003, "invalid userid %q", u.UserID)
	}
	if err := d.checkUserFieldsLocked(u, true); err != nil {
		return err
	}
	if d.userIdx[strings.ToLower(u.UserID)] != nil {
		return errf(60102, "userid existed")
	}
	if u.Mobile == "" && u.Email == "" {
		return errf(60129, "mobile and email both empty")
	}
	if err := d.uniqueLocked(u.UserID, u.Mobile, u.Email); err != nil {
		return err
	}
	if u.Status == 0 {
		u.Status = StatusNotActive
	}
	if u.MainDepartment == 0 {
		u.MainDepartment = u.Department[0]
	}
	if u.Gender == "" {
		u.Gender = "0"
	}
	for len(u.Order) < len(u.Department) {
		u.Order = append(u.Order, 0)
	}
	for len(u.IsLeaderInDept) < len(u.Department) {
		u.IsLeaderInDept = append(u.IsLeaderInDept, 0)
	}
	if u.OpenID == "" {
		u.OpenID = "oSim" + shortHash(d.corpID+"|"+strings.ToLower(u.UserID), 24)
	}
	cp := cloneUser(*u)
	d.users = append(d.users, &cp)
	d.userIdx[strings.ToLower(u.UserID)] = &cp
	return nil
}

// UserPatch lists the fields of user/update; nil means unchanged.
type UserPatch struct {
	Name, Alias, Mobile, Email, Position, Gender *string
	Telephone, Address, ExternalPosition         *string
	Department, Order                            []int64
	IsLeaderInDept                               []int
	DirectLeader                                 []string
	MainDepartment                               *int64
	Enable                                       *int
}

// UpdateUser changes a member as if edited in the admin console (OriginSim).
func (d *Directory) UpdateUser(userID string, p UserPatch) error {
	return d.updateUser(userID, p, OriginSim)
}

func (d *Directory) updateUser(userID string, p UserPatch, origin string) error {
	d.mu.Lock()
	u := d.userIdx[strings.ToLower(userID)]
	if u == nil {
		d.mu.Unlock()
		return errf(60111, "userid not found")
	}
	nu := cloneUser(*u)
	applyPatch(&nu, p)
	probe := nu
	probe.Name = ""
	if p.Name != nil {
		probe.Name = nu.Name
		if probe.Name == "" {
			probe.Name = "\n" // empty name on update is invalid
		}
	}
	if !sameStr(p.Mobile, u.Mobile) || !sameStr(p.Email, u.Email) || p.Name != nil || p.Department != nil {
		if err := d.checkUserFieldsLocked(&probe, false); err != nil {
			d.mu.Unlock()
			return err
		}
	}
	// An activated member owns their mobile: Tencent ignores a new one.
	if u.Status == StatusActive || u.Activated {
		nu.Mobile = u.Mobile
	}
	if nu.Mobile == "" && nu.Email == "" {
		d.mu.Unlock()
		return errf(60129, "mobile and email both empty")
	}
	if err := d.uniqueLocked(u.UserID, strIf(nu.Mobile != u.Mobile, nu.Mobile), strIf(!strings.EqualFold(nu.Email, u.Email), nu.Email)); err != nil {
		d.mu.Unlock()
		return err
	}
	*u = nu
	ch := Change{Event: "change_contact", ChangeType: "update_user", Origin: origin, Time: d.now(),
		UserID: u.UserID, Department: slices.Clone(u.Department)}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

func applyPatch(u *User, p UserPatch) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&u.Name, p.Name)
	set(&u.Alias, p.Alias)
	set(&u.Mobile, p.Mobile)
	set(&u.Email, p.Email)
	set(&u.Position, p.Position)
	set(&u.Gender, p.Gender)
	set(&u.Telephone, p.Telephone)
	set(&u.Address, p.Address)
	set(&u.ExternalPosition, p.ExternalPosition)
	if p.Department != nil {
		u.Department = slices.Clone(p.Department)
		u.Order = make([]int64, len(p.Department))
		u.IsLeaderInDept = make([]int, len(p.Department))
		if !slices.Contains(u.Department, u.MainDepartment) && len(u.Department) > 0 {
			u.MainDepartment = u.Department[0]
		}
	}
	if p.Order != nil {
		u.Order = slices.Clone(p.Order)
	}
	if p.IsLeaderInDept != nil {
		u.IsLeaderInDept = slices.Clone(p.IsLeaderInDept)
	}
	if p.DirectLeader != nil {
		u.DirectLeader = slices.Clone(p.DirectLeader)
	}
	if p.MainDepartment != nil {
		u.MainDepartment = *p.MainDepartment
	}
	if p.Enable != nil {
		switch {
		case *p.Enable == 0:
			u.Status = StatusDisabled
		case u.Status == StatusDisabled && u.Activated:
			u.Status = StatusActive
		case u.Status == StatusDisabled:
			u.Status = StatusNotActive
		}
	}
}

func sameStr(p *string, v string) bool { return p == nil || *p == v }

func strIf(c bool, s string) string {
	if c {
		return s
	}
	return ""
}

// DeleteUsers removes members as if deleted in the admin console (OriginSim).
func (d *Directory) DeleteUsers(userIDs ...string) error { return d.deleteUsers(userIDs, OriginSim) }

// deleteUsers removes all or none: an unknown id fails the whole call. Their
// customers stay, unassigned, for resigned transfers.
func (d *Directory) deleteUsers(ids []string, origin string) error {
	d.mu.Lock()
	for _, id := range ids {
		u := d.userIdx[strings.ToLower(id)]
		if u == nil {
			d.mu.Unlock()
			return errf(60111, "userid not found, hint: [userid %s]", id)
		}
		if u.Creator {
			d.mu.Unlock()
			return errf(301005, "not allow to delete creator")
		}
	}
	now := d.now()
	var chs []Change
	for _, id := range ids {
		u := d.userIdx[strings.ToLower(id)]
		if u == nil { // duplicate id in the list
			continue
		}
		delete(d.userIdx, strings.ToLower(id))
		d.users = slices.DeleteFunc(d.users, func(x *User) bool { return x == u })
		gone := cloneUser(*u)
		gone.DimissionTime = now.Unix()
		d.resigned[strings.ToLower(id)] = &gone
		d.ownerLeftLocked(u.UserID)
		chs = append(chs, Change{Event: "change_contact", ChangeType: "delete_user", Origin: origin, Time: now, UserID: u.UserID})
	}
	d.mu.Unlock()
	d.emit(chs...)
	return nil
}

// SetUserStatus sets a member's status (1, 2, 4, 5) as if it changed in WeCom
// (OriginSim); 5 records the dimission time.
func (d *Directory) SetUserStatus(userID string, status int) error {
	return d.setUserStatus(userID, status, OriginSim)
}

func (d *Directory) setUserStatus(userID string, status int, origin string) error {
	d.mu.Lock()
	u := d.userIdx[strings.ToLower(userID)]
	if u == nil {
		d.mu.Unlock()
		return errf(60111, "userid not found")
	}
	u.Status = status
	if status == StatusActive {
		u.Activated = true
	}
	if status == StatusExited && u.DimissionTime == 0 {
		u.DimissionTime = d.now().Unix()
	}
	if status == StatusExited {
		d.ownerLeftLocked(u.UserID)
	}
	ch := Change{Event: "change_contact", ChangeType: "update_user", Origin: origin, Time: d.now(), UserID: u.UserID, Department: slices.Clone(u.Department)}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

// resignedLocked returns a resigned member: deleted, or status 5.
func (d *Directory) resignedLocked(userID string) (*User, bool) {
	if u := d.resigned[strings.ToLower(userID)]; u != nil {
		return u, true
	}
	if u := d.userIdx[strings.ToLower(userID)]; u != nil && u.Status == StatusExited {
		return u, true
	}
	return nil, false
}

// ownerLeftLocked marks the customer groups of a member who left as
// "owner resigned, awaiting inheritance".
func (d *Directory) ownerLeftLocked(userID string) {
	for _, c := range d.chats {
		if !c.Internal && !c.Dismissed && strings.EqualFold(c.Owner, userID) && c.Status == ChatStatusNormal {
			c.Status = ChatOwnerResigned
		}
	}
}
