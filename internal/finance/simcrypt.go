package finance

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// The simulator's message encryption. Tencent does not publish DecryptData's
// algorithm (reference §7.9), so the simulator uses a documented stand-in:
//
//	random key      32 printable ASCII characters (the RSA-decrypted text)
//	AES key         those 32 bytes, AES-256
//	encrypt_chat_msg base64( IV[16] || AES-256-CBC(PKCS#7-padded plaintext) )
//
// Only SimClient.DecryptData and the simulator know this format.

// SimSeal encrypts plaintext with randomKey the way the simulator does.
func SimSeal(randomKey string, plaintext []byte) (string, error) {
	block, err := aes.NewCipher([]byte(randomKey))
	if err != nil {
		return "", fmt.Errorf("finance: sim seal: %w", err)
	}
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	buf := make([]byte, aes.BlockSize+len(plaintext)+pad)
	if _, err := rand.Read(buf[:aes.BlockSize]); err != nil {
		return "", err
	}
	copy(buf[aes.BlockSize:], plaintext)
	for i := len(buf) - pad; i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, buf[:aes.BlockSize]).CryptBlocks(buf[aes.BlockSize:], buf[aes.BlockSize:])
	return base64.StdEncoding.EncodeToString(buf), nil
}

// SimOpen reverses SimSeal. Failures are SDK code 10006 (decryption failed),
// as the native DecryptData reports them.
func SimOpen(randomKey, encryptChatMsg string) ([]byte, error) {
	if len(randomKey) != 32 {
		return nil, &Error{Code: CodeBadEncryptKey, Msg: "random key must be 32 bytes"}
	}
	raw, err := base64.StdEncoding.DecodeString(encryptChatMsg)
	if err != nil {
		return nil, &Error{Code: CodeDecrypt, Msg: "message is not base64"}
	}
	if len(raw) < 2*aes.BlockSize || len(raw)%aes.BlockSize != 0 {
		return nil, &Error{Code: CodeDecrypt, Msg: "ciphertext length"}
	}
	block, err := aes.NewCipher([]byte(randomKey))
	if err != nil {
		return nil, &Error{Code: CodeDecrypt, Msg: err.Error()}
	}
	out := make([]byte, len(raw)-aes.BlockSize)
	cipher.NewCBCDecrypter(block, raw[:aes.BlockSize]).CryptBlocks(out, raw[aes.BlockSize:])
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, &Error{Code: CodeDecrypt, Msg: "bad padding"}
	}
	for _, b := range out[len(out)-pad:] {
		if int(b) != pad {
			return nil, &Error{Code: CodeDecrypt, Msg: "bad padding"}
		}
	}
	return out[:len(out)-pad], nil
}

// ErrNoSDK means the binary was built without the financesdk tag.
var ErrNoSDK = errors.New("finance: this binary was built without the Finance SDK (build tag financesdk)")
