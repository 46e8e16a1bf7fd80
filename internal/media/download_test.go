package media_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/media"
)

// memSource serves data in chunks of size n with a numeric index buffer,
// failing the calls listed in fail (by call number) with the given error.
type memSource struct {
	data  []byte
	n     int
	calls int
	fail  map[int]error
}

func (m *memSource) GetMediaData(_ context.Context, _ string, index string) (finance.MediaChunk, error) {
	m.calls++
	if err := m.fail[m.calls]; err != nil {
		return finance.MediaChunk{}, err
	}
	off := 0
	if index != "" {
		off, _ = strconv.Atoi(index)
	}
	end := min(off+m.n, len(m.data))
	return finance.MediaChunk{Data: m.data[off:end], OutIndexBuf: strconv.Itoa(end), Finish: end == len(m.data)}, nil
}

func randBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestFetchChunkBoundaries(t *testing.T) {
	t.Parallel()
	const c = finance.ChunkSize
	for _, size := range []int{0, 1, 7, c - 1, c, c + 1, 2 * c, 3*c + 7} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			t.Parallel()
			data := randBytes(size, uint64(size))
			var buf bytes.Buffer
			got, err := media.Fetch(context.Background(), &memSource{data: data, n: c}, "f", &buf, 0, media.ChunkRetry{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			sum := md5.Sum(data)
			if !bytes.Equal(buf.Bytes(), data) || got.Size != int64(size) || got.MD5 != hex.EncodeToString(sum[:]) {
				t.Fatalf("size %d: got %d bytes md5 %s", size, got.Size, got.MD5)
			}
			if want := max(1, (size+c-1)/c); got.Chunks != want {
				t.Fatalf("chunks = %d, want %d", got.Chunks, want)
			}
		})
	}
}

func TestFetchSimulatorOddSizes(t *testing.T) {
	t.Parallel()
	s := newSim(t, nil)
	for i, size := range []int{1, finance.ChunkSize + 3, 2*finance.ChunkSize - 1} {
		data := randBytes(size, uint64(i+100))
		ref := s.add(fmt.Sprint("f", i), "file", "a.bin", data)
		var buf bytes.Buffer
		got, err := media.Fetch(context.Background(), s.client(), ref.SDKFileID, &buf, 0, media.ChunkRetry{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.MD5 != ref.MD5 || !bytes.Equal(buf.Bytes(), data) {
			t.Fatalf("size %d: md5 %s, want %s", size, got.MD5, ref.MD5)
		}
	}
}

func TestFetchRetriesTransientChunksAndStopsOnExpired(t *testing.T) {
	t.Parallel()
	data := randBytes(3*1000+5, 9)
	cr := media.ChunkRetry{Attempts: 3, Initial: time.Millisecond, Max: 2 * time.Millisecond}
	flaky := &memSource{data: data, n: 1000, fail: map[int]error{
		2: finance.NewError(finance.CodeNetwork, ""), 3: finance.NewError(finance.CodeParam, ""),
		5: finance.NewError(finance.CodeParse, ""),
	}}
	var buf bytes.Buffer
	if _, err := media.Fetch(context.Background(), flaky, "f", &buf, 0, cr, nil); err != nil || !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("flaky: %v", err)
	}
	expired := &memSource{data: data, n: 1000, fail: map[int]error{2: finance.NewError(finance.CodeExpired, "")}}
	_, err := media.Fetch(context.Background(), expired, "f", &bytes.Buffer{}, 0, cr, nil)
	if finance.CodeOf(err) != finance.CodeExpired || expired.calls != 2 {
		t.Fatalf("expired: err %v after %d calls", err, expired.calls)
	}
	_, err = media.Fetch(context.Background(), &memSource{data: data, n: 1000}, "f", &bytes.Buffer{}, 2000, cr, nil)
	if !errors.Is(err, media.ErrTooLarge) {
		t.Fatalf("size limit: %v", err)
	}
}
