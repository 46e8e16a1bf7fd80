package callback

import (
	"encoding/xml"
	"errors"
	"strings"
)

// Event names (the Event element).
const (
	EventChangeExternalContact = "change_external_contact"
	EventChangeExternalChat    = "change_external_chat"
	EventChangeExternalTag     = "change_external_tag"
	EventChangeContact         = "change_contact"
	EventMsgAuditNotify        = "msgaudit_notify"
)

// ChangeType values of change_external_contact.
const (
	ChangeAddExternalContact     = "add_external_contact"
	ChangeAddHalfExternalContact = "add_half_external_contact"
	ChangeEditExternalContact    = "edit_external_contact"
	ChangeDelExternalContact     = "del_external_contact"
	ChangeDelFollowUser          = "del_follow_user"
	ChangeTransferFail           = "transfer_fail"
)

// SourceDeleteByTransfer marks a del_external_contact caused by an on-job transfer.
const SourceDeleteByTransfer = "DELETE_BY_TRANSFER"

// Header is what every event carries.
type Header struct {
	ToUserName   string // corpid
	FromUserName string // "sys"
	CreateTime   int64  // unix seconds
	MsgType      string // "event"
	Event        string
	ChangeType   string
	AgentID      string
}

// ExternalContactChange is a change_external_contact event.
type ExternalContactChange struct {
	Header
	UserID         string
	ExternalUserID string
	State          string
	WelcomeCode    string
	Source         string // del_external_contact: DELETE_BY_TRANSFER
	FailReason     string // transfer_fail: customer_refused | customer_limit_exceed
}

// ExternalChatChange is a change_external_chat event (create/update/dismiss).
type ExternalChatChange struct {
	Header
	ChatID        string
	UpdateDetail  string // add_member, del_member, change_owner, change_name, change_notice
	JoinScene     int
	QuitScene     int
	MemChangeCnt  int
	MemChangeList []string
	LastMemVer    string
	CurMemVer     string
}

// ContactChange is a change_contact event (member/department changes);
// kept for the accounts domain, which re-reads the member.
type ContactChange struct {
	Header
	UserID    string
	NewUserID string
	ID        string // department id on *_party changes
}

// MsgAuditNotify says new archive messages are ready.
type MsgAuditNotify struct{ Header }

// Unknown is any other event; its raw XML stays in the inbox.
type Unknown struct{ Header }

// raw mirrors every element we read; missing elements stay zero.
type raw struct {
	XMLName        xml.Name `xml:"xml"`
	ToUserName     string   `xml:"ToUserName"`
	FromUserName   string   `xml:"FromUserName"`
	CreateTime     int64    `xml:"CreateTime"`
	MsgType        string   `xml:"MsgType"`
	Event          string   `xml:"Event"`
	ChangeType     string   `xml:"ChangeType"`
	AgentID        string   `xml:"AgentID"`
	UserID         string   `xml:"UserID"`
	NewUserID      string   `xml:"NewUserID"`
	ID             string   `xml:"Id"`
	ExternalUserID string   `xml:"ExternalUserID"`
	State          string   `xml:"State"`
	WelcomeCode    string   `xml:"WelcomeCode"`
	Source         string   `xml:"Source"`
	FailReason     string   `xml:"FailReason"`
	ChatID         string   `xml:"ChatId"`
	UpdateDetail   string   `xml:"UpdateDetail"`
	JoinScene      int      `xml:"JoinScene"`
	QuitScene      int      `xml:"QuitScene"`
	MemChangeCnt   int      `xml:"MemChangeCnt"`
	MemChangeList  []string `xml:"MemChangeList>Item"`
	LastMemVer     string   `xml:"LastMemVer"`
	CurMemVer      string   `xml:"CurMemVer"`
}

// Parse decodes decrypted event XML into one of *ExternalContactChange,
// *ExternalChatChange, *ContactChange, *MsgAuditNotify or *Unknown.
func Parse(b []byte) (any, error) {
	if len(b) > MaxMessage {
		return nil, wrap(ErrParseXML, errors.New("event too large"))
	}
	var r raw
	if err := xml.Unmarshal(b, &r); err != nil {
		return nil, wrap(ErrParseXML, err)
	}
	h := Header{
		ToUserName: r.ToUserName, FromUserName: r.FromUserName, CreateTime: r.CreateTime,
		MsgType: r.MsgType, Event: r.Event, ChangeType: r.ChangeType, AgentID: r.AgentID,
	}
	if h.MsgType != "" && h.MsgType != "event" || h.Event == "" {
		return &Unknown{Header: h}, nil
	}
	switch h.Event {
	case EventChangeExternalContact:
		if r.UserID == "" && r.ExternalUserID == "" {
			return nil, wrap(ErrParseXML, errors.New("change_external_contact without UserID/ExternalUserID"))
		}
		return &ExternalContactChange{Header: h, UserID: r.UserID, ExternalUserID: r.ExternalUserID, State: r.State,
			WelcomeCode: r.WelcomeCode, Source: r.Source, FailReason: r.FailReason}, nil
	case EventChangeExternalChat:
		if r.ChatID == "" {
			return nil, wrap(ErrParseXML, errors.New("change_external_chat without ChatId"))
		}
		return &ExternalChatChange{Header: h, ChatID: r.ChatID, UpdateDetail: r.UpdateDetail, JoinScene: r.JoinScene,
			QuitScene: r.QuitScene, MemChangeCnt: r.MemChangeCnt, MemChangeList: trimAll(r.MemChangeList),
			LastMemVer: r.LastMemVer, CurMemVer: r.CurMemVer}, nil
	case EventChangeContact:
		return &ContactChange{Header: h, UserID: r.UserID, NewUserID: r.NewUserID, ID: r.ID}, nil
	case EventMsgAuditNotify:
		return &MsgAuditNotify{Header: h}, nil
	default:
		return &Unknown{Header: h}, nil
	}
}

func trimAll(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// HeaderOf returns the common header of a parsed event.
func HeaderOf(ev any) Header {
	switch e := ev.(type) {
	case *ExternalContactChange:
		return e.Header
	case *ExternalChatChange:
		return e.Header
	case *ContactChange:
		return e.Header
	case *MsgAuditNotify:
		return e.Header
	case *Unknown:
		return e.Header
	}
	return Header{}
}

// cdata writes WeCom-style <![CDATA[...]]> text.
type cdata struct {
	Text string `xml:",cdata"`
}

type outContact struct {
	XMLName        xml.Name `xml:"xml"`
	ToUserName     cdata    `xml:"ToUserName"`
	FromUserName   cdata    `xml:"FromUserName"`
	CreateTime     int64    `xml:"CreateTime"`
	MsgType        cdata    `xml:"MsgType"`
	Event          cdata    `xml:"Event"`
	ChangeType     cdata    `xml:"ChangeType"`
	UserID         *cdata   `xml:"UserID,omitempty"`
	ExternalUserID *cdata   `xml:"ExternalUserID,omitempty"`
	State          *cdata   `xml:"State,omitempty"`
	WelcomeCode    *cdata   `xml:"WelcomeCode,omitempty"`
	Source         *cdata   `xml:"Source,omitempty"`
	FailReason     *cdata   `xml:"FailReason,omitempty"`
	ChatID         *cdata   `xml:"ChatId,omitempty"`
	UpdateDetail   *cdata   `xml:"UpdateDetail,omitempty"`
}

func opt(s string) *cdata {
	if s == "" {
		return nil
	}
	return &cdata{s}
}

// MarshalExternalContact renders the event as WeCom sends it (CDATA text);
// the simulator uses it.
func MarshalExternalContact(e ExternalContactChange) ([]byte, error) {
	return marshalOut(e.Header, EventChangeExternalContact, func(o *outContact) {
		o.UserID, o.ExternalUserID, o.State = opt(e.UserID), opt(e.ExternalUserID), opt(e.State)
		o.WelcomeCode, o.Source, o.FailReason = opt(e.WelcomeCode), opt(e.Source), opt(e.FailReason)
	})
}

// MarshalExternalChat renders a change_external_chat event.
func MarshalExternalChat(e ExternalChatChange) ([]byte, error) {
	return marshalOut(e.Header, EventChangeExternalChat, func(o *outContact) {
		o.ChatID, o.UpdateDetail = opt(e.ChatID), opt(e.UpdateDetail)
	})
}

func marshalOut(h Header, event string, fill func(*outContact)) ([]byte, error) {
	if h.FromUserName == "" {
		h.FromUserName = "sys"
	}
	o := outContact{ToUserName: cdata{h.ToUserName}, FromUserName: cdata{h.FromUserName}, CreateTime: h.CreateTime,
		MsgType: cdata{"event"}, Event: cdata{event}, ChangeType: cdata{h.ChangeType}}
	fill(&o)
	b, err := xml.Marshal(o)
	if err != nil {
		return nil, wrap(ErrGenXML, err)
	}
	return b, nil
}
