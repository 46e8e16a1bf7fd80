// Package azure stores blobs in an Azure Blob Storage container (tested
// against Azurite).
package azure

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"wecomadmin/internal/blob"
)

// Bucket is one container.
type Bucket struct {
	c         *azblob.Client
	container string
}

// New connects with a connection string (account key or SAS) and creates
// the container when absent.
func New(ctx context.Context, connectionString, container string) (*Bucket, error) {
	c, err := azblob.NewClientFromConnectionString(connectionString, nil)
	if err != nil {
		return nil, fmt.Errorf("blob/azure: client: %w", err)
	}
	return open(ctx, c, container)
}

// NewWithCredential connects to accountURL (https://ACCOUNT.blob.core.windows.net)
// with an Entra ID credential (workload or managed identity): no key to hold.
func NewWithCredential(ctx context.Context, accountURL string, cred azcore.TokenCredential, container string) (*Bucket, error) {
	c, err := azblob.NewClient(accountURL, cred, nil)
	if err != nil {
		return nil, fmt.Errorf("blob/azure: client: %w", err)
	}
	return open(ctx, c, container)
}

func open(ctx context.Context, c *azblob.Client, container string) (*Bucket, error) {
	_, err := c.CreateContainer(ctx, container, nil)
	if err != nil && !bloberror.HasCode(err, bloberror.ContainerAlreadyExists) {
		return nil, fmt.Errorf("blob/azure: create container %s: %w", container, err)
	}
	return &Bucket{c: c, container: container}, nil
}

// Put streams r in 4 MiB blocks (bounded memory whatever the size).
func (b *Bucket) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := blob.ValidKey(key); err != nil {
		return err
	}
	_, err := b.c.UploadStream(ctx, b.container, key, r, &azblob.UploadStreamOptions{BlockSize: 4 << 20, Concurrency: 2})
	if err != nil {
		return fmt.Errorf("blob/azure: put %s: %w", key, err)
	}
	return nil
}

// Stat reads the blob's properties.
func (b *Bucket) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := blob.ValidKey(key); err != nil {
		return blob.Info{}, err
	}
	p, err := b.c.ServiceClient().NewContainerClient(b.container).NewBlobClient(key).GetProperties(ctx, nil)
	if err != nil {
		return blob.Info{}, mapErr(key, err)
	}
	info := blob.Info{}
	if p.ContentLength != nil {
		info.Size = *p.ContentLength
	}
	if p.LastModified != nil {
		info.ModTime = *p.LastModified
	}
	return info, nil
}

// Open returns a reader that issues ranged downloads from the current position.
func (b *Bucket) Open(ctx context.Context, key string) (blob.Object, error) {
	info, err := b.Stat(ctx, key)
	if err != nil {
		return nil, err
	}
	return blob.NewRanged(ctx, info, func(ctx context.Context, off int64) (io.ReadCloser, error) {
		resp, err := b.c.DownloadStream(ctx, b.container, key, &azblob.DownloadStreamOptions{Range: azblob.HTTPRange{Offset: off}})
		if err != nil {
			return nil, mapErr(key, err)
		}
		return resp.Body, nil
	}), nil
}

// Delete removes the blob.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if err := blob.ValidKey(key); err != nil {
		return err
	}
	_, err := b.c.DeleteBlob(ctx, b.container, key, nil)
	if err != nil && !bloberror.HasCode(err, bloberror.BlobNotFound) {
		return fmt.Errorf("blob/azure: delete %s: %w", key, err)
	}
	return nil
}

// Ping reads the container's properties.
func (b *Bucket) Ping(ctx context.Context) error {
	_, err := b.c.ServiceClient().NewContainerClient(b.container).GetProperties(ctx, nil)
	if err != nil {
		return fmt.Errorf("blob/azure: ping: %w", err)
	}
	return nil
}

func mapErr(key string, err error) error {
	var re *azcore.ResponseError
	if bloberror.HasCode(err, bloberror.BlobNotFound) || (errors.As(err, &re) && re.StatusCode == 404) {
		return fmt.Errorf("blob/azure: %s: %w", key, blob.ErrNotFound)
	}
	return fmt.Errorf("blob/azure: %s: %w", key, err)
}
