package wecomsim

import (
	"context"
	"encoding/xml"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"wecomadmin/internal/wecomsim/callbacksim"
)

// cdata is an element whose text is written as CDATA, as WeCom does.
type cdata struct {
	Text string `xml:",cdata"`
}

// cd returns nil for "" so omitempty leaves the element out.
func cd(s string) *cdata {
	if s == "" {
		return nil
	}
	return &cdata{s}
}

// simEvent is the plaintext XML of a WeCom event callback.
type simEvent struct {
	XMLName        xml.Name `xml:"xml"`
	ToUserName     *cdata   `xml:"ToUserName"`
	FromUserName   *cdata   `xml:"FromUserName"`
	CreateTime     int64    `xml:"CreateTime"`
	MsgType        *cdata   `xml:"MsgType"`
	Event          *cdata   `xml:"Event"`
	ChangeType     *cdata   `xml:"ChangeType,omitempty"`
	UserID         *cdata   `xml:"UserID,omitempty"`
	ExternalUserID *cdata   `xml:"ExternalUserID,omitempty"`
	ChatID         *cdata   `xml:"ChatId,omitempty"`
	State          *cdata   `xml:"State,omitempty"`
	WelcomeCode    *cdata   `xml:"WelcomeCode,omitempty"`
	Source         *cdata   `xml:"Source,omitempty"`
	FailReason     *cdata   `xml:"FailReason,omitempty"`
	UpdateDetail   *cdata   `xml:"UpdateDetail,omitempty"`
	ID             string   `xml:"Id,omitempty"`
	// Member events carry only UserID and Department for callback URLs set
	// after 2022-08-15; the fields below come only with --legacy-app-fields.
	Department *cdata `xml:"Department,omitempty"`
	Name       *cdata `xml:"Name,omitempty"`
	Position   *cdata `xml:"Position,omitempty"`
	Mobile     *cdata `xml:"Mobile,omitempty"`
	Email      *cdata `xml:"Email,omitempty"`
	Gender     *cdata `xml:"Gender,omitempty"`
	Status     string `xml:"Status,omitempty"`
}

// memberFields fills a create_user/update_user event: the departments
// always, the member's details only in legacy mode.
func memberFields(ev *simEvent, s *Server, c Change) {
	if c.Event != "change_contact" || (c.ChangeType != "create_user" && c.ChangeType != "update_user") {
		return
	}
	ids := make([]string, len(c.Department))
	for i, d := range c.Department {
		ids[i] = strconv.FormatInt(d, 10)
	}
	ev.Department = cd(strings.Join(ids, ","))
	if !s.LegacyAppFields() {
		return
	}
	u, ok := s.Directory().User(c.UserID)
	if !ok {
		return
	}
	ev.Name, ev.Position, ev.Mobile, ev.Email, ev.Gender = cd(u.Name), cd(u.Position), cd(u.Mobile), cd(u.Email), cd(u.Gender)
	ev.Status = strconv.Itoa(u.Status)
}

// attachCallbacks makes the simulator call back like WeCom: every change
// made "inside WeCom" (not through the API) is signed, encrypted and POSTed
// to Options.Callback.URL, with WeCom's three attempts. Delivery runs on a
// queue so the directory's callers never wait for the portal.
// The returned function delivers until ctx ends (nil: no callback URL).
func attachCallbacks(s *Server, log *slog.Logger) (func(ctx context.Context) error, error) {
	o := s.Options()
	if o.Callback.URL == "" {
		return nil, nil
	}
	snd, err := callbacksim.New(o.Callback.URL, o.Callback.Token, o.Callback.AESKey, o.CorpID, "1000002")
	if err != nil {
		return nil, err
	}
	queue := make(chan []byte, 1024)
	s.Directory().OnChange(func(c Change) {
		if c.Origin != OriginSim || c.Event == "" {
			return
		}
		ev := simEvent{ToUserName: cd(o.CorpID), FromUserName: cd("sys"), CreateTime: c.Time.Unix(), MsgType: cd("event"),
			Event: cd(c.Event), ChangeType: cd(c.ChangeType), UserID: cd(c.UserID), ExternalUserID: cd(c.ExternalUserID),
			ChatID: cd(c.ChatID), State: cd(c.State), WelcomeCode: cd(c.WelcomeCode), Source: cd(c.Source),
			FailReason: cd(c.FailReason), UpdateDetail: cd(c.UpdateDetail)}
		if c.DepartmentID != 0 {
			ev.ID = strconv.FormatInt(c.DepartmentID, 10)
		}
		memberFields(&ev, s, c)
		b, err := xml.Marshal(ev)
		if err != nil {
			log.Error("sim callback: encode", "err", err)
			return
		}
		select {
		case queue <- b:
		default:
			log.Warn("sim callback queue full; event dropped", "event", c.Event, "change_type", c.ChangeType)
		}
	})
	return func(ctx context.Context) error {
		for {
			select {
			case <-ctx.Done():
				return nil
			case b := <-queue:
				sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				if err := snd.Send(sctx, b); err != nil {
					log.Warn("sim callback not delivered after retries", "err", err)
				}
				cancel()
			}
		}
	}, nil
}
