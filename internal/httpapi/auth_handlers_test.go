package httpapi

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

func TestLoginMeLogout(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		_, secret := e.admin("alice", auth.Grant{Role: auth.RoleReviewer, CorpID: "ww1", Departments: []string{"总部/医学部"}})
		w := e.login("alice", testPassword, e.code(secret))
		if w.Code != 200 {
			t.Fatalf("login: %d %s", w.Code, w.Body)
		}
		c := sessionCookie(w)
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || len(c.Value) < 40 {
			t.Fatalf("cookie = %+v", c)
		}
		var me meJSON
		decodeData(t, w, &me)
		if me.User.Username != "alice" || me.User.ID == 0 || len(me.Roles) != 1 || me.Roles[0].Role != "reviewer" ||
			me.Roles[0].CorpID != "ww1" || me.Roles[0].Departments[0] != "总部/医学部" || me.CSRFToken == "" {
			t.Fatalf("me = %+v", me)
		}
		if !strings.Contains(w.Body.String(), `"permissions":["alerts:read","alerts:write","contacts:read",`) {
			t.Fatalf("permissions: %s", w.Body)
		}
		w = e.do("GET", "/api/v1/auth/me", "", withCookie(c.Value))
		var me2 meJSON
		decodeData(t, w, &me2)
		if w.Code != 200 || me2.CSRFToken != me.CSRFToken || me2.User.DisplayName != "alice" {
			t.Fatalf("me: %d %s", w.Code, w.Body)
		}
		if w := e.do("POST", "/api/v1/auth/logout", "{}", withCookie(c.Value)); w.Code != 403 || errCode(w) != "csrf_failed" {
			t.Fatalf("logout without CSRF: %d %s", w.Code, w.Body)
		}
		if w := e.do("POST", "/api/v1/auth/logout", "{}", withSession(c.Value, me.CSRFToken)); w.Code != 200 || sessionCookie(w).MaxAge >= 0 {
			t.Fatalf("logout: %d %s", w.Code, w.Body)
		}
		if w := e.do("GET", "/api/v1/auth/me", "", withCookie(c.Value)); w.Code != 401 || errCode(w) != "unauthenticated" {
			t.Fatalf("me after logout: %d %s", w.Code, w.Body)
		}
		es, _, _ := e.rec.List(context.Background(), audit.Filter{Actor: "alice"})
		var actions []string
		for _, ev := range es {
			actions = append(actions, ev.Action+"/"+ev.Outcome)
		}
		if got := strings.Join(actions, " "); !strings.Contains(got, "auth.logout/success") || !strings.Contains(got, "auth.login/success") ||
			!strings.Contains(got, "auth.denied/denied") {
			t.Fatalf("audit = %s", got)
		}
	})
}

func TestSecureCookieWhenConfigured(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", auth.Options{})
	e.srv.d.CookieSecure = true
	_, secret := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
	if c := sessionCookie(e.login("alice", testPassword, e.code(secret))); c == nil || !c.Secure {
		t.Fatalf("cookie = %+v", c)
	}
}

func TestLoginFailuresLookAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", auth.Options{LoginMaxFailures: 100})
	id, secret := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
	bad := e.code(secret)
	bad = string('0'+(bad[0]-'0'+1)%10) + bad[1:]
	var bodies []string
	for _, c := range [][3]string{
		{"nobody", testPassword, e.code(secret)},
		{"alice", "wrong password here", e.code(secret)},
		{"alice", testPassword, bad},
		{"alice", testPassword, ""},
	} {
		w := e.login(c[0], c[1], c[2])
		if w.Code != 401 || errCode(w) != "invalid_credentials" || sessionCookie(w) != nil {
			t.Fatalf("%v: %d %s", c, w.Code, w.Body)
		}
		bodies = append(bodies, w.Body.String())
	}
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatalf("failures differ: %q vs %q", b, bodies[0])
		}
	}
	if w := e.do("POST", "/api/v1/auth/login", `{"username":"alice"}`); w.Code != 400 || errCode(w) != "bad_request" {
		t.Fatalf("missing fields: %d %s", w.Code, w.Body)
	}
	if w := e.do("POST", "/api/v1/auth/login", `not json`); w.Code != 400 {
		t.Fatalf("bad json: %d", w.Code)
	}
	ls, _ := e.svc.Logins(context.Background(), id, 10)
	if len(ls) != 3 || ls[0].Reason != "bad_totp" || ls[2].Reason != "bad_password" {
		t.Fatalf("login history = %+v", ls)
	}
	es, _, _ := e.rec.List(context.Background(), audit.Filter{Action: audit.AuthLogin, Outcome: audit.Failure})
	if len(es) != 4 || es[3].Actor != "nobody" || es[3].ActorType != "anonymous" || es[3].Reason != "unknown_user" {
		t.Fatalf("audit = %+v", es)
	}
}

func TestTOTPCodeCannotBeReplayed(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		_, secret := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
		code := e.code(secret)
		if w := e.login("alice", testPassword, code); w.Code != 200 {
			t.Fatalf("first: %d", w.Code)
		}
		if w := e.login("alice", testPassword, code); w.Code != 401 {
			t.Fatalf("replay: %d %s", w.Code, w.Body)
		}
		e.advance(30 * time.Second)
		if w := e.login("alice", testPassword, e.code(secret)); w.Code != 200 {
			t.Fatalf("next step: %d", w.Code)
		}
	})
}

func TestLockoutWithBackoff(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{LoginMaxFailures: 3, LockoutBase: time.Minute, LockoutMax: 10 * time.Minute})
		_, secret := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
		for i := range 2 {
			if w := e.login("alice", "wrong password", "000000"); w.Code != 401 {
				t.Fatalf("failure %d: %d", i, w.Code)
			}
		}
		w := e.login("alice", "wrong password", "000000")
		if w.Code != 423 || errCode(w) != "account_locked" || !strings.Contains(w.Body.String(), `"retry_after_seconds":60`) ||
			w.Header().Get("Retry-After") != "60" {
			t.Fatalf("third failure: %d %s", w.Code, w.Body)
		}
		// Locked: even the right credentials are refused, and do not extend the lock.
		if w := e.login("alice", testPassword, e.code(secret)); w.Code != 423 {
			t.Fatalf("right password while locked: %d", w.Code)
		}
		e.advance(61 * time.Second)
		// One more failure after the lock doubles it.
		if w := e.login("alice", "wrong password", "000000"); w.Code != 423 || !strings.Contains(w.Body.String(), `"retry_after_seconds":120`) {
			t.Fatalf("fourth failure: %d %s", w.Code, w.Body)
		}
		e.advance(121 * time.Second)
		if w := e.login("alice", testPassword, e.code(secret)); w.Code != 200 {
			t.Fatalf("after lock: %d %s", w.Code, w.Body)
		}
		// Success resets the count.
		if w := e.login("alice", "wrong password", "000000"); w.Code != 401 {
			t.Fatalf("after reset: %d", w.Code)
		}
	})
}

func TestSessionFixationAndRotation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", auth.Options{})
	_, secret := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
	// The browser arrives with a session id an attacker planted (here a real one).
	mallory, _ := e.admin("mallory", auth.Grant{Role: auth.RoleAuditor})
	planted, _ := e.session(mallory)
	w := e.login("alice", testPassword, e.code(secret), withCookie(planted))
	c := sessionCookie(w)
	if w.Code != 200 || c == nil || c.Value == planted {
		t.Fatalf("login kept the planted id: %d %+v", w.Code, c)
	}
	if w := e.do("GET", "/api/v1/auth/me", "", withCookie(planted)); w.Code != 401 {
		t.Fatalf("planted session still valid: %d", w.Code)
	}
	// A made-up id is never accepted.
	if w := e.do("GET", "/api/v1/auth/me", "", withCookie("made-up-session-id")); w.Code != 401 {
		t.Fatalf("made-up id: %d", w.Code)
	}
	// Each sign-in gets a new id.
	e.advance(30 * time.Second)
	if c2 := sessionCookie(e.login("alice", testPassword, e.code(secret))); c2.Value == c.Value {
		t.Fatal("session id reused across sign-ins")
	}
}

func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{SessionIdle: 30 * time.Minute, SessionAbsolute: 2 * time.Hour})
		id, _ := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
		idle, _ := e.session(id)
		busy, _ := e.session(id)
		for range 4 { // busy keeps being used every 25 minutes; idle does not
			e.advance(25 * time.Minute)
			if w := e.do("GET", "/api/v1/auth/me", "", withCookie(busy)); w.Code != 200 {
				t.Fatalf("busy session: %d", w.Code)
			}
		}
		if w := e.do("GET", "/api/v1/auth/me", "", withCookie(idle)); w.Code != 401 || errCode(w) != "session_expired" {
			t.Fatalf("idle session: %d %s", w.Code, w.Body)
		}
		e.advance(25 * time.Minute) // 125 minutes: past the absolute limit though never idle
		if w := e.do("GET", "/api/v1/auth/me", "", withCookie(busy)); w.Code != 401 || errCode(w) != "session_expired" {
			t.Fatalf("absolute limit: %d %s", w.Code, w.Body)
		}
	})
}

func TestLogoutEverywhere(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		id, _ := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
		other, _ := e.admin("bob", auth.Grant{Role: auth.RoleAdmin})
		a1, csrf := e.session(id)
		a2, _ := e.session(id)
		b1, _ := e.session(other)
		w := e.do("POST", "/api/v1/auth/logout-all", "{}", withSession(a1, csrf))
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"sessions_ended":2`) {
			t.Fatalf("logout-all: %d %s", w.Code, w.Body)
		}
		for s, want := range map[string]int{a1: 401, a2: 401, b1: 200} {
			if w := e.do("GET", "/api/v1/auth/me", "", withCookie(s)); w.Code != want {
				t.Errorf("after logout-all: %d, want %d", w.Code, want)
			}
		}
	})
}

func TestProvidersIsPublic(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", auth.Options{})
	w := e.do("GET", "/api/v1/auth/providers", "")
	if w.Code != 200 || w.Body.String() != `{"data":{"local":true,"oidc":[]}}`+"\n" {
		t.Fatalf("providers: %d %s", w.Code, w.Body)
	}
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", auth.Options{LoginsPerMinute: 2, LoginBurst: 3, LoginMaxFailures: 100})
	_, secret := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
	for i, user := range []string{"a", "b", "c"} {
		if w := e.login(user, "wrong password", "000000"); w.Code != 401 {
			t.Fatalf("attempt %d: %d", i, w.Code)
		}
	}
	if w := e.login("alice", testPassword, e.code(secret)); w.Code != 429 || errCode(w) != "rate_limited" {
		t.Fatalf("fourth attempt: %d %s", w.Code, w.Body)
	}
	e.advance(30 * time.Second) // one token back
	if w := e.login("alice", testPassword, e.code(secret)); w.Code != 200 {
		t.Fatalf("after waiting: %d %s", w.Code, w.Body)
	}
}

// Parallel wrong guesses are each counted towards the lock: the service read
// the count, added one and wrote it back, so concurrent failures overwrote
// one another and a burst of guesses never locked the account.
func TestConcurrentLoginFailuresAreEachCounted(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{LoginMaxFailures: 100})
		id, _ := e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
		const n = 8
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if w := e.login("alice", "wrong password", "000000"); w.Code != 401 {
					t.Errorf("failure: %d %s", w.Code, w.Body)
				}
			})
		}
		wg.Wait()
		a, err := e.svc.GetAdmin(context.Background(), id)
		if err != nil || a.FailedAttempts != n {
			t.Fatalf("failed_attempts = %d %v; want %d", a.FailedAttempts, err, n)
		}
	})
}
