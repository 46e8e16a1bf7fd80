package logging

import (
	"regexp"
	"strings"
)

var (
	// Mainland mobiles (optionally with +86) and other long digit runs that look like phone numbers.
	mobileRe = regexp.MustCompile(`(\+?86[ -]?)?1[3-9]\d{9}`)
	emailRe  = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	secretRe = regexp.MustCompile(`(?i)(access_token|corpsecret|secret|tfa_code)=[^&\s"]+`)
)

// MaskMobile keeps the first three and last four digits: 138****8000.
func MaskMobile(s string) string {
	digits := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits = append(digits, s[i])
		}
	}
	if len(digits) > 11 && strings.HasPrefix(string(digits), "86") {
		digits = digits[2:]
	}
	if len(digits) < 7 {
		return strings.Repeat("*", len(digits))
	}
	return string(digits[:3]) + strings.Repeat("*", len(digits)-7) + string(digits[len(digits)-4:])
}

// MaskEmail keeps the first character of the local part and the domain: z***@example.com.
func MaskEmail(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}

// MaskText masks mobiles, e-mail addresses and secret query parameters
// wherever they appear in free text (URLs, error messages).
func MaskText(s string) string {
	if !strings.ContainsAny(s, "0123456789@=") {
		return s
	}
	s = secretRe.ReplaceAllString(s, "$1=[redacted]")
	s = emailRe.ReplaceAllStringFunc(s, MaskEmail)
	return mobileRe.ReplaceAllStringFunc(s, MaskMobile)
}
