package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP is our own RFC 6238 implementation (HMAC-SHA1, 30-second steps, six
// digits: what every authenticator app supports). It is ~40 lines, so we
// keep it rather than add a dependency.
const totpPeriod, totpDigits = 30, 6

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret in base32.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return b32.EncodeToString(b)
}

// NormalizeTOTPSecret accepts a base32 secret with spaces, lower case or
// padding, and returns it canonical; it refuses one shorter than 80 bits.
func NormalizeTOTPSecret(s string) (string, error) {
	s = strings.ToUpper(strings.TrimRight(strings.ReplaceAll(s, " ", ""), "="))
	key, err := b32.DecodeString(s)
	if err != nil || len(key) < 10 {
		return "", fmt.Errorf("auth: TOTP secret must be base32 of at least 80 bits")
	}
	return s, nil
}

// TOTPCode returns the code for a time step.
func TOTPCode(secret string, step int64) (string, error) {
	key, err := b32.DecodeString(secret)
	if err != nil {
		return "", fmt.Errorf("auth: TOTP secret: %w", err)
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000), nil
}

// TOTPStep is the RFC 6238 time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// checkTOTP returns the step a code matches, allowing one step of clock
// drift either way, or 0 when it matches none.
func checkTOTP(secret, code string, now time.Time) int64 {
	if len(code) != totpDigits || secret == "" {
		return 0
	}
	cur := TOTPStep(now)
	for _, step := range []int64{cur, cur - 1, cur + 1} {
		want, err := TOTPCode(secret, step)
		if err == nil && hmac.Equal([]byte(want), []byte(code)) {
			return step
		}
	}
	return 0
}

// OTPAuthURL is the otpauth:// URL authenticator apps scan as a QR code.
func OTPAuthURL(issuer, account, secret string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("period", fmt.Sprint(totpPeriod))
	v.Set("digits", fmt.Sprint(totpDigits))
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + v.Encode()
}
