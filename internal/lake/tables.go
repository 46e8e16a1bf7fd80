package lake

import (
	"context"

	"wecomadmin/internal/store"
)

// tableOut is what one table's export wrote.
type tableOut struct {
	files []FileInfo
	rows  int64
	next  int64 // the next part number
}

// table is one exported table: its name (the layout's TABLE) and exporter.
type table struct {
	name   string
	export func(ctx context.Context, r *run, w Window) (tableOut, error)
}

// tables in export order. The watermark column of each is in
// store.LakeBound: id for append-only tables, updated_at for the others.
var tables = []table{
	{"messages", exportMessages},
	{"media", exportMedia},
	{"conversations", exportConversations},
	{"employees", exportEmployees},
	{"contacts", exportContacts},
	{"relations", exportRelations},
	{"audit", exportAudit},
	{"tombstones", exportTombstones},
	{"alerts", exportAlerts},
}

// Tables lists the exported tables' names.
func Tables() []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.name
	}
	return out
}

// paged streams a table: fetch returns the page after last (nil at the
// start), conv turns a page into rows, date names a row's partition.
func paged[Src, Row any](ctx context.Context, r *run, name string, w Window,
	fetch func(last *Src) ([]Src, error), conv func([]Src) ([]Row, error), date func(*Row) string) (tableOut, error) {
	k := newSink[Row](r, name, w.FirstPart)
	defer k.abandon()
	var out tableOut
	var last *Src
	for {
		page, err := fetch(last)
		if err != nil {
			return out, err
		}
		if len(page) == 0 {
			break
		}
		rows, err := conv(page)
		if err != nil {
			return out, err
		}
		for i := range rows {
			if err := k.add(ctx, date(&rows[i]), rows[i]); err != nil {
				return out, err
			}
		}
		out.rows += int64(len(rows))
		last = &page[len(page)-1]
	}
	files, next, err := k.close(ctx)
	out.files, out.next = files, next
	if out.files == nil {
		out.files = []FileInfo{}
	}
	return out, err
}

func exportMessages(ctx context.Context, r *run, w Window) (tableOut, error) {
	res := newResolver(r)
	first, err := r.s.st.LakeFirstMsgTime(ctx, r.corpID, w.From, w.To)
	if err != nil {
		return tableOut{}, err
	}
	return paged(ctx, r, "messages", w, func(last *store.Message) ([]store.Message, error) {
		afterT, afterID := first, int64(0)
		if last != nil {
			afterT, afterID = last.MsgTime, last.ID
		}
		return r.s.st.LakeMessages(ctx, r.corpID, w.From, w.To, afterT, afterID, r.s.o.PageRows)
	}, func(page []store.Message) ([]MessageRow, error) { return res.messages(ctx, page) },
		func(m *MessageRow) string { return day(m.MsgTime) })
}

func exportMedia(ctx context.Context, r *run, w Window) (tableOut, error) {
	res := newResolver(r)
	return paged(ctx, r, "media", w, func(last *store.Media) ([]store.Media, error) {
		afterT, afterID := w.From, int64(0)
		if last != nil {
			afterT, afterID = last.UpdatedAt, last.ID
		}
		return r.s.st.LakeMedia(ctx, r.corpID, w.From, w.To, afterT, afterID, r.s.o.PageRows)
	}, func(page []store.Media) ([]MediaRow, error) {
		out := make([]MediaRow, 0, len(page))
		ts, err := r.s.st.LakeTranscripts(ctx, mediaIDs(page))
		if err != nil {
			return nil, err
		}
		for _, m := range page {
			ref, err := res.mediaRef(ctx, m, ts[m.ID])
			if err != nil {
				return nil, err
			}
			out = append(out, MediaRow{CorpID: m.CorpID, MsgID: m.MsgID, File: ref, UpdatedAt: m.UpdatedAt})
		}
		return out, nil
	}, func(m *MediaRow) string { return day(m.UpdatedAt) })
}

func exportConversations(ctx context.Context, r *run, w Window) (tableOut, error) {
	return paged(ctx, r, "conversations", w, func(last *store.LakeConversation) ([]store.LakeConversation, error) {
		afterT, afterKey := w.From, ""
		if last != nil {
			afterT, afterKey = last.UpdatedAt, last.ConversationID
		}
		return r.s.st.LakeConversations(ctx, r.corpID, w.From, w.To, afterT, afterKey, r.s.o.PageRows)
	}, func(page []store.LakeConversation) ([]ConversationRow, error) {
		var rooms []string
		for _, c := range page {
			if c.RoomID != "" {
				rooms = append(rooms, c.RoomID)
			}
		}
		names, err := r.s.st.RoomNames(ctx, r.corpID, rooms)
		if err != nil {
			return nil, err
		}
		out := make([]ConversationRow, len(page))
		for i, c := range page {
			p := c.Participants
			if p == nil {
				p = []string{}
			}
			out[i] = ConversationRow{CorpID: c.CorpID, ConversationID: c.ConversationID, Kind: c.Kind, RoomID: c.RoomID,
				RoomName: names[c.RoomID], Participants: p, FirstMsgTime: c.FirstMsgTime, LastMsgTime: c.LastMsgTime,
				MessageCount: c.MessageCount, Consent: c.Consent, UpdatedAt: c.UpdatedAt}
		}
		return out, nil
	}, func(c *ConversationRow) string { return day(c.UpdatedAt) })
}

func exportEmployees(ctx context.Context, r *run, w Window) (tableOut, error) {
	mask := r.settings.MaskPII
	return paged(ctx, r, "employees", w, func(last *store.Employee) ([]store.Employee, error) {
		afterT, afterID := w.From, int64(0)
		if last != nil {
			afterT, afterID = last.UpdatedAt, last.ID
		}
		return r.s.st.LakeEmployees(ctx, r.corpID, w.From, w.To, afterT, afterID, r.s.o.PageRows)
	}, func(page []store.Employee) ([]EmployeeRow, error) {
		out := make([]EmployeeRow, len(page))
		for i, e := range page {
			if mask {
				e.Email, e.Mobile = maskEmail(e.Email), maskMobile(e.Mobile)
			}
			out[i] = EmployeeRow{CorpID: e.CorpID, ID: e.ID, EmployeeID: e.EmployeeID, UserID: e.UserID, Name: e.Name,
				Email: e.Email, Mobile: e.Mobile, Department: e.DepartmentPath, Title: e.Title, HRStatus: e.HRStatus,
				WeComStatus: int32(e.WeComStatus), ArchiveLicence: e.ArchiveLicence, ArchivePermitted: e.ArchivePermitted,
				LeftAt: e.LeftAt, UpdatedAt: e.UpdatedAt}
		}
		return out, nil
	}, func(e *EmployeeRow) string { return day(e.UpdatedAt) })
}

func exportContacts(ctx context.Context, r *run, w Window) (tableOut, error) {
	mask := r.settings.MaskPII
	return paged(ctx, r, "contacts", w, func(last *store.ExternalContact) ([]store.ExternalContact, error) {
		afterT, afterKey := w.From, ""
		if last != nil {
			afterT, afterKey = last.UpdatedAt, last.ExternalUserID
		}
		return r.s.st.LakeContacts(ctx, r.corpID, w.From, w.To, afterT, afterKey, r.s.o.PageRows)
	}, func(page []store.ExternalContact) ([]ContactRow, error) {
		out := make([]ContactRow, len(page))
		for i, c := range page {
			if mask {
				c.Name, c.Unionid = maskName(c.Name), maskMobile(c.Unionid)
			}
			out[i] = ContactRow{CorpID: c.CorpID, ExternalUserID: c.ExternalUserID, Name: c.Name,
				ContactType: int32(c.ContactType), Unionid: c.Unionid, CorpName: c.CorpName, Position: c.Position,
				UpdatedAt: c.UpdatedAt}
		}
		return out, nil
	}, func(c *ContactRow) string { return day(c.UpdatedAt) })
}

func exportRelations(ctx context.Context, r *run, w Window) (tableOut, error) {
	return paged(ctx, r, "relations", w, func(last *store.FollowRelation) ([]store.FollowRelation, error) {
		afterT, afterID := w.From, int64(0)
		if last != nil {
			afterT, afterID = last.UpdatedAt, last.ID
		}
		return r.s.st.LakeRelations(ctx, r.corpID, w.From, w.To, afterT, afterID, r.s.o.PageRows)
	}, func(page []store.FollowRelation) ([]RelationRow, error) {
		out := make([]RelationRow, len(page))
		for i, f := range page {
			out[i] = RelationRow{CorpID: f.CorpID, ID: f.ID, UserID: f.UserID, ExternalUserID: f.ExternalUserID,
				State: f.State, Remark: f.Remark, AddWay: int32(f.AddWay), AddedAt: f.AddedAt, UpdatedAt: f.UpdatedAt}
		}
		return out, nil
	}, func(f *RelationRow) string { return day(f.UpdatedAt) })
}

func exportAudit(ctx context.Context, r *run, w Window) (tableOut, error) {
	return paged(ctx, r, "audit", w, func(last *store.AuditEvent) ([]store.AuditEvent, error) {
		after := w.From
		if last != nil {
			after = last.ID
		}
		return r.s.st.LakeAudit(ctx, storeCorp(r.corpID), after, w.To, r.s.o.PageRows)
	}, func(page []store.AuditEvent) ([]AuditRow, error) {
		out := make([]AuditRow, len(page))
		for i, e := range page {
			out[i] = AuditRow{CorpID: e.CorpID, ID: e.ID, At: e.At, Actor: e.Actor, ActorType: e.ActorType, IP: e.IP,
				Action: e.Action, Target: e.Target, Outcome: e.Outcome, Reason: e.Reason, RequestID: e.RequestID,
				Metadata: e.Metadata, PrevHash: e.PrevHash, Hash: e.Hash}
		}
		return out, nil
	}, func(a *AuditRow) string { return day(a.At) })
}

func exportTombstones(ctx context.Context, r *run, w Window) (tableOut, error) {
	return paged(ctx, r, "tombstones", w, func(last *store.LakeTombstone) ([]store.LakeTombstone, error) {
		after := w.From
		if last != nil {
			after = last.ID
		}
		return r.s.st.LakeTombstones(ctx, r.corpID, after, w.To, r.s.o.PageRows)
	}, func(page []store.LakeTombstone) ([]TombstoneRow, error) {
		out := make([]TombstoneRow, len(page))
		for i, t := range page {
			out[i] = TombstoneRow{CorpID: t.CorpID, ID: t.ID, MsgID: t.MsgID, MessageID: t.MessageID, MsgTime: t.MsgTime,
				Reason: t.Reason, DeletedAt: t.DeletedAt}
		}
		return out, nil
	}, func(t *TombstoneRow) string { return day(t.DeletedAt) })
}

func exportAlerts(ctx context.Context, r *run, w Window) (tableOut, error) {
	return paged(ctx, r, "alerts", w, func(last *store.Alert) ([]store.Alert, error) {
		afterT, afterID := w.From, int64(0)
		if last != nil {
			afterT, afterID = last.UpdatedAt, last.ID
		}
		return r.s.st.LakeAlerts(ctx, r.corpID, w.From, w.To, afterT, afterID, r.s.o.PageRows)
	}, func(page []store.Alert) ([]AlertRow, error) {
		out := make([]AlertRow, len(page))
		for i, a := range page {
			out[i] = alertRow(a)
		}
		return out, nil
	}, func(a *AlertRow) string { return day(a.UpdatedAt) })
}

func alertRow(a store.Alert) AlertRow {
	labels := a.Labels
	if labels == nil {
		labels = []string{}
	}
	return AlertRow{CorpID: a.CorpID, ID: a.ID, MsgID: a.MsgID, ConversationID: a.ConversationID, MsgTime: a.MsgTime,
		Employee: a.Employee, Labels: labels, Severity: a.Severity, State: a.State, Assignee: a.Assignee,
		Disposition: a.Disposition, CaseNumber: a.CaseNumber, DispositionedBy: a.DispositionedBy,
		DispositionedAt: nullTime(a.DispositionedAt), NeedsApproval: a.NeedsApproval, ClosedAt: nullTime(a.ClosedAt),
		DueAt:         nullTime(a.DueAt),
		PolicyVersion: a.PolicyVersion, QCSample: a.QCSample, Hits: a.Hits, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

// nullTime is nil for 0, the store's "not yet" (Parquet null, JSON null).
func nullTime(ms int64) *int64 {
	if ms == 0 {
		return nil
	}
	return &ms
}

func mediaIDs(ms []store.Media) []int64 {
	out := make([]int64, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
