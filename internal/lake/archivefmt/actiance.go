package archivefmt

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
)

// The Actiance (Smarsh) XML "FileDump": one Conversation per
// conversation-day with participants entering and leaving, messages and
// file transfers, times as Unix seconds UTC.

// FileDump is the document root.
type FileDump struct {
	XMLName       xml.Name       `xml:"FileDump"`
	Conversations []Conversation `xml:"Conversation"`
}

// Conversation is one conversation-day.
type Conversation struct {
	Perspective string `xml:"Perspective,attr"`
	RoomID      string `xml:"RoomID"`
	StartTime   int64  `xml:"StartTimeUTC"`
	Events      []any  // ParticipantEntered, Message, FileTransferStarted/Ended, ParticipantLeft, in time order
	EndTime     int64  `xml:"EndTimeUTC"`
}

// Participant is a ParticipantEntered or ParticipantLeft event.
type Participant struct {
	XMLName      xml.Name
	LoginName    string `xml:"LoginName"`
	DisplayName  string `xml:"DisplayName"`
	Internal     bool   `xml:"InternalFlag"`
	Department   string `xml:"Department,omitempty"`
	Time         int64  `xml:"DateTimeUTC"`
	Conversation string `xml:"ConversationID"`
}

// XMLMessage is one message.
type XMLMessage struct {
	XMLName   xml.Name `xml:"Message"`
	LoginName string   `xml:"LoginName"`
	Time      int64    `xml:"DateTimeUTC"`
	MsgID     string   `xml:"MessageID"`
	MsgType   string   `xml:"MessageType"`
	Content   string   `xml:"Content"`
	RecallOf  string   `xml:"RecallOf,omitempty"`
}

// FileTransfer is a FileTransferStarted or FileTransferEnded event.
type FileTransfer struct {
	XMLName      xml.Name
	LoginName    string `xml:"LoginName"`
	Time         int64  `xml:"DateTimeUTC"`
	UserFileName string `xml:"UserFileName"`
	FileName     string `xml:"FileName"` // the content address (sha256) the archive stores it under
	Size         int64  `xml:"FileSize,omitempty"`
	Status       string `xml:"Status,omitempty"` // Ended only: Completed
}

// WriteActiance writes the days as one FileDump document.
func WriteActiance(w io.Writer, days []Day) error {
	doc := FileDump{}
	for _, d := range days {
		doc.Conversations = append(doc.Conversations, actianceConversation(d))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("archivefmt: actiance: %w", err)
	}
	return enc.Close()
}

type timed struct {
	at  int64
	ord int
	ev  any
}

func actianceConversation(d Day) Conversation {
	start, end := d.bounds()
	room := d.RoomID
	if room == "" {
		room = d.ConversationID
	}
	c := Conversation{Perspective: d.CorpID, RoomID: room, StartTime: start.Unix(), EndTime: end.Unix()}
	var evs []timed
	seen := d.firstSeen()
	for i, p := range d.parties() {
		at := seen[p.ID].Unix()
		evs = append(evs, timed{at, 0, Participant{XMLName: xml.Name{Local: "ParticipantEntered"}, LoginName: p.ID,
			DisplayName: p.Name, Internal: p.Kind == "employee", Department: p.Department, Time: at, Conversation: d.ConversationID}})
		evs = append(evs, timed{end.Unix(), 3 + i, Participant{XMLName: xml.Name{Local: "ParticipantLeft"}, LoginName: p.ID,
			DisplayName: p.Name, Internal: p.Kind == "employee", Department: p.Department, Time: end.Unix(),
			Conversation: d.ConversationID}})
	}
	for _, m := range d.Messages {
		at := m.Time.Unix()
		evs = append(evs, timed{at, 1, XMLMessage{LoginName: m.From.ID, Time: at, MsgID: m.MsgID, MsgType: m.MsgType,
			Content: m.Content, RecallOf: m.RecallOf}})
		for _, f := range m.Files {
			ft := FileTransfer{LoginName: m.From.ID, Time: at, UserFileName: f.Name, FileName: f.SHA256, Size: f.Size}
			ft.XMLName.Local = "FileTransferStarted"
			evs = append(evs, timed{at, 2, ft})
			ft.XMLName.Local, ft.Status = "FileTransferEnded", "Completed"
			evs = append(evs, timed{at, 2, ft})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].at != evs[j].at {
			return evs[i].at < evs[j].at
		}
		return evs[i].ord < evs[j].ord
	})
	for _, e := range evs {
		c.Events = append(c.Events, e.ev)
	}
	return c
}
