package wecomsim

import "strings"

// What happens outside the API: a new member joining in the WeCom app, and
// the admin console's settings no API can change. Tests and the demo call
// these to play the people involved.

// JoinUser is a created member accepting the invite: activated (status 1)
// and real-name verified; the admin enables 客户联系 for them. Until then
// 在职继承 and group transfers to them fail (41054, 40098).
func (d *Directory) JoinUser(userID string) error {
	if err := d.setUserStatus(userID, StatusActive, OriginSim); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.userIdx[strings.ToLower(userID)]
	if u == nil {
		return errf(60111, "userid not found")
	}
	u.RealNameVerified, u.CustomerContact = true, true
	return nil
}

// PermitArchive is the admin console's 会话内容存档 → 设置范围: WeCom has no
// API to add a member to the archive permit list (get_permit_user_list
// only reads it). archiveType 0 removes the member from it.
func (d *Directory) PermitArchive(userID string, archiveType int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	u := d.userIdx[strings.ToLower(userID)]
	if u == nil {
		return errf(60111, "userid not found")
	}
	u.ArchiveType = archiveType
	return nil
}
