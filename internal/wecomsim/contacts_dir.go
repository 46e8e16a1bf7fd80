package wecomsim

import (
	"slices"
	"strings"
)

// AddExternalContact records that a member added a customer (as in the
// WeCom app, OriginSim): the contact is created if new, the relation becomes
// active and an add_external_contact change carries a fresh welcome code,
// which is also returned.
func (d *Directory) AddExternalContact(c ExternalContact, f FollowRelation) (welcomeCode string, err error) {
	d.mu.Lock()
	u := d.userIdx[strings.ToLower(f.UserID)]
	if u == nil {
		d.mu.Unlock()
		return "", errf(60111, "userid not found")
	}
	f.UserID = u.UserID
	if c.ExternalUserID == "" {
		d.mu.Unlock()
		return "", errf(40096, "invalid external userid")
	}
	if d.contIdx[c.ExternalUserID] == nil {
		cp := c
		d.contacts = append(d.contacts, &cp)
		d.contIdx[c.ExternalUserID] = &cp
	}
	f.ExternalUserID = c.ExternalUserID
	if f.CreateTime == 0 {
		f.CreateTime = d.now().Unix()
	}
	if f.AgreeStatus == "" {
		f.AgreeStatus = "Default_Agree"
	}
	f.Status = FollowActive
	d.putFollowLocked(f)
	d.mu.Unlock()
	code := ""
	if d.welcome != nil {
		code = d.welcome(f.UserID, c.ExternalUserID)
	}
	d.emit(Change{Event: "change_external_contact", ChangeType: "add_external_contact", Origin: OriginSim,
		Time: d.now(), UserID: f.UserID, ExternalUserID: c.ExternalUserID, State: f.State, WelcomeCode: code})
	return code, nil
}

// putFollowLocked inserts or replaces a relation.
func (d *Directory) putFollowLocked(f FollowRelation) {
	k := followKey(f.UserID, f.ExternalUserID)
	if old := d.follIdx[k]; old != nil {
		*old = cloneFollow(f)
		return
	}
	cp := cloneFollow(f)
	d.follows = append(d.follows, &cp)
	d.follIdx[k] = &cp
}

// DeleteFollowByCustomer: the customer deleted the member (del_follow_user).
// The relation stays one-way: still listed, APIs still answer.
func (d *Directory) DeleteFollowByCustomer(userID, externalUserID string) error {
	return d.setFollowStatus(userID, externalUserID, FollowDeletedByCustomer, "del_follow_user", OriginSim, "")
}

// DeleteFollowByEmployee: the member deleted the customer
// (del_external_contact). The relation is gone: the APIs answer 84061.
func (d *Directory) DeleteFollowByEmployee(userID, externalUserID string) error {
	return d.setFollowStatus(userID, externalUserID, FollowDeletedByEmployee, "del_external_contact", OriginSim, "")
}

func (d *Directory) setFollowStatus(userID, extID, status, changeType, origin, source string) error {
	d.mu.Lock()
	f := d.follIdx[followKey(userID, extID)]
	if f == nil || !f.Visible() {
		d.mu.Unlock()
		return errf(84061, "not external contact")
	}
	f.Status = status
	ch := Change{Event: "change_external_contact", ChangeType: changeType, Origin: origin, Time: d.now(),
		UserID: f.UserID, ExternalUserID: extID, Source: source}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

// visibleFollowsLocked returns the relations of a member the APIs answer for.
func (d *Directory) visibleFollowsLocked(userID string) []*FollowRelation {
	var out []*FollowRelation
	for _, f := range d.follows {
		if strings.EqualFold(f.UserID, userID) && f.Visible() {
			out = append(out, f)
		}
	}
	return out
}

// followersLocked returns the visible relations of a customer.
func (d *Directory) followersLocked(extID string) []*FollowRelation {
	var out []*FollowRelation
	for _, f := range d.follows {
		if f.ExternalUserID == extID && f.Visible() {
			out = append(out, f)
		}
	}
	return out
}

// RemarkPatch lists the fields of externalcontact/remark; nil means unchanged.
type RemarkPatch struct {
	Remark, Description, RemarkCompany *string
	RemarkMobiles                      []string
}

func (d *Directory) remark(userID, extID string, p RemarkPatch, origin string) error {
	d.mu.Lock()
	if d.userIdx[strings.ToLower(userID)] == nil {
		d.mu.Unlock()
		return errf(60111, "userid not found")
	}
	if d.contIdx[extID] == nil {
		d.mu.Unlock()
		return errf(40096, "invalid external userid")
	}
	f := d.follIdx[followKey(userID, extID)]
	if f == nil || !f.Visible() {
		d.mu.Unlock()
		return errf(84061, "not external contact")
	}
	if p.Remark != nil {
		f.Remark = *p.Remark
	}
	if p.Description != nil {
		f.Description = *p.Description
	}
	if p.RemarkCompany != nil {
		f.RemarkCorpName = *p.RemarkCompany
	}
	if p.RemarkMobiles != nil {
		f.RemarkMobiles = slices.Clone(p.RemarkMobiles)
	}
	ch := Change{Event: "change_external_contact", ChangeType: "edit_external_contact", Origin: origin, Time: d.now(),
		UserID: f.UserID, ExternalUserID: extID}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

// SetChatOwner changes a group's owner (change_external_chat update
// change_owner), as a group transfer or the WeCom app would.
func (d *Directory) SetChatOwner(chatID, owner string) error {
	return d.setChatOwner(chatID, owner, ChatInherited, OriginSim)
}

func (d *Directory) setChatOwner(chatID, owner string, status int, origin string) error {
	d.mu.Lock()
	c := d.chatIdx[chatID]
	if c == nil {
		d.mu.Unlock()
		return errf(40050, "chatid not exist")
	}
	c.Owner = owner
	c.Status = status
	if !slices.ContainsFunc(c.Members, func(m GroupMember) bool { return strings.EqualFold(m.UserID, owner) }) {
		c.Members = append(c.Members, GroupMember{UserID: owner, Type: 1, JoinTime: d.now().Unix(), JoinScene: 1})
	}
	c.MemberVersion = shortHash(c.ChatID+c.Owner+d.now().String(), 32)
	ch := Change{Event: "change_external_chat", ChangeType: "update", UpdateDetail: "change_owner", Origin: origin,
		Time: d.now(), ChatID: chatID}
	d.mu.Unlock()
	d.emit(ch)
	return nil
}

// Remark edits a relation's remark fields as if in the WeCom app
// (edit_external_contact, OriginSim).
func (d *Directory) Remark(userID, externalUserID string, p RemarkPatch) error {
	return d.remark(userID, externalUserID, p, OriginSim)
}
