package lake

// SchemaVersion is the version of the tables' columns. Schema evolution
// adds columns only (optional, so older files read with the new schema);
// the version is in every manifest and every Parquet footer.
//
//	1: the first tables
//	2: the alerts table; messages' alert_ids, alert_labels, alert_state, alert_disposition
const SchemaVersion = 2

// Timestamps are Unix milliseconds UTC, typed as Parquet timestamps so
// Spark and ADF read them as TIMESTAMP without code.
//
// Ids are Parquet INT64 but JSON strings ("id": "9007199254740993"): a
// JSON number past 2^53 loses digits in JavaScript, ADF's JSON source and
// most dataframe readers, so every id and seq column is quoted in JSONL
// (and the watermarks in manifests and CLI output). Counts, sizes and
// times stay numbers.

// MessageRow is one archived message with its parties, conversation, media
// and transcripts resolved.
type MessageRow struct {
	CorpID           string     `parquet:"corp_id,dict" json:"corp_id"`
	ID               int64      `parquet:"id" json:"id,string"`
	MsgID            string     `parquet:"msgid" json:"msgid"`
	Seq              int64      `parquet:"seq" json:"seq,string"`
	Action           string     `parquet:"action,dict" json:"action"`
	MsgType          string     `parquet:"msgtype,dict" json:"msgtype"`
	MsgTime          int64      `parquet:"msgtime,timestamp(millisecond)" json:"msgtime"`
	FromID           string     `parquet:"from_id,dict" json:"from_id"`
	FromName         string     `parquet:"from_name" json:"from_name"`
	FromKind         string     `parquet:"from_kind,dict" json:"from_kind"` // employee, contact, or "" when unknown
	FromDepartment   string     `parquet:"from_department,dict" json:"from_department"`
	ToIDs            []string   `parquet:"to_ids,list" json:"to_ids"`
	ToNames          []string   `parquet:"to_names,list" json:"to_names"`
	ToDepartments    []string   `parquet:"to_departments,list" json:"to_departments"`
	RoomID           string     `parquet:"roomid,dict" json:"roomid"`
	RoomName         string     `parquet:"room_name" json:"room_name"`
	ConversationID   string     `parquet:"conversation_id,dict" json:"conversation_id"`
	ConversationKind string     `parquet:"conversation_kind,dict" json:"conversation_kind"`
	Consent          string     `parquet:"consent,dict" json:"consent"`
	Content          string     `parquet:"content" json:"content"`
	RecallOf         string     `parquet:"recall_of" json:"recall_of"` // a revoke: the msgid it recalls
	ParseStatus      string     `parquet:"parse_status,dict" json:"parse_status"`
	Meta             string     `parquet:"meta,json" json:"meta"` // typed body fields by msgtype
	Raw              string     `parquet:"raw,json" json:"raw"`   // decrypted record; "{}" when PII is masked
	Media            []MediaRef `parquet:"media,list" json:"media"`
	Transcript       string     `parquet:"transcript" json:"transcript"`
	CreatedAt        int64      `parquet:"created_at,timestamp(millisecond)" json:"created_at"`
	// Monitoring, as it stood when the message was exported (version 2; the
	// alerts table follows later reviews): the message's alerts, the union
	// of their labels, the least advanced state (open, in_review, closed;
	// "" without alerts) and the disposition of the latest decided one.
	AlertIDs         IDList   `parquet:"alert_ids,list" json:"alert_ids"`
	AlertLabels      []string `parquet:"alert_labels,list" json:"alert_labels"`
	AlertState       string   `parquet:"alert_state,dict" json:"alert_state"`
	AlertDisposition string   `parquet:"alert_disposition,dict" json:"alert_disposition"`
}

// MediaRef is one file of a message: its content hashes and pipeline state;
// LakeKey names the copied file when the corp exports media bytes.
type MediaRef struct {
	MediaID       int64  `parquet:"media_id" json:"media_id,string"`
	Kind          string `parquet:"kind,dict" json:"kind"`
	Filename      string `parquet:"filename" json:"filename"`
	ContentType   string `parquet:"content_type,dict" json:"content_type"`
	Size          int64  `parquet:"size" json:"size"`
	MD5           string `parquet:"md5" json:"md5"`
	SHA256        string `parquet:"sha256" json:"sha256"`
	State         string `parquet:"state,dict" json:"state"`
	ScanResult    string `parquet:"scan_result,dict" json:"scan_result"`
	ScanSignature string `parquet:"scan_signature" json:"scan_signature"`
	Quarantined   bool   `parquet:"quarantined" json:"quarantined"`
	DurationMS    int64  `parquet:"duration_ms" json:"duration_ms"`
	TranscriptLng string `parquet:"transcript_language,dict" json:"transcript_language"`
	Transcript    string `parquet:"transcript" json:"transcript"`
	LakeKey       string `parquet:"lake_key" json:"lake_key"`
}

// MediaRow is one media file's current state (the media table follows
// state changes after the message was exported).
type MediaRow struct {
	CorpID    string   `parquet:"corp_id,dict" json:"corp_id"`
	MsgID     string   `parquet:"msgid" json:"msgid"`
	File      MediaRef `parquet:"file" json:"file"`
	UpdatedAt int64    `parquet:"updated_at,timestamp(millisecond)" json:"updated_at"`
}

// ConversationRow is one conversation's current state.
type ConversationRow struct {
	CorpID         string   `parquet:"corp_id,dict" json:"corp_id"`
	ConversationID string   `parquet:"conversation_id" json:"conversation_id"`
	Kind           string   `parquet:"kind,dict" json:"kind"`
	RoomID         string   `parquet:"roomid" json:"roomid"`
	RoomName       string   `parquet:"room_name" json:"room_name"`
	Participants   []string `parquet:"participants,list" json:"participants"`
	FirstMsgTime   int64    `parquet:"first_msgtime,timestamp(millisecond)" json:"first_msgtime"`
	LastMsgTime    int64    `parquet:"last_msgtime,timestamp(millisecond)" json:"last_msgtime"`
	MessageCount   int64    `parquet:"message_count" json:"message_count"`
	Consent        string   `parquet:"consent,dict" json:"consent"`
	UpdatedAt      int64    `parquet:"updated_at,timestamp(millisecond)" json:"updated_at"`
}

// EmployeeRow is one employee's current state.
type EmployeeRow struct {
	CorpID           string `parquet:"corp_id,dict" json:"corp_id"`
	ID               int64  `parquet:"id" json:"id,string"`
	EmployeeID       string `parquet:"employee_id" json:"employee_id"`
	UserID           string `parquet:"userid" json:"userid"`
	Name             string `parquet:"name" json:"name"`
	Email            string `parquet:"email" json:"email"`
	Mobile           string `parquet:"mobile" json:"mobile"`
	Department       string `parquet:"department,dict" json:"department"`
	Title            string `parquet:"title,dict" json:"title"`
	HRStatus         string `parquet:"hr_status,dict" json:"hr_status"`
	WeComStatus      int32  `parquet:"wecom_status" json:"wecom_status"`
	ArchiveLicence   bool   `parquet:"archive_licence" json:"archive_licence"`
	ArchivePermitted bool   `parquet:"archive_permitted" json:"archive_permitted"`
	LeftAt           int64  `parquet:"left_at" json:"left_at"`
	UpdatedAt        int64  `parquet:"updated_at,timestamp(millisecond)" json:"updated_at"`
}

// ContactRow is one external contact's current state.
type ContactRow struct {
	CorpID         string `parquet:"corp_id,dict" json:"corp_id"`
	ExternalUserID string `parquet:"external_userid" json:"external_userid"`
	Name           string `parquet:"name" json:"name"`
	ContactType    int32  `parquet:"contact_type" json:"contact_type"`
	Unionid        string `parquet:"unionid" json:"unionid"`
	CorpName       string `parquet:"corp_name" json:"corp_name"`
	Position       string `parquet:"position" json:"position"`
	UpdatedAt      int64  `parquet:"updated_at,timestamp(millisecond)" json:"updated_at"`
}

// RelationRow is one employee–contact relationship's current state.
type RelationRow struct {
	CorpID         string `parquet:"corp_id,dict" json:"corp_id"`
	ID             int64  `parquet:"id" json:"id,string"`
	UserID         string `parquet:"userid" json:"userid"`
	ExternalUserID string `parquet:"external_userid" json:"external_userid"`
	State          string `parquet:"state,dict" json:"state"`
	Remark         string `parquet:"remark" json:"remark"`
	AddWay         int32  `parquet:"add_way" json:"add_way"`
	AddedAt        int64  `parquet:"added_at,timestamp(millisecond)" json:"added_at"`
	UpdatedAt      int64  `parquet:"updated_at,timestamp(millisecond)" json:"updated_at"`
}

// AuditRow is one audit-trail entry with its chain hashes.
type AuditRow struct {
	CorpID    string `parquet:"corp_id,dict" json:"corp_id"`
	ID        int64  `parquet:"id" json:"id,string"`
	At        int64  `parquet:"at,timestamp(millisecond)" json:"at"`
	Actor     string `parquet:"actor,dict" json:"actor"`
	ActorType string `parquet:"actor_type,dict" json:"actor_type"`
	IP        string `parquet:"ip" json:"ip"`
	Action    string `parquet:"action,dict" json:"action"`
	Target    string `parquet:"target" json:"target"`
	Outcome   string `parquet:"outcome,dict" json:"outcome"`
	Reason    string `parquet:"reason" json:"reason"`
	RequestID string `parquet:"request_id" json:"request_id"`
	Metadata  string `parquet:"metadata,json" json:"metadata"`
	PrevHash  string `parquet:"prev_hash" json:"prev_hash"`
	Hash      string `parquet:"hash" json:"hash"`
}

// TombstoneRow is a message retention deleted: the lake should delete it too.
type TombstoneRow struct {
	CorpID    string `parquet:"corp_id,dict" json:"corp_id"`
	ID        int64  `parquet:"id" json:"id,string"`
	MsgID     string `parquet:"msgid" json:"msgid"`
	MessageID int64  `parquet:"message_id" json:"message_id,string"`
	MsgTime   int64  `parquet:"msgtime,timestamp(millisecond)" json:"msgtime"`
	Reason    string `parquet:"reason,dict" json:"reason"`
	DeletedAt int64  `parquet:"deleted_at,timestamp(millisecond)" json:"deleted_at"`
}

// AlertRow is one version of a monitoring alert (version 2): a changed
// alert is exported again, so readers keep the newest row per id (by
// updated_at). Times that have not happened (closed_at, due_at,
// dispositioned_at) are null; hits is the detectors' JSON array.
type AlertRow struct {
	CorpID          string   `parquet:"corp_id,dict" json:"corp_id"`
	ID              int64    `parquet:"id" json:"id,string"`
	MsgID           string   `parquet:"msgid" json:"msgid"`
	ConversationID  string   `parquet:"conversation_id,dict" json:"conversation_id"`
	MsgTime         int64    `parquet:"msgtime,timestamp(millisecond)" json:"msgtime"`
	Employee        string   `parquet:"employee,dict" json:"employee"`
	Labels          []string `parquet:"labels,list" json:"labels"`
	Severity        string   `parquet:"severity,dict" json:"severity"`
	State           string   `parquet:"state,dict" json:"state"`
	Assignee        string   `parquet:"assignee,dict" json:"assignee"`
	Disposition     string   `parquet:"disposition,dict" json:"disposition"`
	CaseNumber      string   `parquet:"case_number" json:"case_number"`
	DispositionedBy string   `parquet:"dispositioned_by,dict" json:"dispositioned_by"`
	DispositionedAt *int64   `parquet:"dispositioned_at,optional,timestamp(millisecond)" json:"dispositioned_at"`
	NeedsApproval   bool     `parquet:"needs_approval" json:"needs_approval"`
	ClosedAt        *int64   `parquet:"closed_at,optional,timestamp(millisecond)" json:"closed_at"`
	DueAt           *int64   `parquet:"due_at,optional,timestamp(millisecond)" json:"due_at"`
	PolicyVersion   string   `parquet:"policy_version,dict" json:"policy_version"`
	QCSample        bool     `parquet:"qc_sample" json:"qc_sample"`
	Hits            string   `parquet:"hits,json" json:"hits"`
	CreatedAt       int64    `parquet:"created_at,timestamp(millisecond)" json:"created_at"`
	UpdatedAt       int64    `parquet:"updated_at,timestamp(millisecond)" json:"updated_at"`
}
