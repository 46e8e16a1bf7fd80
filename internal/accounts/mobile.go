package accounts

import (
	"errors"
	"strings"
)

// NormalizeMobile turns an HR mobile into WeCom's "+CC NUMBER" form.
// Mainland China is assumed without a country code; a Chinese number must
// be 11 digits starting 1[3-9]. Other country codes are kept as given.
func NormalizeMobile(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("mobile is empty")
	}
	spaced := strings.IndexAny(s, " -") // "+852 9123 4567" says where the country code ends
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '(', ')', '\u00a0', '\t':
			return -1
		}
		return r
	}, s)
	if strings.HasPrefix(clean, "00") {
		clean = "+" + clean[2:]
		spaced = -1
	}
	if !strings.HasPrefix(clean, "+") {
		if !allDigits(clean) {
			return "", errors.New("mobile has characters other than digits")
		}
		return cnMobile(clean)
	}
	digits := clean[1:]
	if !allDigits(digits) || digits == "" {
		return "", errors.New("mobile has characters other than digits after +")
	}
	cc := ""
	if spaced > 0 {
		head := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s[:spaced])
		if head != "" && len(head) <= 3 && strings.HasPrefix(digits, head) {
			cc = head
		}
	}
	if cc == "" {
		cc = countryCode(digits)
	}
	if cc == "86" {
		return cnMobile(digits[2:])
	}
	rest := digits[len(cc):]
	if len(rest) < 4 || len(digits) > 15 {
		return "", errors.New("mobile number has the wrong length for an international number")
	}
	return "+" + cc + " " + rest, nil
}

func cnMobile(d string) (string, error) {
	if len(d) != 11 || d[0] != '1' || d[1] < '3' {
		return "", errors.New("mainland China mobile must be 11 digits starting with 13-19")
	}
	return "+86 " + d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// twoDigitCodes are the ITU country codes of two digits (zones 2-9); one-digit
// zones are 1 and 7; every other code has three digits.
const twoDigitCodes = " 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 "

func countryCode(digits string) string {
	switch {
	case digits[0] == '1' || digits[0] == '7':
		return digits[:1]
	case len(digits) >= 2 && strings.Contains(twoDigitCodes, " "+digits[:2]+" "):
		return digits[:2]
	case len(digits) >= 3:
		return digits[:3]
	}
	return digits
}
