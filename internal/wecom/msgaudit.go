package wecom

import (
	"context"
	"net/url"
)

// Archive editions for GetPermitUserList.
const (
	ArchiveAllEditions = 0 // omit type
	ArchiveOffice      = 1 // 办公版
	ArchiveService     = 2 // 服务版
	ArchiveEnterprise  = 3 // 企业版
)

// AgreePair asks for the consent of one customer towards one member. The
// JSON name exteranalopenid is WeCom's own misspelling.
type AgreePair struct {
	UserID         string `json:"userid"`
	ExternalOpenID string `json:"exteranalopenid"`
}

// AgreeInfo is one consent answer; AgreeStatus is Agree, Disagree or
// Default_Agree; StatusChangeTime in Unix seconds.
type AgreeInfo struct {
	UserID           string `json:"userid,omitempty"`
	ExternalOpenID   string `json:"exteranalopenid"`
	AgreeStatus      string `json:"agree_status"`
	StatusChangeTime int64  `json:"status_change_time"`
}

// Consent states.
const (
	Agree        = "Agree"
	Disagree     = "Disagree"
	DefaultAgree = "Default_Agree"
)

// AuditGroupChat is an internal group as msgaudit/groupchat/get reports it.
type AuditGroupChat struct {
	RoomName       string        `json:"roomname"`
	Creator        string        `json:"creator"`
	RoomCreateTime int64         `json:"room_create_time"`
	Notice         string        `json:"notice"`
	Members        []AuditMember `json:"members"`
}

// AuditMember is a member of an internal group.
type AuditMember struct {
	MemberID string `json:"memberid"`
	JoinTime int64  `json:"jointime"`
}

// RobotInfo names a robot (wb… ids) seen in the archive.
type RobotInfo struct {
	RobotID       string `json:"robot_id"`
	Name          string `json:"name"`
	CreatorUserID string `json:"creator_userid"`
}

// GetPermitUserList returns the members with archiving enabled
// (msgaudit/get_permit_user_list); edition 0 means all.
func (c *Client) GetPermitUserList(ctx context.Context, edition int) ([]string, error) {
	body := struct {
		Type int `json:"type,omitempty"`
	}{edition}
	var resp struct {
		apiStatus
		IDs []string `json:"ids"`
	}
	if err := c.call(ctx, post("msgaudit/get_permit_user_list", Archive, body), &resp); err != nil {
		return nil, err
	}
	return resp.IDs, nil
}

// CheckSingleAgree returns customers' consent to archiving of 1:1 chats
// (msgaudit/check_single_agree).
func (c *Client) CheckSingleAgree(ctx context.Context, pairs []AgreePair) ([]AgreeInfo, error) {
	body := struct {
		Info []AgreePair `json:"info"`
	}{pairs}
	var resp struct {
		apiStatus
		AgreeInfo []AgreeInfo `json:"agreeinfo"`
	}
	if err := c.call(ctx, post("msgaudit/check_single_agree", Archive, body), &resp); err != nil {
		return nil, err
	}
	return resp.AgreeInfo, nil
}

// CheckRoomAgree returns the consent of a group's customers (msgaudit/check_room_agree).
func (c *Client) CheckRoomAgree(ctx context.Context, roomID string) ([]AgreeInfo, error) {
	var resp struct {
		apiStatus
		AgreeInfo []AgreeInfo `json:"agreeinfo"`
	}
	if err := c.call(ctx, post("msgaudit/check_room_agree", Archive, roomBody(roomID)), &resp); err != nil {
		return nil, err
	}
	return resp.AgreeInfo, nil
}

// GetAuditGroupChat returns an internal group (msgaudit/groupchat/get); for
// customer groups use GetGroupChat with the same id.
func (c *Client) GetAuditGroupChat(ctx context.Context, roomID string) (*AuditGroupChat, error) {
	var resp struct {
		apiStatus
		AuditGroupChat
	}
	if err := c.call(ctx, post("msgaudit/groupchat/get", Archive, roomBody(roomID)), &resp); err != nil {
		return nil, err
	}
	return &resp.AuditGroupChat, nil
}

// GetRobotInfo names a robot (msgaudit/get_robot_info).
func (c *Client) GetRobotInfo(ctx context.Context, robotID string) (*RobotInfo, error) {
	var resp struct {
		apiStatus
		Data RobotInfo `json:"data"`
	}
	if err := c.call(ctx, get("msgaudit/get_robot_info", Archive, url.Values{"robot_id": {robotID}}), &resp); err != nil {
		return nil, err
	}
	return &resp.Data, nil
}

func roomBody(roomID string) any {
	return struct {
		RoomID string `json:"roomid"`
	}{roomID}
}
