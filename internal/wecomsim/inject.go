package wecomsim

import (
	"net/http"
	"strconv"
	"time"
)

// InjectTransportFault draws the request fault for a mounted handler and
// acts on "timeout" (hold, then 504) and "5xx" (502 or 503). It reports
// whether it answered; errcode faults are left to the caller (it ignores them).
func (s *Server) InjectTransportFault(w http.ResponseWriter, r *http.Request) bool {
	handled, _ := s.requestFault(w, r, "")
	return handled
}

// requestFault draws one request fault. It answers timeout and 5xx itself
// (handled true) and returns errcode faults as an error. gettoken only gets
// the errcodes it can really answer (-1, 45009, 45033).
func (s *Server) requestFault(w http.ResponseWriter, r *http.Request, path string) (bool, error) {
	f := s.faults.request()
	switch f {
	case "":
		return false, nil
	case "timeout":
		s.log.Debug("wecomsim fault", "fault", f, "path", r.URL.Path)
		s.hold(r)
		writeJSON(w, http.StatusGatewayTimeout, obj{"errcode": -1, "errmsg": "system busy (injected timeout)"})
		return true, nil
	case "5xx":
		status := http.StatusBadGateway
		if s.faults.draw() < 0.5 {
			status = http.StatusServiceUnavailable
		}
		s.log.Debug("wecomsim fault", "fault", f, "status", status, "path", r.URL.Path)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><body><h1>" + strconv.Itoa(status) + " " + http.StatusText(status) + "</h1></body></html>\n"))
		return true, nil
	}
	code, _ := strconv.Atoi(f)
	if path == "" || path == "gettoken" && code != -1 && code != 45009 && code != 45033 {
		return false, nil
	}
	s.log.Debug("wecomsim fault", "fault", f, "path", r.URL.Path)
	if code == 42001 || code == 40014 {
		// Tencent invalidating a token early: the token really is dead now,
		// so a client must fetch a new one rather than retry with it.
		s.expireToken(r.URL.Query().Get("access_token"))
	}
	return false, errf(code, "%s (injected fault)", faultText(code))
}

// hold keeps a request open past the client's timeout: until FaultHold
// passes, the client goes away or the server closes.
func (s *Server) hold(r *http.Request) {
	t := time.NewTimer(s.opts.FaultHold)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.closing:
	}
}

func faultText(code int) string {
	switch code {
	case -1:
		return "system busy"
	case 42001:
		return "access_token expired"
	case 40014:
		return "invalid access_token"
	case 45009:
		return "api freq out of limit"
	case 45033:
		return "api concurrent out of limit"
	case 6000:
		return "data version conflict"
	}
	return "injected error"
}

func itoa(n int) string { return strconv.Itoa(n) }
