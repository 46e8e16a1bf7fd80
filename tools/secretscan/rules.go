package main

import (
	"path"
	"regexp"
	"strings"
)

// rule is one kind of secret. A rule with configOnly looks only at config
// files, where a literal value is a deployed secret; in code the same shape
// is usually a test constant or a placeholder.
type rule struct {
	id         string
	re         *regexp.Regexp
	configOnly bool
}

// The private-key rule wants a body: fixtures that only show the PEM armour
// ("-----BEGIN RSA PRIVATE KEY-----\nnope") are not keys. WeCom secrets
// (corpsecret, the callback EncodingAESKey) are 43 characters of
// [A-Za-z0-9_-]; Azure AD client secrets carry the "8Q~" marker.
var rules = []rule{
	{id: "private-key", re: regexp.MustCompile(`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n|\\r)*[A-Za-z0-9+/=]{64,}`)},
	{id: "azure-storage-key", re: regexp.MustCompile(`(?i)AccountKey=[A-Za-z0-9+/]{86}==`)},
	{id: "azure-sas-token", re: regexp.MustCompile(`[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"']*\bsig=[A-Za-z0-9%+/]{40,}`)},
	{id: "azure-ad-client-secret", re: regexp.MustCompile(`(?:^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?:$|[^A-Za-z0-9_~.-])`)},
	{id: "wecom-corpsecret-url", re: regexp.MustCompile(`corpsecret=[A-Za-z0-9_-]{43}(?:$|[^A-Za-z0-9_-])`)},
	{id: "wecom-secret-in-config", configOnly: true, re: regexp.MustCompile(`(?i)["']?[a-z_]*(?:secret|aes_?key|encoding_?aes_?key|token)["']?\s*[:=]\s*["']?[A-Za-z0-9_-]{43}(?:$|[^A-Za-z0-9_-])`)},
	{id: "aws-access-key", re: regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)},
}

// isConfig tells whether a path is a config or deployment file.
func isConfig(p string) bool {
	base := path.Base(p)
	if strings.HasPrefix(base, ".env") {
		return true
	}
	switch path.Ext(base) {
	case ".yaml", ".yml", ".json", ".toml", ".ini", ".conf", ".env", ".properties":
		return !strings.HasSuffix(base, "package-lock.json")
	}
	return false
}
