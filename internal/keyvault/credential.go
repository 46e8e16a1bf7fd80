package keyvault

import (
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"wecomadmin/internal/config"
)

// Environment variables the Azure workload identity webhook injects into a pod.
const (
	envTenantID  = "AZURE_TENANT_ID"
	envClientID  = "AZURE_CLIENT_ID"
	envTokenFile = "AZURE_FEDERATED_TOKEN_FILE"
	envAuthority = "AZURE_AUTHORITY_HOST"
)

// CredentialKind picks the credential: workload identity, managed identity
// and client secret in that order of preference ("auto").
func CredentialKind(c config.KeyVault, getenv func(string) string) string {
	if c.Credential != "" && c.Credential != "auto" {
		return c.Credential
	}
	switch {
	case getenv(envTokenFile) != "":
		return "workload"
	case c.ClientSecret.IsSet():
		return "client_secret" // configured on purpose: no managed identity where it is used
	default:
		return "managed"
	}
}

// NewCredential builds the azidentity credential of the configured kind.
// transport replaces the HTTP client (tests); getenv reads AZURE_* settings.
func NewCredential(c config.KeyVault, getenv func(string) string, transport policy.Transporter) (azcore.TokenCredential, string, error) {
	kind := CredentialKind(c, getenv)
	co := azcore.ClientOptions{Transport: transport}
	if host := first(c.AuthorityURL, getenv(envAuthority)); host != "" {
		co.Cloud = cloud.Configuration{ActiveDirectoryAuthorityHost: host, Services: cloud.AzurePublic.Services}
	}
	tenant, client := first(c.TenantID, getenv(envTenantID)), first(c.ClientID, getenv(envClientID))
	var (
		cred azcore.TokenCredential
		err  error
	)
	switch kind {
	case "workload":
		cred, err = azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
			ClientOptions: co, TenantID: tenant, ClientID: client, TokenFilePath: getenv(envTokenFile),
			DisableInstanceDiscovery: c.AuthorityURL != "",
		})
	case "managed":
		o := &azidentity.ManagedIdentityCredentialOptions{ClientOptions: co}
		if client != "" {
			o.ID = azidentity.ClientID(client)
		}
		cred, err = azidentity.NewManagedIdentityCredential(o)
	case "client_secret":
		var secret string
		if secret, err = c.ClientSecret.Resolve(); err != nil {
			return nil, kind, fmt.Errorf("keyvault: client_secret: %w", err)
		}
		cred, err = azidentity.NewClientSecretCredential(tenant, client, secret, &azidentity.ClientSecretCredentialOptions{
			ClientOptions: co, DisableInstanceDiscovery: c.AuthorityURL != "",
		})
	default:
		return nil, kind, fmt.Errorf("keyvault: unknown credential %q", kind)
	}
	if err != nil {
		return nil, kind, fmt.Errorf("keyvault: %s credential: %w", kind, err)
	}
	return cred, kind, nil
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
