package wecom

// WeCom errcodes the portal branches on by number. Features compare
// Code(err) with these (or match the sentinels in errors.go); no other
// package spells an errcode.
const (
	CodeSystemBusy          = -1
	CodeInvalidUserID       = 40003
	CodeInvalidCode         = 40029 // auth/get_tfa_info: code used, expired or foreign
	CodeInvalidExternalUser = 40096
	CodeNotResigned         = 40097 // 离职继承 of a member still in the corp
	CodeNotRealName         = 40098 // the member has not verified their real name
	CodeQuotaFull           = 40099 // the successor's customer limit is reached
	CodeInTransfer          = 40100 // the customer is already in a transfer
	CodeTransferTooOften    = 40128 // two transfers per customer in 90 days
	CodeTransferInProgress  = 40129
	CodeInvalidTFACode      = 40207
	CodeWelcomeExpired      = 41050
	CodeAlreadyChatting     = 41051
	CodeArchiveNoConsent    = 41053
	CodeWelcomeSending      = 41096 // WeCom sends the corp's own welcome message
	CodeFrequencyLimit      = 45009
	CodeConcurrencyLimit    = 45033
	CodeUserNotFoundOld     = 46004
	CodeUserIDExists        = 60102
	CodeMobileExists        = 60104
	CodeEmailExists         = 60106
	CodeUserNotFound        = 60111
	CodeNotExternalContact  = 84061
	CodeNotCustomerGroup    = 90501
	CodeGroupInheriting     = 90507
	CodeUserIDInvalid       = 301021
)

// Errcodes is every WeCom errcode the portal knows, with what it means.
// The web UI translates exactly these (web/src/locales/parts/people.ts,
// people.wecomErr); TestUITranslatesErrcodes keeps the two tables equal.
var Errcodes = map[int]string{
	CodeSystemBusy:          "system busy",
	6000:                    "data version conflict",
	40001:                   "invalid secret",
	CodeInvalidUserID:       "invalid userid",
	40013:                   "invalid corp id",
	40014:                   "invalid access token",
	CodeInvalidCode:         "invalid code",
	40066:                   "invalid department list",
	40091:                   "invalid secret",
	CodeInvalidExternalUser: "invalid external_userid",
	CodeNotResigned:         "the member has not left",
	CodeNotRealName:         "the member is not real-name verified",
	CodeQuotaFull:           "the successor's customer limit is reached",
	CodeInTransfer:          "the customer is already in a transfer",
	CodeTransferTooOften:    "customer transferred too often",
	CodeTransferInProgress:  "the customer is being transferred",
	40130:                   "handover and takeover are the same member",
	40131:                   "the handover member does not follow the customer",
	CodeInvalidTFACode:      "invalid tfa code",
	40208:                   "member not in tfa scope",
	CodeWelcomeExpired:      "welcome code invalid or expired",
	CodeAlreadyChatting:     "member and customer already chatted",
	CodeArchiveNoConsent:    "customer has not agreed to archiving",
	CodeWelcomeSending:      "WeCom is sending the corp's welcome message",
	42001:                   "access token expired",
	CodeFrequencyLimit:      "frequency limit",
	CodeConcurrencyLimit:    "concurrency limit",
	CodeUserNotFoundOld:     "user not found",
	48001:                   "api not authorized",
	48002:                   "api not authorized",
	48006:                   "api not authorized",
	48009:                   "api not authorized",
	60003:                   "department not found",
	60011:                   "outside the app's visible range",
	60020:                   "caller ip not trusted",
	60021:                   "outside the app's visible range",
	CodeUserIDExists:        "userid already exists",
	60103:                   "invalid mobile",
	CodeMobileExists:        "mobile already exists",
	60105:                   "invalid email",
	CodeEmailExists:         "email already exists",
	CodeUserNotFound:        "user not found",
	60112:                   "invalid member name",
	60123:                   "department not found",
	CodeNotExternalContact:  "no external-contact relationship",
	84074:                   "no external contact permission",
	90500:                   "the group owner has not left",
	CodeNotCustomerGroup:    "not a customer group",
	CodeGroupInheriting:     "the group is already being inherited",
	90508:                   "the group was already inherited",
	301005:                  "the corp creator cannot be deleted",
	CodeUserIDInvalid:       "invalid userid",
	301052:                  "conversation archive expired",
	301053:                  "conversation archive not enabled",
}
