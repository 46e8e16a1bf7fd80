package config

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
)

// Secret is a configured secret value or a reference to one: "env:NAME",
// "file:PATH", "keyvault:https://VAULT.vault.azure.net/secrets/NAME[/VERSION]"
// or a literal. It never prints its value: String, slog and YAML output show
// only whether it is set and where it comes from.
type Secret struct {
	ref string
	src SecretSource // resolves keyvault: references; set by BindSecretSource
}

// SecretSource fetches the value behind a remote reference (Key Vault). It
// caches, so Resolve stays cheap on hot paths.
type SecretSource interface {
	Lookup(ctx context.Context, ref string) (string, error)
}

// KeyVaultPrefix starts an Azure Key Vault reference.
const KeyVaultPrefix = "keyvault:"

// IsKeyVault reports whether the secret is a Key Vault reference.
func (s Secret) IsKeyVault() bool { return strings.HasPrefix(s.ref, KeyVaultPrefix) }

// NewSecret wraps a literal or reference.
func NewSecret(ref string) Secret { return Secret{ref: ref} }

// IsSet reports whether a value or reference was given.
func (s Secret) IsSet() bool { return s.ref != "" }

// Source describes where the value comes from without revealing it.
func (s Secret) Source() string {
	switch {
	case s.ref == "":
		return "unset"
	case strings.HasPrefix(s.ref, "env:"), strings.HasPrefix(s.ref, "file:"):
		return s.ref
	case strings.HasPrefix(s.ref, "keyvault:"):
		return s.ref
	default:
		return "literal"
	}
}

// String redacts.
func (s Secret) String() string {
	if !s.IsSet() {
		return ""
	}
	return "[redacted:" + s.Source() + "]"
}

// LogValue redacts in structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalYAML redacts in config dumps.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// UnmarshalYAML reads the reference text.
func (s *Secret) UnmarshalYAML(unmarshal func(any) error) error {
	var v string
	if err := unmarshal(&v); err != nil {
		return err
	}
	s.ref = v
	return nil
}

// ErrSecretUnresolved means a reference points at nothing.
var ErrSecretUnresolved = errors.New("secret reference cannot be resolved")

// Resolve returns the secret's value.
func (s Secret) Resolve() (string, error) { return s.ResolveContext(context.Background()) }

// ResolveContext returns the secret's value; ctx bounds a Key Vault fetch.
func (s Secret) ResolveContext(ctx context.Context) (string, error) {
	switch {
	case strings.HasPrefix(s.ref, "env:"):
		name := strings.TrimPrefix(s.ref, "env:")
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			return "", fmt.Errorf("%w: environment variable %s is not set", ErrSecretUnresolved, name)
		}
		return v, nil
	case strings.HasPrefix(s.ref, "file:"):
		p := strings.TrimPrefix(s.ref, "file:")
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("%w: %s: %w", ErrSecretUnresolved, p, errors.Unwrap(err))
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	case s.IsKeyVault():
		if s.src == nil {
			return "", fmt.Errorf("%w: no Key Vault client is configured for %s", ErrSecretUnresolved, s.ref)
		}
		return s.src.Lookup(ctx, strings.TrimPrefix(s.ref, KeyVaultPrefix))
	default:
		return s.ref, nil
	}
}
