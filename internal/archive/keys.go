package archive

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Keys holds one corp's archive private keys by publickey_ver and caches
// decrypted random keys by their ciphertext, so records that share a random
// key cost one RSA operation.
type Keys struct {
	byVer map[int]*rsa.PrivateKey

	mu     sync.Mutex
	cache  map[string]string
	limit  int
	hits   atomic.Int64
	misses atomic.Int64
}

// ErrKeyVersion means no private key is held for a record's publickey_ver.
var ErrKeyVersion = errors.New("archive: no private key for this publickey_ver")

// NewKeys parses PEM private keys (PKCS#1 or PKCS#8) by version.
func NewKeys(pems map[int][]byte) (*Keys, error) {
	k := &Keys{byVer: map[int]*rsa.PrivateKey{}, cache: map[string]string{}, limit: 4096}
	for v, b := range pems {
		pk, err := parsePrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("archive: key version %d: %w", v, err)
		}
		pk.Precompute()
		k.byVer[v] = pk
	}
	return k, nil
}

func parsePrivateKey(b []byte) (*rsa.PrivateKey, error) {
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, errors.New("not PEM")
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

// Versions reports which publickey_ver have keys.
func (k *Keys) Versions() []int {
	out := make([]int, 0, len(k.byVer))
	for v := range k.byVer {
		out = append(out, v)
	}
	return out
}

// RandomKey RSA-decrypts a record's encrypt_random_key (base64) with the key
// of version ver, through the cache.
func (k *Keys) RandomKey(ver int, encrypted string) (string, error) {
	id := fmt.Sprint(ver, ":", encrypted)
	k.mu.Lock()
	if s, ok := k.cache[id]; ok {
		k.mu.Unlock()
		k.hits.Add(1)
		return s, nil
	}
	k.mu.Unlock()
	pk := k.byVer[ver]
	if pk == nil {
		return "", fmt.Errorf("%w: version %d", ErrKeyVersion, ver)
	}
	ct, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return "", fmt.Errorf("%w: encrypt_random_key: %v", errBase64, err)
	}
	k.misses.Add(1)
	//lint:ignore SA1019 WeCom mandates RSA PKCS#1 v1.5 for the archive random key (reference §7.4)
	pt, err := rsa.DecryptPKCS1v15(nil, pk, ct)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errRSA, err)
	}
	s := string(pt)
	k.mu.Lock()
	if len(k.cache) >= k.limit {
		clear(k.cache) // simple bound: shared keys repeat within a window
	}
	k.cache[id] = s
	k.mu.Unlock()
	return s, nil
}

// CacheStats returns random-key cache hits and misses (RSA operations).
func (k *Keys) CacheStats() (hits, misses int64) { return k.hits.Load(), k.misses.Load() }

var (
	errBase64 = errors.New("archive: bad base64")
	errRSA    = errors.New("archive: rsa decrypt failed")
)
