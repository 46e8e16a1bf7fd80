package archivesim

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
)

// KeyRing holds the archive's RSA-2048 key pairs by publickey_ver. The
// simulator encrypts with the public half; a portal is given the private
// half (v<N>.pem) as its archive_keys.
type KeyRing struct {
	keys map[int]*rsa.PrivateKey
}

// NewKeyRing generates versions 1..n in memory (tests).
func NewKeyRing(n int) (*KeyRing, error) {
	kr := &KeyRing{keys: map[int]*rsa.PrivateKey{}}
	for v := 1; v <= n; v++ {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, fmt.Errorf("archivesim: generate key v%d: %w", v, err)
		}
		kr.keys[v] = k
	}
	return kr, nil
}

var pemName = regexp.MustCompile(`^v([0-9]+)\.pem$`)

// LoadKeyDir reads every v<N>.pem in dir and creates v1..v<n> that are
// missing, so a restarted simulator keeps the keys a portal was given.
func LoadKeyDir(dir string, n int) (*KeyRing, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("archivesim: keys dir: %w", err)
	}
	kr := &KeyRing{keys: map[int]*rsa.PrivateKey{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("archivesim: keys dir: %w", err)
	}
	for _, e := range entries {
		m := pemName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		v, _ := strconv.Atoi(m[1])
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("archivesim: read %s: %w", e.Name(), err)
		}
		k, err := ParsePrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("archivesim: %s: %w", e.Name(), err)
		}
		kr.keys[v] = k
	}
	for v := 1; v <= n; v++ {
		if kr.keys[v] != nil {
			continue
		}
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, err
		}
		p := filepath.Join(dir, fmt.Sprintf("v%d.pem", v))
		if err := os.WriteFile(p, EncodePrivateKey(k), 0o600); err != nil {
			return nil, fmt.Errorf("archivesim: write %s: %w", p, err)
		}
		kr.keys[v] = k
	}
	return kr, nil
}

// Versions lists the key versions, ascending.
func (kr *KeyRing) Versions() []int {
	out := make([]int, 0, len(kr.keys))
	for v := range kr.keys {
		out = append(out, v)
	}
	sort.Ints(out)
	return out
}

// Private returns the private key of version v, or nil.
func (kr *KeyRing) Private(v int) *rsa.PrivateKey { return kr.keys[v] }

// PEM returns version v's private key as PKCS#1 PEM (what admins keep).
func (kr *KeyRing) PEM(v int) []byte {
	if k := kr.keys[v]; k != nil {
		return EncodePrivateKey(k)
	}
	return nil
}

// EncodePrivateKey renders a PKCS#1 "RSA PRIVATE KEY" PEM block.
func EncodePrivateKey(k *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

// ParsePrivateKey reads a PKCS#1 or PKCS#8 PEM RSA private key.
func ParsePrivateKey(b []byte) (*rsa.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("no PEM block")
	}
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return rk, nil
}
