package config

import (
	"fmt"
	"time"
)

// KeyVault configures how keyvault: secret references are fetched. The
// credential is chosen in the order of preference workload identity, managed
// identity, client secret; "auto" takes workload identity when the pod has
// its federated token (AZURE_FEDERATED_TOKEN_FILE), else a configured client
// secret, else managed identity.
type KeyVault struct {
	Credential   string   `yaml:"credential"` // auto (default), workload, managed, client_secret
	TenantID     string   `yaml:"tenant_id"`  // default AZURE_TENANT_ID
	ClientID     string   `yaml:"client_id"`  // default AZURE_CLIENT_ID; user-assigned managed identity
	ClientSecret Secret   `yaml:"client_secret"`
	Refresh      Duration `yaml:"refresh"`        // how often cached values are fetched again (default 5m)
	Timeout      Duration `yaml:"timeout"`        // one fetch (default 30s)
	AuthorityURL string   `yaml:"authority_host"` // Entra ID host (default the public cloud)
}

func keyVaultDefaults() KeyVault {
	return KeyVault{Credential: "auto", Refresh: Duration(5 * time.Minute), Timeout: Duration(30 * time.Second)}
}

func (k KeyVault) validate() error {
	switch k.Credential {
	case "auto", "workload", "managed", "client_secret":
	default:
		return fmt.Errorf("config: keyvault.credential: must be auto, workload, managed or client_secret (got %q)", k.Credential)
	}
	if k.Refresh.D() < time.Second {
		return fmt.Errorf("config: keyvault.refresh: must be at least 1s")
	}
	if k.Timeout.D() <= 0 {
		return fmt.Errorf("config: keyvault.timeout: must be positive")
	}
	if k.Credential == "client_secret" && !k.ClientSecret.IsSet() {
		return fmt.Errorf("config: keyvault.client_secret: required when keyvault.credential is client_secret")
	}
	if k.ClientSecret.IsKeyVault() {
		return fmt.Errorf("config: keyvault.client_secret: cannot itself come from Key Vault (use env: or file:)")
	}
	if k.AuthorityURL != "" {
		if err := checkURL(k.AuthorityURL); err != nil {
			return fmt.Errorf("config: keyvault.authority_host: %w", err)
		}
	}
	return nil
}

func (a AzureBlob) validateIdentity() error {
	if a.AccountURL == "" {
		return nil
	}
	if err := checkURL(a.AccountURL); err != nil {
		return fmt.Errorf("config: blob.azure.account_url: %w", err)
	}
	switch a.Credential {
	case "", "auto", "workload", "managed":
		return nil
	}
	return fmt.Errorf("config: blob.azure.credential: must be auto, workload or managed (got %q)", a.Credential)
}
