package app

import (
	"fmt"

	"wecomadmin/internal/config"
	"wecomadmin/internal/contacts"
)

// callbackKeys resolves each configured corp's callback token and
// EncodingAESKey for contacts.New; corps without a callback section are skipped.
func callbackKeys(corps []config.Corp) ([]contacts.CorpKeys, error) {
	var out []contacts.CorpKeys
	for _, c := range corps {
		if !c.Callback.Token.IsSet() && !c.Callback.AESKey.IsSet() {
			continue
		}
		tok, err := c.Callback.Token.Resolve()
		if err != nil {
			return nil, fmt.Errorf("contacts: corps[%s].callback.token: %w", c.Key, err)
		}
		key, err := c.Callback.AESKey.Resolve()
		if err != nil {
			return nil, fmt.Errorf("contacts: corps[%s].callback.aes_key: %w", c.Key, err)
		}
		out = append(out, contacts.CorpKeys{Key: c.Key, CorpID: c.CorpID, Token: tok, AESKey: key})
	}
	return out, nil
}
