package lake

import "strings"

// Masking keeps a value recognisable to a person who knows it and useless
// to anyone else; it is applied when a corp's settings say PII is masked.

// maskMobile keeps the last four digits.
func maskMobile(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", len(r)-4) + string(r[len(r)-4:])
}

// maskEmail keeps the first character of the local part and the domain.
func maskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return maskName(s)
	}
	r := []rune(s[:at])
	return string(r[0]) + "***" + s[at:]
}

// maskName keeps the first character (a Chinese surname, an initial).
func maskName(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + "**"
}
