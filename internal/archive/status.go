package archive

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"wecomadmin/internal/finance"
)

// Ingest statuses: what an operator reads when "nothing arrives".
const (
	StatusOK                = "ok"                  // the last pull stored records
	StatusNoNewData         = "no_new_data"         // pulled fine, nothing new
	StatusNeverReceived     = "never_received"      // pulls work but the archive has never returned a record
	StatusKeyVersionMissing = "key_version_missing" // records under a publickey_ver we hold no key for
	StatusWrongSecret       = "wrong_secret"        // 40001/40013/42001/48002: secret or corp id wrong, or not the archive secret
	StatusNoPermit          = "no_permit"           // 301052/301053: archive service expired or not enabled
	StatusIPNotAllowed      = "ip_not_allowed"      // 10009/41001: server IP not in the archive trusted IPs
	StatusUnreachable       = "unreachable"         // transient failures outlasted the retries
	StatusError             = "error"
)

// Diagnose maps a pull error to a status.
func Diagnose(err error) string {
	var fe *finance.Error
	if !errors.As(err, &fe) {
		return StatusError
	}
	if fe.API {
		switch fe.Code {
		case 40001, 40013, 42001, 40014, 48002:
			return StatusWrongSecret
		case 301052, 301053:
			return StatusNoPermit
		case 41001:
			return StatusIPNotAllowed
		}
		return StatusError
	}
	switch {
	case fe.Code == finance.CodeIPNotAllowed:
		return StatusIPNotAllowed
	case fe.Code == finance.CodeKeyNotFound:
		return StatusKeyVersionMissing
	case fe.Transient():
		return StatusUnreachable
	}
	return StatusError
}

func (in *Ingester) recordStatus(ctx context.Context, corpID string, startSeq int64, res *SyncResult, err error) {
	if ctx.Err() != nil {
		return
	}
	msg := ""
	switch {
	case err != nil:
		res.Status, msg = Diagnose(err), err.Error()
	case res.Records == 0 && startSeq == 0:
		res.Status = StatusNeverReceived
	case res.Records == 0:
		res.Status = StatusNoNewData
	default:
		res.Status = StatusOK
	}
	if err == nil && res.Quarantined > 0 {
		if st, e := in.st.ArchiveStats(ctx, corpID); e == nil && st.Quarantined["key_version_missing"] > 0 {
			res.Status, msg = StatusKeyVersionMissing, "records arrived under a publickey_ver with no private key configured"
		}
	}
	if e := in.st.SetArchiveStatus(ctx, corpID, res.Status, msg, err == nil); e != nil {
		in.opt.Log.Warn("archive status not saved", "corp_id", corpID, "err", e)
	}
}

// safeText makes a string storable in both stores: PostgreSQL TEXT refuses
// NUL and invalid UTF-8, so NUL becomes a space and bad bytes U+FFFD.
func safeText(s string) string {
	if strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", " ")
}
