package wecomsim

import (
	"fmt"
	"time"
)

// SecretKind is which of a corp's secrets a gettoken was made with; the
// token keeps it, and the handlers apply Tencent's rules for that kind.
type SecretKind string

// The kinds of section 0 of the WeCom reference. KindAny is the single
// default --secret: accepted for every API, it reads members like a
// self-built app created after 2022-06-20.
const (
	KindAny             SecretKind = "any"
	KindContacts        SecretKind = "contacts"         // 通讯录同步
	KindApp             SecretKind = "app"              // self-built app
	KindArchive         SecretKind = "archive"          // 会话内容存档 (a base app)
	KindCustomerContact SecretKind = "customer_contact" // 客户联系 (a base app)
)

// Tencent's cut-off dates: apps created on or after PrivacyCutoff read no
// sensitive member fields; contacts-sync secrets used from an IP added on or
// after SyncIPCutoff may not read member details at all.
var (
	PrivacyCutoff = time.Date(2022, 6, 20, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	SyncIPCutoff  = time.Date(2022, 8, 15, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
)

// SecretProfile is what the simulator knows about one secret.
type SecretProfile struct {
	Kind SecretKind
	// AppCreated is the self-built app's creation date (KindApp, KindAny);
	// zero means after PrivacyCutoff, as any app made today.
	AppCreated time.Time
	// LegacyIP (KindContacts): the caller's IP was added to the sync
	// secret's trusted IPs before SyncIPCutoff, so member reads still work.
	LegacyIP bool
}

// ParseSecretKind reads a kind name; the error names the ones accepted.
func ParseSecretKind(s string) (SecretKind, error) {
	switch k := SecretKind(s); k {
	case KindAny, KindContacts, KindApp, KindArchive, KindCustomerContact:
		return k, nil
	}
	return "", fmt.Errorf("wecomsim: secret kind %q: want any, contacts, app, archive or customer_contact", s)
}

// memberPolicy is how a secret may read member objects.
type memberPolicy int

const (
	membersFull    memberPolicy = iota // every field (pre-2022 apps, legacy sync IPs)
	membersPrivate                     // no mobile, email, biz_mail, avatar, gender, address, qr_code
	membersRefused                     // 48009: contacts-sync secret from a new IP
)

// members is the policy for user/get, user/list (and, for refusal,
// user/simplelist and department/list). legacy is --legacy-app-fields.
func (p SecretProfile) members(legacy bool) memberPolicy {
	switch p.Kind {
	case KindContacts:
		if legacy || p.LegacyIP {
			return membersFull
		}
		return membersRefused
	case KindArchive, KindCustomerContact:
		return membersPrivate // base apps lost the fields whatever their age
	}
	if legacy || (!p.AppCreated.IsZero() && p.AppCreated.Before(PrivacyCutoff)) {
		return membersFull
	}
	return membersPrivate
}

// canWriteContacts: directory writes and user/list_id need the sync secret
// (48002 otherwise).
func (p SecretProfile) canWriteContacts() bool {
	return p.Kind == KindAny || p.Kind == KindContacts
}

// profile finds the secret's profile; ok false means 40001.
func (s *Server) profile(secret string) (SecretProfile, bool) {
	if secret == s.opts.Secret {
		return SecretProfile{Kind: KindAny}, true
	}
	p, ok := s.opts.Secrets[secret]
	return p, ok
}

// sensitiveFields are the member fields user/get and user/list leave out
// for apps created after 2022-06-20 and for base apps.
var sensitiveFields = []string{"mobile", "email", "biz_mail", "avatar", "thumb_avatar", "gender", "address", "qr_code"}

// LegacyAppFields reports whether every secret reads members as before 2022.
func (s *Server) LegacyAppFields() bool { return s.opts.LegacyAppFields }

// refuseMemberRead is 48009 for a contacts-sync secret from a new IP.
func (s *Server) refuseMemberRead(c *call) error {
	if c.prof.members(s.opts.LegacyAppFields) == membersRefused {
		return errf(48009, "api forbidden for contacts sync secret from a new ip, hint: [use user/list_id, user/getuserid]")
	}
	return nil
}

// requireContacts is 48002 unless the token came from the sync secret.
func requireContacts(c *call) error {
	if !c.prof.canWriteContacts() {
		return errf(48002, "api forbidden, hint: [contacts sync secret required for %s]", c.prof.Kind)
	}
	return nil
}
