package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"

	"wecomadmin/internal/blob"
	"wecomadmin/internal/blob/azure"
	"wecomadmin/internal/blob/local"
	"wecomadmin/internal/blob/s3"
	"wecomadmin/internal/blob/sealed"
	"wecomadmin/internal/config"
	"wecomadmin/internal/keyvault"
)

// openBlob builds the configured bucket, wrapped with encryption at rest
// when a key is configured.
func openBlob(ctx context.Context, cfg config.Config) (blob.Bucket, error) {
	var b blob.Bucket
	backend := cfg.Blob.Backend
	if backend == "azure" && !cfg.Blob.Azure.ConnectionString.IsSet() {
		backend = "azure-identity" // account_url + workload or managed identity
	}
	switch backend {
	case "", "local":
		dir := cfg.Blob.Dir
		if dir == "" {
			dir = filepath.Join(cfg.DataDir, "blobs")
		}
		lb, err := local.New(dir)
		if err != nil {
			return nil, err
		}
		b = lb
	case "azure-identity":
		ab, err := azureWithIdentity(ctx, cfg)
		if err != nil {
			return nil, err
		}
		b = ab
	case "azure":
		cs, err := cfg.Blob.Azure.ConnectionString.Resolve()
		if err != nil {
			return nil, fmt.Errorf("config: blob.azure.connection_string: %w", err)
		}
		ab, err := azure.New(ctx, cs, cfg.Blob.Azure.Container)
		if err != nil {
			return nil, err
		}
		b = ab
	case "s3":
		ak, err := cfg.Blob.S3.AccessKey.Resolve()
		if err != nil {
			return nil, fmt.Errorf("config: blob.s3.access_key: %w", err)
		}
		sk, err := cfg.Blob.S3.SecretKey.Resolve()
		if err != nil {
			return nil, fmt.Errorf("config: blob.s3.secret_key: %w", err)
		}
		o := cfg.Blob.S3
		b = s3.New(s3.Options{Endpoint: o.Endpoint, Region: o.Region, Bucket: o.Bucket, AccessKey: ak, SecretKey: sk, PathStyle: o.PathStyle})
	default:
		return nil, fmt.Errorf("config: blob.backend: unknown %q", cfg.Blob.Backend)
	}
	if !cfg.Blob.EncryptionKey.IsSet() {
		return b, nil
	}
	raw, err := cfg.Blob.EncryptionKey.Resolve()
	if err != nil {
		return nil, fmt.Errorf("config: blob.encryption_key: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(raw)
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("config: blob.encryption_key: must be 32 bytes in base64")
	}
	return sealed.New(b, key)
}

// azureWithIdentity opens Azure Blob with an Entra ID identity; tenant,
// client id and authority come from the keyvault block (or AZURE_* variables).
func azureWithIdentity(ctx context.Context, cfg config.Config) (blob.Bucket, error) {
	kc := cfg.KeyVault
	kc.Credential, kc.ClientSecret = cfg.Blob.Azure.Credential, config.Secret{}
	if kc.Credential == "" {
		kc.Credential = "auto"
	}
	cred, _, err := keyvault.NewCredential(kc, os.Getenv, nil)
	if err != nil {
		return nil, fmt.Errorf("config: blob.azure.credential: %w", err)
	}
	return azure.NewWithCredential(ctx, cfg.Blob.Azure.AccountURL, cred, cfg.Blob.Azure.Container)
}
