// Package s3 stores blobs in an S3-compatible bucket.
package s3

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"wecomadmin/internal/blob"
)

// Options locate the bucket.
type Options struct {
	Endpoint  string // e.g. https://s3.example.com; empty for AWS
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	PathStyle bool
}

// Bucket is one S3 bucket.
type Bucket struct {
	c      *awss3.Client
	up     *transfermanager.Client
	bucket string
}

// New builds a client; it does not create the bucket.
func New(o Options) *Bucket {
	cfg := aws.Config{
		Region:      o.Region,
		Credentials: credentials.NewStaticCredentialsProvider(o.AccessKey, o.SecretKey, ""),
	}
	c := awss3.NewFromConfig(cfg, func(so *awss3.Options) {
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
		so.UsePathStyle = o.PathStyle
		// Only send checksums where required: many S3-compatible stores
		// reject the SDK's default trailing checksums.
		so.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	up := transfermanager.New(c, func(u *transfermanager.Options) { u.PartSizeBytes = 8 << 20; u.Concurrency = 2 })
	return &Bucket{c: c, up: up, bucket: o.Bucket}
}

// Put streams r with multipart upload (memory bounded by part size).
func (b *Bucket) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := blob.ValidKey(key); err != nil {
		return err
	}
	if _, err := b.up.UploadObject(ctx, &transfermanager.UploadObjectInput{Bucket: &b.bucket, Key: &key, Body: r}); err != nil {
		return fmt.Errorf("blob/s3: put %s: %w", key, err)
	}
	return nil
}

// Stat heads the object.
func (b *Bucket) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := blob.ValidKey(key); err != nil {
		return blob.Info{}, err
	}
	h, err := b.c.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: &b.bucket, Key: &key})
	if err != nil {
		return blob.Info{}, mapErr(key, err)
	}
	info := blob.Info{Size: aws.ToInt64(h.ContentLength)}
	if h.LastModified != nil {
		info.ModTime = *h.LastModified
	}
	return info, nil
}

// Open returns a reader issuing ranged GETs from the current position.
func (b *Bucket) Open(ctx context.Context, key string) (blob.Object, error) {
	info, err := b.Stat(ctx, key)
	if err != nil {
		return nil, err
	}
	return blob.NewRanged(ctx, info, func(ctx context.Context, off int64) (io.ReadCloser, error) {
		rng := fmt.Sprintf("bytes=%d-", off)
		out, err := b.c.GetObject(ctx, &awss3.GetObjectInput{Bucket: &b.bucket, Key: &key, Range: &rng})
		if err != nil {
			return nil, mapErr(key, err)
		}
		return out.Body, nil
	}), nil
}

// Delete removes the object.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if err := blob.ValidKey(key); err != nil {
		return err
	}
	if _, err := b.c.DeleteObject(ctx, &awss3.DeleteObjectInput{Bucket: &b.bucket, Key: &key}); err != nil {
		if e := mapErr(key, err); errors.Is(e, blob.ErrNotFound) {
			return nil
		}
		return fmt.Errorf("blob/s3: delete %s: %w", key, err)
	}
	return nil
}

// Ping heads the bucket.
func (b *Bucket) Ping(ctx context.Context) error {
	if _, err := b.c.HeadBucket(ctx, &awss3.HeadBucketInput{Bucket: &b.bucket}); err != nil {
		return fmt.Errorf("blob/s3: ping: %w", err)
	}
	return nil
}

func mapErr(key string, err error) error {
	var nsk *types.NoSuchKey
	var nf *types.NotFound
	var api smithy.APIError
	if errors.As(err, &nsk) || errors.As(err, &nf) || (errors.As(err, &api) && (api.ErrorCode() == "NotFound" || api.ErrorCode() == "NoSuchKey")) {
		return fmt.Errorf("blob/s3: %s: %w", key, blob.ErrNotFound)
	}
	return fmt.Errorf("blob/s3: %s: %w", key, err)
}
