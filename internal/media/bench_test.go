package media_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/finance"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/media"
	"wecomadmin/internal/media/audio"
	"wecomadmin/internal/media/scan/clamd"
	"wecomadmin/internal/wecomsim/archivesim"
)

type benchFile struct {
	id, kind, name string
	data           []byte
}

// mixedBatch is voice (real speech, AMR), images and documents.
func mixedBatch(b *testing.B) []benchFile {
	r := rand.New(rand.NewPCG(1, 2))
	var out []benchFile
	for i := range 6 {
		out = append(out, benchFile{fmt.Sprint("v", i), "voice", "", speechAMR(b, fmt.Sprintf("please call the doctor about order number %d tomorrow", i))})
	}
	for i := range 6 {
		out = append(out, benchFile{fmt.Sprint("i", i), "image", fmt.Sprint(i, ".jpg"), archivesim.JPEG(r)})
	}
	for i := range 4 {
		out = append(out, benchFile{fmt.Sprint("p", i), "file", fmt.Sprint(i, ".pdf"), archivesim.PDF(fmt.Sprint("report ", i))})
	}
	for i := range 4 {
		out = append(out, benchFile{fmt.Sprint("b", i), "file", fmt.Sprint(i, ".bin"), randBytes(1<<20, uint64(i))})
	}
	return out
}

// benchWorkers is the parallelism of both the pipeline and the baseline:
// the machine's two cores (more only thrashes ffmpeg on both sides).
const benchWorkers = 2

// baseline runs only the tools on the same files with the same
// parallelism: clamd INSTREAM over every file, ffmpeg Opus for voice and a
// thumbnail frame for images.
func baseline(b *testing.B, files []benchFile, sc *clamd.Client, conv *audio.Converter) time.Duration {
	dir := b.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.id), f.data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	ch := make(chan benchFile)
	var wg sync.WaitGroup
	start := time.Now()
	for range benchWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range ch {
				if _, err := sc.Scan(context.Background(), bytes.NewReader(f.data)); err != nil {
					b.Error(err)
				}
				in := filepath.Join(dir, f.id)
				switch f.kind {
				case "voice":
					if _, err := conv.ToPlayable(context.Background(), audio.Input{Path: in, Type: "audio/amr"}, in+".ogg", audio.Opus); err != nil {
						b.Error(err)
					}
				case "image":
					if err := conv.Frame(context.Background(), audio.Input{Path: in, Type: media.Sniff(f.data)}, in+".jpg", 320); err != nil {
						b.Error(err)
					}
				}
			}
		}()
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
	return time.Since(start)
}

// BenchmarkPipelineMixedBatch: files/s and MB/s of the whole pipeline
// (simulator download, md5, SHA-256, blob store, clamd, ffmpeg, store
// updates, job runtime), next to clamd + ffmpeg alone on the same files.
func BenchmarkPipelineMixedBatch(b *testing.B) {
	sc, conv := realClamd(b), realAudio(b)
	files := mixedBatch(b)
	var total int64
	for _, f := range files {
		total += int64(len(f.data))
	}
	var pipe, base time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s := newSim(b, nil)
		r := newRig(b, rigOpts{src: simSource(s), deps: func(d *media.Deps) { d.Scanner, d.Audio = sc, conv },
			opts: media.Options{Concurrency: benchWorkers, Policy: benchPolicy()}})
		for _, f := range files {
			r.enqueue(b, "m"+f.id, "alice", s.add(f.id, f.kind, f.name, f.data))
		}
		if i%2 == 1 { // alternate the order: a shared machine's load drifts
			base += baseline(b, files, sc, conv)
		}
		b.StartTimer()
		t0 := time.Now()
		r.start()
		r.waitFast(b, 5*time.Minute)
		pipe += time.Since(t0)
		b.StopTimer()
		for _, m := range r.all(b) {
			derived := m.Kind == "voice" || m.Kind == "image"
			if m.LastError != "" || derived && m.State != media.StateConverted || !derived && m.State != media.StateClean {
				b.Fatalf("%s: %s %s", m.SDKFileID, m.State, m.LastError)
			}
		}
		if i%2 == 0 {
			base += baseline(b, files, sc, conv)
		}
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(len(files))*n/pipe.Seconds(), "files/s")
	b.ReportMetric(float64(total)*n/pipe.Seconds()/1e6, "MB/s")
	b.ReportMetric(pipe.Seconds()/n, "pipeline_s/batch")
	b.ReportMetric(base.Seconds()/n, "tools_only_s/batch")
	b.ReportMetric(100*(pipe.Seconds()-base.Seconds())/base.Seconds(), "overhead_%")
}

func benchPolicy() jobs.Policy {
	p := fastPolicy()
	p.Concurrency = benchWorkers
	return p
}

// genSource serves size pseudo-random bytes in 512 KB chunks, generated on
// the fly, so the source holds no file.
type genSource struct{ size int64 }

func (g genSource) chunk(off int64) []byte {
	n := min(int64(finance.ChunkSize), g.size-off)
	buf := make([]byte, n)
	r := rand.New(rand.NewPCG(uint64(off), 7))
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	return buf
}

func (g genSource) GetMediaData(_ context.Context, _, index string) (finance.MediaChunk, error) {
	off, _ := strconv.ParseInt(index, 10, 64)
	data := g.chunk(off)
	end := off + int64(len(data))
	return finance.MediaChunk{Data: data, OutIndexBuf: strconv.FormatInt(end, 10), Finish: end >= g.size}, nil
}

func (g genSource) md5() string {
	h := md5.New()
	for off := int64(0); off < g.size; off += finance.ChunkSize {
		h.Write(g.chunk(off))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// vmHWM is this process's peak resident set size (Linux), in bytes.
func vmHWM() int64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkDownload200MB runs one 200 MB file through the download job
// (chunk loop, spool file, md5 + SHA-256, local blob store) and samples Go
// heap in use every 5 ms: its peak, and the process's peak RSS (VmHWM),
// are reported. Run it alone for a meaningful VmHWM:
// go test -run '^$' -bench Download200MB ./internal/media/
func BenchmarkDownload200MB(b *testing.B) {
	g := genSource{size: 200 << 20}
	sum := g.md5()
	runtime.GC()
	var peakHeap uint64
	for b.Loop() {
		b.StopTimer()
		r := newRig(b, rigOpts{src: func(string) (media.Fetcher, error) { return g, nil }})
		r.enqueue(b, "big", "alice", archiveRef("big", sum, g.size))
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				peakHeap = max(peakHeap, ms.HeapInuse)
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
		b.StartTimer()
		r.start()
		r.waitFast(b, 5*time.Minute)
		b.StopTimer()
		close(stop)
		wg.Wait()
		if m := r.all(b)[0]; m.Size != g.size || m.BlobKey == "" {
			b.Fatalf("%+v", m)
		}
		b.StartTimer()
	}
	b.SetBytes(g.size)
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak_heap_inuse_MB")
	b.ReportMetric(float64(vmHWM())/(1<<20), "process_peak_rss_MB")
	_ = io.Discard
}
