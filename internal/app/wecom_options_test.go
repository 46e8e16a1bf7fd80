package app

import (
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/config"
	"wecomadmin/internal/wecom"
)

func TestWeComOptionsFromConfig(t *testing.T) {
	t.Setenv("WC_TEST_CONTACTS", "s3cr3t-value")
	cfg := config.Defaults()
	corp := config.Corp{Key: "main", CorpID: "wwopts", BaseURL: "https://qyapi.weixin.qq.com",
		Secrets: config.CorpSecrets{Contacts: config.NewSecret("env:WC_TEST_CONTACTS"), App: config.NewSecret("plain")}}
	opts, err := wecomOptions(corp, cfg.WeCom)
	if err != nil {
		t.Fatal(err)
	}
	if opts.CorpKey != "main" || opts.Secrets[wecom.Contacts] != "s3cr3t-value" || opts.Secrets[wecom.App] != "plain" ||
		opts.Secrets[wecom.Archive] != "" || opts.Retry.MaxAttempts != cfg.WeCom.MaxAttempts || opts.Timeout != cfg.WeCom.Timeout.D() {
		t.Fatalf("options %+v", opts)
	}
}

func TestWeComPoolUnresolvedSecretNamesKey(t *testing.T) {
	cfg := config.Defaults()
	cfg.Corps = []config.Corp{{Key: "main", CorpID: "wwopts", BaseURL: wecom.DefaultBaseURL,
		Secrets: config.CorpSecrets{App: config.NewSecret("env:WC_TEST_DEFINITELY_UNSET")}}}
	_, err := newWeComPool(cfg, wecom.Deps{})
	if !errors.Is(err, config.ErrSecretUnresolved) || !strings.Contains(err.Error(), "corps[main].secrets.app") {
		t.Fatalf("err = %v", err)
	}
}
