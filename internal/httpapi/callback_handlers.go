package httpapi

import (
	"io"
	"net/http"
	"strings"

	"wecomadmin/internal/contacts"
)

// callbackQuery reads msg_signature, timestamp, nonce and echostr. A bare
// "+" in an unencoded echostr arrives as a space; base64 has no spaces.
func callbackQuery(r *http.Request) contacts.CallbackQuery {
	q := r.URL.Query()
	return contacts.CallbackQuery{Signature: q.Get("msg_signature"), Timestamp: q.Get("timestamp"), Nonce: q.Get("nonce"),
		EchoStr: strings.ReplaceAll(q.Get("echostr"), " ", "+")}
}

// callbackVerify answers WeCom's URL verification with the bare plaintext.
func (s *Server) callbackVerify(w http.ResponseWriter, r *http.Request) error {
	msg, err := s.d.Contacts.VerifyURL(r.Context(), r.PathValue("corp"), callbackQuery(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write(msg)
	return nil
}

// callbackReceive stores the event in the durable inbox, then answers
// "success"; the work happens asynchronously, well inside WeCom's 5 s.
func (s *Server) callbackReceive(w http.ResponseWriter, r *http.Request) error {
	max := s.d.Contacts.MaxBody()
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return badRequest("", "cannot read body")
	}
	if err := s.d.Contacts.Receive(r.Context(), r.PathValue("corp"), callbackQuery(r), body); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("success"))
	return nil
}
