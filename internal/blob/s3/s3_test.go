package s3

import (
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"wecomadmin/internal/blob/blobtest"
)

// TestConformance runs the suite against an in-process S3 server (gofakes3)
// speaking the real S3 wire protocol over loopback.
func TestConformance(t *testing.T) {
	t.Parallel()
	backend := s3mem.New()
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	if err := backend.CreateBucket("media"); err != nil {
		t.Fatal(err)
	}
	b := New(Options{Endpoint: srv.URL, Region: "us-east-1", Bucket: "media", AccessKey: "ak", SecretKey: "sk", PathStyle: true})
	blobtest.Run(t, b)
}
