package accounts

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed tfa_page.html
var tfaPageHTML string

//go:embed tfa_page.css
var tfaPageCSS string

var tfaTemplate = template.Must(template.New("tfa").Parse(tfaPageHTML))

// tfaText is the page's fixed text in one language.
type tfaText struct {
	Title, CodeLabel, Submit, Hint string
	Outcomes                       map[string]string
}

var tfaTexts = map[string]tfaText{
	"zh-CN": {Title: "企业微信身份验证", CodeLabel: "邮箱验证码", Submit: "验证",
		Hint: "验证码已发送至 %s，%s 前有效。剩余 %d 次尝试。",
		Outcomes: map[string]string{
			TFAEnterCode: "请输入发送到您公司邮箱的 6 位验证码。", TFAWrongCode: "验证码不正确，请重试。",
			TFASuccess: "验证成功，请返回企业微信继续使用。", TFAInvalidCode: "此验证链接无效、已使用或已过期。请在企业微信中重新发起验证。",
			TFAExpired: "验证已超过 5 分钟或已失效。请在企业微信中重新发起验证。", TFAReused: "此验证已使用过。请在企业微信中重新发起验证。",
			TFANotRecognized: "未在人事系统中找到您的账号，请联系 IT。", TFANotActive: "您的账号在人事系统中不是在职状态，请联系 IT。",
			TFAMobileMismatch: "您的手机号与人事系统记录不一致，请联系 IT。", TFATooManyTries: "错误次数过多。请在企业微信中重新发起验证。",
			TFARateLimited: "尝试过于频繁，请稍后再试。", TFAFailed: "暂时无法完成验证，请稍后在企业微信中重试。",
			TFABadRequest: "请求无效。请在企业微信中重新发起验证。",
		}},
	"en": {Title: "WeCom verification", CodeLabel: "Code from your email", Submit: "Verify",
		Hint: "The code was sent to %s and is valid until %s. %d tries left.",
		Outcomes: map[string]string{
			TFAEnterCode: "Enter the 6-digit code sent to your company email.", TFAWrongCode: "That code is not right. Please try again.",
			TFASuccess: "Verified. Return to WeCom to continue.", TFAInvalidCode: "This verification link is invalid, used or expired. Start the verification again in WeCom.",
			TFAExpired: "More than 5 minutes have passed or the verification is no longer valid. Start again in WeCom.",
			TFAReused:  "This verification was already used. Start again in WeCom.", TFANotRecognized: "Your account is not in the HR records. Please contact IT.",
			TFANotActive: "Your account is not active in the HR records. Please contact IT.", TFAMobileMismatch: "Your mobile number does not match the HR records. Please contact IT.",
			TFATooManyTries: "Too many wrong codes. Start the verification again in WeCom.", TFARateLimited: "Too many attempts. Please wait a minute.",
			TFAFailed: "The verification could not be completed. Please try again later from WeCom.", TFABadRequest: "Invalid request. Start the verification again in WeCom.",
		}},
}

// PickLang chooses the page language: an explicit choice (the toggle), then
// Accept-Language; Chinese by default.
func PickLang(choice, acceptLanguage string) string {
	switch strings.ToLower(choice) {
	case "en":
		return "en"
	case "zh", "zh-cn":
		return "zh-CN"
	}
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return "zh-CN"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "zh-CN"
}

// TFAStatus is the HTTP status a TFA outcome is served with.
func TFAStatus(outcome string) int {
	switch outcome {
	case TFAEnterCode, TFAWrongCode, TFASuccess:
		return 200
	case TFABadRequest:
		return 400
	case TFARateLimited:
		return 429
	case TFAFailed:
		return 503
	case TFANotRecognized, TFANotActive, TFAMobileMismatch:
		return 403
	}
	return 410 // invalid, expired, reused, too many tries: gone, start again
}

// RenderTFA writes the page for v in lang. selfURL is the page's own URL
// without lang, for the language toggle (a GET with the code would spend it
// again, so the toggle after the start links to the bare page text only).
func RenderTFA(w io.Writer, v TFAView, lang, selfURL string) error {
	t, ok := tfaTexts[lang]
	if !ok {
		lang, t = "zh-CN", tfaTexts["zh-CN"]
	}
	kind := "err"
	switch v.Outcome {
	case TFASuccess:
		kind = "ok"
	case TFAEnterCode:
		kind = ""
	}
	sep := "?"
	if strings.Contains(selfURL, "?") {
		sep = "&"
	}
	data := map[string]any{
		"Lang": lang, "T": t, "CSS": template.CSS(tfaPageCSS), "View": v, "Kind": kind,
		"Message": t.Outcomes[v.Outcome], "Form": v.Outcome == TFAEnterCode || v.Outcome == TFAWrongCode,
		"ZhURL": selfURL + sep + "lang=zh", "EnURL": selfURL + sep + "lang=en",
		"Hint": fmt.Sprintf(t.Hint, v.Email, v.ExpiresAt.In(time.FixedZone("CST", 8*3600)).Format("15:04"), v.TriesLeft),
	}
	return tfaTemplate.Execute(w, data)
}
