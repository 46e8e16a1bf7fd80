package lake

import (
	"context"
	"encoding/json"
	"slices"

	"wecomadmin/internal/store"
)

// resolver turns stored messages into lake rows: names and departments of
// the parties, the room's name, the conversation's kind and consent, media
// with hashes, scan state and transcripts. It looks up one page at a time.
type resolver struct {
	r *run
}

func newResolver(r *run) *resolver { return &resolver{r: r} }

// pageRefs is what one page of messages refers to.
type pageRefs struct {
	parties map[string]store.PartyName
	rooms   map[string]string
	convs   map[string]store.LakeConversation
	media   map[string][]MediaRef // by msgid
	alerts  map[string][]store.Alert
}

func (v *resolver) lookups(ctx context.Context, page []store.Message, tos [][]string) (pageRefs, error) {
	st, corp := v.r.s.st, v.r.corpID
	var ids, rooms, convs, withMedia []string
	for i, m := range page {
		ids = append(append(ids, m.From), tos[i]...)
		if m.RoomID != "" {
			rooms = append(rooms, m.RoomID)
		}
		convs = append(convs, m.ConversationID)
		if m.HasMedia > 0 {
			withMedia = append(withMedia, m.MsgID)
		}
	}
	var refs pageRefs
	var err error
	if refs.parties, err = st.PartyNames(ctx, corp, uniq(ids)); err != nil {
		return refs, err
	}
	if refs.rooms, err = st.RoomNames(ctx, corp, uniq(rooms)); err != nil {
		return refs, err
	}
	if refs.convs, err = st.LakeConversationsOf(ctx, corp, uniq(convs)); err != nil {
		return refs, err
	}
	msgids := make([]string, len(page))
	for i, m := range page {
		msgids[i] = m.MsgID
	}
	if refs.alerts, err = st.LakeAlertsOf(ctx, corp, msgids); err != nil {
		return refs, err
	}
	files, err := st.LakeMediaOf(ctx, corp, withMedia)
	if err != nil {
		return refs, err
	}
	ts, err := st.LakeTranscripts(ctx, mediaIDs(files))
	if err != nil {
		return refs, err
	}
	refs.media = map[string][]MediaRef{}
	for _, f := range files {
		ref, err := v.mediaRef(ctx, f, ts[f.ID])
		if err != nil {
			return refs, err
		}
		refs.media[f.MsgID] = append(refs.media[f.MsgID], ref)
	}
	return refs, nil
}

func (v *resolver) messages(ctx context.Context, page []store.Message) ([]MessageRow, error) {
	tos := make([][]string, len(page))
	for i, m := range page {
		if err := json.Unmarshal([]byte(m.ToList), &tos[i]); err != nil || tos[i] == nil {
			tos[i] = []string{}
		}
	}
	refs, err := v.lookups(ctx, page, tos)
	if err != nil {
		return nil, err
	}
	mask := v.r.settings.MaskPII
	out := make([]MessageRow, len(page))
	for i, m := range page {
		from := refs.parties[m.From]
		conv := refs.convs[m.ConversationID]
		row := MessageRow{CorpID: m.CorpID, ID: m.ID, MsgID: m.MsgID, Seq: m.Seq, Action: m.Action, MsgType: m.MsgType,
			MsgTime: m.MsgTime, FromID: m.From, FromName: v.name(from, mask), FromKind: from.Kind,
			FromDepartment: from.Department, ToIDs: tos[i], ToNames: make([]string, len(tos[i])),
			ToDepartments: make([]string, len(tos[i])), RoomID: m.RoomID, RoomName: refs.rooms[m.RoomID],
			ConversationID: m.ConversationID, ConversationKind: conv.Kind, Consent: conv.Consent, Content: m.Content,
			ParseStatus: m.ParseStatus, Meta: m.Meta, Raw: m.Raw, Media: refs.media[m.MsgID], CreatedAt: m.CreatedAt}
		if m.MsgType == "revoke" || m.Action == "recall" {
			row.RecallOf = m.PreMsgID
		}
		for j, id := range tos[i] {
			p := refs.parties[id]
			row.ToNames[j], row.ToDepartments[j] = v.name(p, mask), p.Department
		}
		if row.Media == nil {
			row.Media = []MediaRef{}
		}
		for _, f := range row.Media {
			if f.Transcript != "" {
				row.Transcript += f.Transcript
			}
		}
		if mask {
			row.Raw = "{}" // the record names the parties in full
		}
		setAlerts(&row, refs.alerts[m.MsgID])
		out[i] = row
	}
	return out, nil
}

// alertRank orders review states, least advanced first (an unknown state
// counts as open).
func alertRank(state string) int {
	switch state {
	case "in_review":
		return 1
	case "closed":
		return 2
	}
	return 0
}

// setAlerts fills a message's monitoring columns from its alerts (id order).
func setAlerts(row *MessageRow, as []store.Alert) {
	row.AlertIDs, row.AlertLabels = IDList{}, []string{}
	var decided int64
	for _, a := range as {
		row.AlertIDs = append(row.AlertIDs, a.ID)
		row.AlertLabels = append(row.AlertLabels, a.Labels...)
		if row.AlertState == "" || alertRank(a.State) < alertRank(row.AlertState) {
			row.AlertState = a.State
		}
		if a.Disposition != "" && a.UpdatedAt >= decided {
			row.AlertDisposition, decided = a.Disposition, a.UpdatedAt
		}
	}
	row.AlertLabels = uniq(row.AlertLabels)
}

// name is a party's display name; contacts' names are masked when PII is.
func (v *resolver) name(p store.PartyName, mask bool) string {
	if mask && p.Kind == "contact" {
		return maskName(p.Name)
	}
	return p.Name
}

func (v *resolver) mediaRef(ctx context.Context, m store.Media, t store.Transcript) (MediaRef, error) {
	ref := MediaRef{MediaID: m.ID, Kind: m.Kind, Filename: m.Filename, ContentType: m.ContentType, Size: m.Size,
		MD5: m.MD5Sum, SHA256: m.SHA256, State: m.State, ScanResult: m.ScanResult, ScanSignature: m.ScanSignature,
		Quarantined: m.Quarantined, DurationMS: m.DurationMS, TranscriptLng: t.Language, Transcript: t.Text}
	if !v.r.settings.MediaBytes || v.r.s.media == nil || m.BlobKey == "" || m.SHA256 == "" ||
		m.Quarantined || m.ScanResult != "clean" {
		return ref, nil
	}
	key, err := v.r.mediaObject(ctx, m)
	ref.LakeKey = key
	return ref, err
}

func uniq(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}
