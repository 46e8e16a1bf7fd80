package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"wecomadmin/internal/secretbox"
)

// TOTP seeds are sealed at rest with security.secrets_key (the key corp
// secrets entered in the UI are sealed with), bound to the account: a
// database dump or backup no longer hands out every second factor. Without
// the key they are stored as before, and seeds stored before the key was set
// keep working until SealTOTPSeeds seals them.

// sealedPrefix starts every sealed value; base32 seeds never contain ':'.
const sealedPrefix = "v1:"

// errSeedSealed is a sealed seed with no key (or the wrong one) to open it.
var errSeedSealed = errors.New("auth: TOTP seed is sealed and security.secrets_key cannot open it")

func seedContext(username string) string { return "admin-totp/" + username }

// SetSeedBox sets the key that seals TOTP seeds (nil: stored unsealed).
func (s *Service) SetSeedBox(b *secretbox.Box) { s.box = b }

func (s *Service) sealSeed(username, seed string) (string, error) {
	if s.box == nil || seed == "" {
		return seed, nil
	}
	return s.box.Seal(seed, seedContext(username))
}

// openSeed returns the plain seed of a stored (sealed or legacy plain) one;
// an empty seed is an error, never a key to compute codes with.
func (s *Service) openSeed(username, stored string) (string, error) {
	switch {
	case stored == "":
		return "", errors.New("auth: no TOTP seed enrolled")
	case !strings.HasPrefix(stored, sealedPrefix):
		return stored, nil
	case s.box == nil:
		return "", errSeedSealed
	}
	seed, err := s.box.Open(stored, seedContext(username))
	if err != nil {
		return "", fmt.Errorf("%w: %w", errSeedSealed, err)
	}
	return seed, nil
}

// SealTOTPSeeds seals every seed still stored in plain text; run at start.
// It is idempotent and returns how many it sealed.
func (s *Service) SealTOTPSeeds(ctx context.Context) (int, error) {
	if s.box == nil {
		return 0, nil
	}
	as, err := s.st.ListAdmins(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range as {
		if a.TOTPSecret == "" || strings.HasPrefix(a.TOTPSecret, sealedPrefix) {
			continue
		}
		sealed, err := s.sealSeed(a.Username, a.TOTPSecret)
		if err != nil {
			return n, err
		}
		ok, err := s.st.SealAdminTOTP(ctx, a.ID, a.TOTPSecret, sealed)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
