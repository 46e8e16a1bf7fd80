package callback

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseEvents(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		xml  string
		want any
	}{
		{"add", `<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[wmabc]]></ExternalUserID><State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>`,
			&ExternalContactChange{Header: Header{"ww1", "sys", 1403610513, "event", "change_external_contact", "add_external_contact", ""}, UserID: "zhangsan", ExternalUserID: "wmabc", State: "teststate", WelcomeCode: "WELCOMECODE"}},
		{"del by transfer", `<xml><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>del_external_contact</ChangeType><UserID>u</UserID><ExternalUserID>wm1</ExternalUserID><Source>DELETE_BY_TRANSFER</Source></xml>`,
			&ExternalContactChange{Header: Header{CreateTime: 5, MsgType: "event", Event: "change_external_contact", ChangeType: "del_external_contact"}, UserID: "u", ExternalUserID: "wm1", Source: SourceDeleteByTransfer}},
		{"transfer fail", `<xml><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>transfer_fail</ChangeType><UserID>taker</UserID><ExternalUserID>wm1</ExternalUserID><FailReason>customer_refused</FailReason></xml>`,
			&ExternalContactChange{Header: Header{MsgType: "event", Event: "change_external_contact", ChangeType: "transfer_fail"}, UserID: "taker", ExternalUserID: "wm1", FailReason: "customer_refused"}},
		{"chat update", `<xml><MsgType>event</MsgType><Event>change_external_chat</Event><ChatId>wr1</ChatId><ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail><JoinScene>3</JoinScene><MemChangeCnt>2</MemChangeCnt><MemChangeList><Item>a</Item><Item>b</Item></MemChangeList><LastMemVer>v1</LastMemVer><CurMemVer>v2</CurMemVer></xml>`,
			&ExternalChatChange{Header: Header{MsgType: "event", Event: "change_external_chat", ChangeType: "update"}, ChatID: "wr1", UpdateDetail: "add_member", JoinScene: 3, MemChangeCnt: 2, MemChangeList: []string{"a", "b"}, LastMemVer: "v1", CurMemVer: "v2"}},
		{"contact", `<xml><MsgType>event</MsgType><Event>change_contact</Event><ChangeType>update_user</ChangeType><UserID>u</UserID><NewUserID>u2</NewUserID></xml>`,
			&ContactChange{Header: Header{MsgType: "event", Event: "change_contact", ChangeType: "update_user"}, UserID: "u", NewUserID: "u2"}},
		{"msgaudit", `<xml><ToUserName>ww1</ToUserName><MsgType>event</MsgType><Event>msgaudit_notify</Event><AgentID>2000003</AgentID></xml>`,
			&MsgAuditNotify{Header{ToUserName: "ww1", MsgType: "event", Event: "msgaudit_notify", AgentID: "2000003"}}},
		{"text message", `<xml><MsgType>text</MsgType><Content>hi</Content></xml>`, &Unknown{Header{MsgType: "text"}}},
	}
	for _, tc := range cases {
		got, err := Parse([]byte(tc.xml))
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %#v, %v", tc.name, got, err)
		}
	}
	for _, bad := range []string{"", "<xml>", "not xml", `<xml><MsgType>event</MsgType><Event>change_external_chat</Event></xml>`,
		`<xml><MsgType>event</MsgType><Event>change_external_contact</Event></xml>`, `<xml><CreateTime>abc</CreateTime></xml>`} {
		if _, err := Parse([]byte(bad)); !errors.Is(err, ErrParseXML) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	in := ExternalContactChange{Header: Header{ToUserName: "ww1", FromUserName: "sys", CreateTime: 7, MsgType: "event", Event: EventChangeExternalContact, ChangeType: ChangeAddExternalContact},
		UserID: "u]]>x", ExternalUserID: "wm1", WelcomeCode: "code"}
	b, err := MarshalExternalContact(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(b)
	if err != nil || !reflect.DeepEqual(got, &in) {
		t.Fatalf("%s\n%#v %v", b, got, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<xml><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><UserID>u</UserID></xml>`))
	f.Add([]byte(`<xml><MsgType>event</MsgType><Event>change_external_chat</Event><ChatId>wr</ChatId><MemChangeList><Item>a</Item></MemChangeList></xml>`))
	f.Add([]byte(`<xml><![CDATA[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := Parse(b)
		if err == nil && ev == nil {
			t.Fatal("nil event without error")
		}
	})
}
