package archive

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/wecom"
)

// MsgAudit is the part of one corp's WeCom client (archive secret) the
// consent sync needs; *wecom.Client satisfies it.
type MsgAudit interface {
	GetPermitUserList(ctx context.Context, edition int) ([]string, error)
	CheckSingleAgree(ctx context.Context, pairs []wecom.AgreePair) ([]wecom.AgreeInfo, error)
	CheckRoomAgree(ctx context.Context, roomID string) ([]wecom.AgreeInfo, error)
	GetAuditGroupChat(ctx context.Context, roomID string) (*wecom.AuditGroupChat, error)
}

// MsgAuditFor finds a corp's client (configured or added in the UI).
type MsgAuditFor func(ctx context.Context, corpID string) (MsgAudit, error)

// ConsentStore is what the consent sync needs from the store.
type ConsentStore interface {
	ReplacePermitUsers(ctx context.Context, corpID string, ids []string) error
	RecordConsent(ctx context.Context, c store.Consent, source string) (bool, error)
	SetConversationConsent(ctx context.Context, corpID, conversationID, consent string) error
	Conversations(ctx context.Context, corpID string) ([]store.Conversation, error)
	UpsertArchiveRoom(ctx context.Context, r store.ArchiveRoom) error
	ArchiveRoomByID(ctx context.Context, corpID, roomID string) (store.ArchiveRoom, error)
}

// Conversation consent values.
const (
	ConsentAgreed  = "agreed"  // every external participant agreed
	ConsentRefused = "refused" // at least one refused
	ConsentNone    = "none"    // no consent on record
)

// ConsentSyncer syncs the permit-user list, each external contact's consent
// (with history) and the room info cache.
type ConsentSyncer struct {
	api      MsgAuditFor
	st       ConsentStore
	log      *slog.Logger
	roomTTL  time.Duration
	now      func() time.Time
	maxBatch int
}

// NewConsentSyncer returns a syncer; rooms are re-fetched after a day.
func NewConsentSyncer(api MsgAuditFor, st ConsentStore, log *slog.Logger) *ConsentSyncer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &ConsentSyncer{api: api, st: st, log: log, roomTTL: 24 * time.Hour, now: time.Now, maxBatch: 100}
}

// ConsentResult summarises one sync.
type ConsentResult struct {
	PermitUsers   int
	Checked       int
	Changed       int
	NoConsent     int
	RoomsFetched  int
	NoPermitUsers bool // the archive is enabled for nobody: nothing will arrive
}

// IsExternal reports whether an id is an external contact (wm…/wo…).
func IsExternal(id string) bool { return strings.HasPrefix(id, "wm") || strings.HasPrefix(id, "wo") }

// Sync runs one consent pass for a corp.
func (s *ConsentSyncer) Sync(ctx context.Context, corpID string) (ConsentResult, error) {
	var res ConsentResult
	api, err := s.api(ctx, corpID)
	if err != nil {
		return res, fmt.Errorf("archive: WeCom client of %s: %w", corpID, err)
	}
	ids, err := api.GetPermitUserList(ctx, wecom.ArchiveAllEditions)
	if err != nil {
		return res, fmt.Errorf("archive: permit users: %w", err)
	}
	if err := s.st.ReplacePermitUsers(ctx, corpID, ids); err != nil {
		return res, err
	}
	res.PermitUsers, res.NoPermitUsers = len(ids), len(ids) == 0
	convs, err := s.st.Conversations(ctx, corpID)
	if err != nil {
		return res, err
	}
	if err := s.syncSingles(ctx, api, corpID, convs, &res); err != nil {
		return res, err
	}
	for _, c := range convs {
		if c.Kind != "group" {
			continue
		}
		if err := s.syncRoom(ctx, api, corpID, c, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

func (s *ConsentSyncer) syncSingles(ctx context.Context, api MsgAudit, corpID string, convs []store.Conversation, res *ConsentResult) error {
	var pairs []wecom.AgreePair
	convOf := map[wecom.AgreePair]string{}
	for _, c := range convs {
		if c.Kind != "single" || len(c.Participants) != 2 {
			continue
		}
		a, b := c.Participants[0], c.Participants[1]
		if IsExternal(a) {
			a, b = b, a
		}
		if IsExternal(a) || !IsExternal(b) {
			continue // internal chat, or two external contacts: no consent applies
		}
		p := wecom.AgreePair{UserID: a, ExternalOpenID: b}
		pairs = append(pairs, p)
		convOf[p] = c.ConversationID
	}
	for start := 0; start < len(pairs); start += s.maxBatch {
		batch := pairs[start:min(start+s.maxBatch, len(pairs))]
		infos, err := api.CheckSingleAgree(ctx, batch)
		if err != nil {
			return fmt.Errorf("archive: check_single_agree: %w", err)
		}
		got := map[wecom.AgreePair]wecom.AgreeInfo{}
		for _, in := range infos {
			got[wecom.AgreePair{UserID: in.UserID, ExternalOpenID: in.ExternalOpenID}] = in
		}
		for _, p := range batch {
			consent := ConsentNone
			if in, ok := got[p]; ok {
				if err := s.record(ctx, corpID, p.UserID, "", in, res); err != nil {
					return err
				}
				consent = conversationConsent([]string{in.AgreeStatus})
			} else {
				res.NoConsent++
			}
			if err := s.st.SetConversationConsent(ctx, corpID, convOf[p], consent); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *ConsentSyncer) syncRoom(ctx context.Context, api MsgAudit, corpID string, c store.Conversation, res *ConsentResult) error {
	infos, err := api.CheckRoomAgree(ctx, c.RoomID)
	if err != nil {
		return fmt.Errorf("archive: check_room_agree %s: %w", c.RoomID, err)
	}
	statuses := make([]string, 0, len(infos))
	for _, in := range infos {
		if err := s.record(ctx, corpID, "", c.RoomID, in, res); err != nil {
			return err
		}
		statuses = append(statuses, in.AgreeStatus)
	}
	consent := conversationConsent(statuses)
	if consent == ConsentNone {
		res.NoConsent++
	}
	if err := s.st.SetConversationConsent(ctx, corpID, c.ConversationID, consent); err != nil {
		return err
	}
	return s.cacheRoom(ctx, api, corpID, c.RoomID, res)
}

func (s *ConsentSyncer) record(ctx context.Context, corpID, userID, roomID string, in wecom.AgreeInfo, res *ConsentResult) error {
	res.Checked++
	changed, err := s.st.RecordConsent(ctx, store.Consent{CorpID: corpID, UserID: userID, ExternalUserID: in.ExternalOpenID,
		RoomID: roomID, Status: in.AgreeStatus, ChangedAt: in.StatusChangeTime * 1000}, "sync")
	if changed {
		res.Changed++
	}
	return err
}

// cacheRoom refreshes a room's info when older than roomTTL; a failed fetch
// is cached with its error rather than failing the sync (customer groups
// are not served by msgaudit/groupchat/get).
func (s *ConsentSyncer) cacheRoom(ctx context.Context, api MsgAudit, corpID, roomID string, res *ConsentResult) error {
	if r, err := s.st.ArchiveRoomByID(ctx, corpID, roomID); err == nil && s.now().Sub(time.UnixMilli(r.FetchedAt)) < s.roomTTL {
		return nil
	}
	row := store.ArchiveRoom{CorpID: corpID, RoomID: roomID}
	room, err := api.GetAuditGroupChat(ctx, roomID)
	if err == nil {
		row.Name, row.Creator, row.Notice, row.CreateTime = room.RoomName, room.Creator, room.Notice, room.RoomCreateTime*1000
		for _, m := range room.Members {
			row.Members = append(row.Members, m.MemberID)
		}
	} else {
		row.FetchError = err.Error()
		s.log.Warn("archive room info not fetched", "corp_id", corpID, "roomid", roomID, "err", err)
	}
	res.RoomsFetched++
	return s.st.UpsertArchiveRoom(ctx, row)
}

// conversationConsent folds the external participants' statuses.
func conversationConsent(statuses []string) string {
	if len(statuses) == 0 {
		return ConsentNone
	}
	for _, st := range statuses {
		if st == "Disagree" {
			return ConsentRefused
		}
	}
	return ConsentAgreed
}
