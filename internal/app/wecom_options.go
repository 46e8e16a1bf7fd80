package app

import (
	"fmt"

	"wecomadmin/internal/config"
	"wecomadmin/internal/wecom"
)

// wecomOptions maps one configured corp and the shared client tuning to the
// client's options, resolving the corp's secrets (the wecom package knows
// nothing of the config file).
func wecomOptions(corp config.Corp, w config.WeCom) (wecom.Options, error) {
	opts := wecom.Options{
		BaseURL: corp.BaseURL, CorpID: corp.CorpID, CorpKey: corp.Key,
		Secrets: map[wecom.SecretKind]string{},
		Timeout: w.Timeout.D(),
		Retry: wecom.Retry{
			InitialDelay: w.InitialBackoff.D(), Multiplier: w.Multiplier,
			MaxDelay: w.MaxBackoff.D(), MaxAttempts: w.MaxAttempts,
		},
		Rate: w.RatePerSecond, Burst: w.Burst,
	}
	for kind, s := range map[wecom.SecretKind]config.Secret{
		wecom.Contacts: corp.Secrets.Contacts, wecom.App: corp.Secrets.App,
		wecom.Archive: corp.Secrets.Archive, wecom.CustomerContact: corp.Secrets.CustomerContact,
	} {
		if !s.IsSet() {
			continue
		}
		v, err := s.Resolve()
		if err != nil {
			return wecom.Options{}, fmt.Errorf("config: corps[%s].secrets.%s: %w", corp.Key, kind, err)
		}
		opts.Secrets[kind] = v
	}
	return opts, nil
}

// newWeComPool builds the client pool of the configured corps, resolving
// their secrets now so a bad reference fails at start naming its key.
func newWeComPool(cfg config.Config, deps wecom.Deps) (*wecom.Pool, error) {
	corps := make([]wecom.Options, 0, len(cfg.Corps))
	for _, c := range cfg.Corps {
		opts, err := wecomOptions(c, cfg.WeCom)
		if err != nil {
			return nil, err
		}
		corps = append(corps, opts)
	}
	return wecom.NewPool(corps, deps)
}
