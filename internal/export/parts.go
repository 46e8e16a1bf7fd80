package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
)

// part is one finished file of an export: the transcript, or one volume of
// a PDF transcript. Its bytes sit in a temp file until they are stored.
type part struct {
	Name   string // file name inside the delivered ZIP (or the download's name)
	Path   string // temp file
	SHA256 string
	Size   int64
}

// partSet creates an export's parts as hashed temp files and removes them.
type partSet struct {
	dir  string
	list []part
}

// partFile is a part being written: every byte is hashed on its way out.
type partFile struct {
	ps   *partSet
	name string
	f    *os.File
	h    hash.Hash
	n    int64
}

func (ps *partSet) create(name string) (*partFile, error) {
	f, err := os.CreateTemp(ps.dir, "export-part-*")
	if err != nil {
		return nil, fmt.Errorf("export: temp file for %s: %w", name, err)
	}
	return &partFile{ps: ps, name: name, f: f, h: sha256.New()}, nil
}

func (pf *partFile) Write(b []byte) (int, error) {
	n, err := pf.f.Write(b)
	pf.h.Write(b[:n])
	pf.n += int64(n)
	return n, err
}

// Close finishes the part and adds it to the set.
func (pf *partFile) Close() error {
	if err := pf.f.Close(); err != nil {
		os.Remove(pf.f.Name())
		return fmt.Errorf("export: finish %s: %w", pf.name, err)
	}
	pf.ps.list = append(pf.ps.list, part{Name: pf.name, Path: pf.f.Name(), SHA256: hex.EncodeToString(pf.h.Sum(nil)), Size: pf.n})
	return nil
}

// abort drops an unfinished part.
func (pf *partFile) abort() {
	pf.f.Close()
	os.Remove(pf.f.Name())
}

// cleanup removes every part's temp file.
func (ps *partSet) cleanup() {
	for _, p := range ps.list {
		os.Remove(p.Path)
	}
	ps.list = nil
}

// open reads a finished part.
func (p part) open() (*os.File, error) { return os.Open(p.Path) }

var _ io.WriteCloser = (*partFile)(nil)
