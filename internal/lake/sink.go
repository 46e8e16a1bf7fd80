package lake

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"os"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

// FileInfo is one data file of a run, as the manifest lists it.
type FileInfo struct {
	Table  string `json:"table"`
	Format string `json:"format"`
	Key    string `json:"key"`
	Date   string `json:"date"`
	Part   int64  `json:"part"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// batchRows is how many rows are handed to a writer at once.
const batchRows = 512

// sink writes one table's rows into date-partitioned part files, one open
// file (per format) at a time: a file is rolled when the date changes or it
// reaches Options.RowsPerFile. Each file is spooled to a temporary file
// (hashed as it is written), then put to the bucket.
type sink[T any] struct {
	r     *run
	table string
	part  int64 // the next part number
	date  string
	rows  int64
	buf   []T
	open  []formatFile[T]
	files []FileInfo
}

// formatFile is one open part file in one format.
type formatFile[T any] interface {
	write(rows []T) error
	finish() (spool, error)
}

// spool is a finished temporary file.
type spool struct {
	path   string
	bytes  int64
	sha256 string
}

func newSink[T any](r *run, table string, firstPart int64) *sink[T] {
	return &sink[T]{r: r, table: table, part: firstPart}
}

func (k *sink[T]) add(ctx context.Context, date string, row T) error {
	if k.open == nil || date != k.date || k.rows >= k.r.s.o.RowsPerFile {
		if err := k.roll(ctx); err != nil {
			return err
		}
		if err := k.start(date); err != nil {
			return err
		}
	}
	k.buf = append(k.buf, row)
	k.rows++
	if len(k.buf) >= batchRows {
		return k.flush()
	}
	return nil
}

func (k *sink[T]) flush() error {
	if len(k.buf) == 0 {
		return nil
	}
	for _, f := range k.open {
		if err := f.write(k.buf); err != nil {
			return fmt.Errorf("lake: write %s: %w", k.table, err)
		}
	}
	clear(k.buf)
	k.buf = k.buf[:0]
	return nil
}

func (k *sink[T]) start(date string) error {
	k.date, k.rows = date, 0
	for _, format := range k.r.s.o.Formats {
		f, err := newFormatFile[T](k.r.s.o.TempDir, format, k.r.s.o.RowGroupRows, k.table)
		if err != nil {
			for _, o := range k.open {
				if sp, err := o.finish(); err == nil {
					_ = os.Remove(sp.path)
				}
			}
			k.open = nil
			return err
		}
		k.open = append(k.open, f)
	}
	return nil
}

// roll finishes the open files and puts them in the bucket.
func (k *sink[T]) roll(ctx context.Context) error {
	if k.open == nil {
		return nil
	}
	if err := k.flush(); err != nil {
		return err
	}
	open := k.open
	k.open = nil
	part := k.part
	k.part++
	for i, f := range open {
		sp, err := f.finish()
		if err != nil {
			return fmt.Errorf("lake: finish %s: %w", k.table, err)
		}
		format := k.r.s.o.Formats[i]
		fi := FileInfo{Table: k.table, Format: format, Key: k.r.s.dataKey(format, k.table, k.r.corpID, k.date, part),
			Date: k.date, Part: part, Rows: k.rows, Bytes: sp.bytes, SHA256: sp.sha256}
		if err := k.r.putFile(ctx, fi, sp.path); err != nil {
			return err
		}
		k.files = append(k.files, fi)
	}
	return nil
}

// close finishes the last file; it returns the files written and the next
// part number.
func (k *sink[T]) close(ctx context.Context) ([]FileInfo, int64, error) {
	if err := k.roll(ctx); err != nil {
		return nil, 0, err
	}
	return k.files, k.part, nil
}

// abandon removes the open temporary files after a failure.
func (k *sink[T]) abandon() {
	for _, f := range k.open {
		if sp, err := f.finish(); err == nil {
			_ = os.Remove(sp.path)
		}
	}
	k.open = nil
}

func newFormatFile[T any](dir, format string, rowGroup int64, table string) (formatFile[T], error) {
	tmp, err := os.CreateTemp(dir, "lake-*.part")
	if err != nil {
		return nil, fmt.Errorf("lake: spool: %w", err)
	}
	h := &hashedFile{f: tmp, h: sha256.New()}
	h.w = bufio.NewWriterSize(io.MultiWriter(tmp, h.h), 256<<10)
	switch format {
	case FormatParquet:
		w := parquet.NewGenericWriter[T](h.w, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(rowGroup),
			parquet.CreatedBy("wecomadmin", "lake", ""), parquet.KeyValueMetadata("wecomadmin.table", table),
			parquet.KeyValueMetadata("wecomadmin.schema_version", strconv.Itoa(SchemaVersion)))
		return &parquetFile[T]{hashedFile: h, w: w}, nil
	case FormatJSONL:
		return &jsonlFile[T]{hashedFile: h, enc: json.NewEncoder(h.w)}, nil
	}
	_ = tmp.Close()
	_ = os.Remove(tmp.Name())
	return nil, fmt.Errorf("lake: unknown format %q", format)
}

// hashedFile is a temporary file that hashes what is written to it.
type hashedFile struct {
	f *os.File
	h hash.Hash
	w *bufio.Writer
}

func (h *hashedFile) done() (spool, error) {
	err := h.w.Flush()
	st, serr := h.f.Stat()
	if cerr := h.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = serr
	}
	if err != nil {
		_ = os.Remove(h.f.Name())
		return spool{}, err
	}
	return spool{path: h.f.Name(), bytes: st.Size(), sha256: hex.EncodeToString(h.h.Sum(nil))}, nil
}

type parquetFile[T any] struct {
	*hashedFile
	w *parquet.GenericWriter[T]
}

func (p *parquetFile[T]) write(rows []T) error {
	_, err := p.w.Write(rows)
	return err
}

func (p *parquetFile[T]) finish() (spool, error) {
	if err := p.w.Close(); err != nil {
		_ = p.f.Close()
		_ = os.Remove(p.f.Name())
		return spool{}, err
	}
	return p.done()
}

type jsonlFile[T any] struct {
	*hashedFile
	enc *json.Encoder
}

func (j *jsonlFile[T]) write(rows []T) error {
	for i := range rows {
		if err := j.enc.Encode(&rows[i]); err != nil {
			return err
		}
	}
	return nil
}

func (j *jsonlFile[T]) finish() (spool, error) { return j.done() }
