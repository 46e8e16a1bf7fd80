package httpapi

import (
	"context"
	"net/http"

	"wecomadmin/internal/accounts"
)

// CorpArchiveService is the archive settings of corps added through the API.
type CorpArchiveService interface {
	Archive(ctx context.Context, ref string) (accounts.ArchiveView, error)
	SaveArchive(ctx context.Context, ref string, in accounts.ArchiveInput) (accounts.ArchiveView, error)
	AddArchiveKey(ctx context.Context, ref string, in accounts.ArchiveKeyInput) (accounts.ArchiveKeyView, error)
}

// getCorpArchive shows a corp's archive settings: source, URL, whether the
// secret is set, and its keys by version with their fingerprints (never a
// secret or a private key).
func (s *Server) getCorpArchive(w http.ResponseWriter, r *http.Request) error {
	v, err := s.d.Accounts.Archive(r.Context(), r.PathValue("key"))
	return answer(w, http.StatusOK, v, err)
}

// putCorpArchive sets the archive source, URL and (write-only) secret.
func (s *Server) putCorpArchive(w http.ResponseWriter, r *http.Request) error {
	var in accounts.ArchiveInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.d.Accounts.SaveArchive(r.Context(), r.PathValue("key"), in)
	return answer(w, http.StatusOK, v, err)
}

// addCorpArchiveKey adds a private key for a new publickey_ver.
func (s *Server) addCorpArchiveKey(w http.ResponseWriter, r *http.Request) error {
	var in accounts.ArchiveKeyInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.d.Accounts.AddArchiveKey(r.Context(), r.PathValue("key"), in)
	return answer(w, http.StatusCreated, v, err)
}
