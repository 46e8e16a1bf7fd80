// Package finance is the conversation-archive source: the Finance SDK's
// three calls (GetChatData, DecryptData, GetMediaData) behind one interface,
// with the SDK's return codes as typed errors. Implementations: the native
// SDK in a child worker process (sub-package sdk, build tag financesdk) and
// the simulator client (SimClient).
package finance

import "context"

// MaxLimit is the most records GetChatData returns in one call.
const MaxLimit = 1000

// ChunkSize is the most media bytes one GetMediaData call returns.
const ChunkSize = 512 * 1024

// Record is one encrypted chat record as GetChatData returns it.
type Record struct {
	Seq              uint64 `json:"seq"`
	MsgID            string `json:"msgid"`
	PublicKeyVer     int    `json:"publickey_ver"`
	EncryptRandomKey string `json:"encrypt_random_key"` // base64 RSA PKCS#1 v1.5 ciphertext
	EncryptChatMsg   string `json:"encrypt_chat_msg"`   // opaque to us; only DecryptData reads it
}

// MediaChunk is one GetMediaData result. Feed OutIndexBuf into the next call
// until Finish.
type MediaChunk struct {
	Data        []byte
	OutIndexBuf string
	Finish      bool
}

// ChatRequest is one GetChatData call.
type ChatRequest struct {
	Seq     uint64 // records with seq > Seq
	Limit   int    // 1..MaxLimit
	Timeout int    // seconds; 0 = implementation default
}

// Source is the archive of one corp, with the SDK's semantics.
type Source interface {
	// GetChatData returns records with seq greater than req.Seq, in seq order.
	GetChatData(ctx context.Context, req ChatRequest) ([]Record, error)
	// DecryptData turns a record's message into its plaintext JSON, given the
	// random key already RSA-decrypted by the caller (as text).
	DecryptData(ctx context.Context, randomKey, encryptChatMsg string) ([]byte, error)
	// GetMediaData returns one chunk of the file named by sdkfileid; indexbuf
	// is "" for the first call, then the previous OutIndexBuf.
	GetMediaData(ctx context.Context, sdkfileid, indexbuf string) (MediaChunk, error)
	// Close releases the SDK handle or worker process.
	Close() error
}
