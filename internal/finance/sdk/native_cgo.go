//go:build financesdk

package sdk

/*
#cgo CFLAGS: -I${SRCDIR}/include
#cgo LDFLAGS: -lWeWorkFinanceSdk_C
#include <stdlib.h>
#include "WeWorkFinanceSdk_C.h"
*/
import "C"

import (
	"unsafe"
)

// cgoNative calls libWeWorkFinanceSdk_C.so. It runs only inside the worker
// process (ServeWorker), never in the portal itself.
type cgoNative struct {
	sdk *C.WeWorkFinanceSdk_t
}

// NewNative returns the native SDK (this binary was built with financesdk).
func NewNative() (Native, error) { return &cgoNative{}, nil }

func (n *cgoNative) Init(corpID, secret string) int {
	if n.sdk == nil {
		n.sdk = C.NewSdk()
	}
	cc, cs := C.CString(corpID), C.CString(secret)
	defer C.free(unsafe.Pointer(cc))
	defer C.free(unsafe.Pointer(cs))
	return int(C.Init(n.sdk, cc, cs))
}

func (n *cgoNative) GetChatData(seq uint64, limit int, proxy, passwd string, timeout int) ([]byte, int) {
	s := C.NewSlice()
	defer C.FreeSlice(s)
	cp, cw := C.CString(proxy), C.CString(passwd)
	defer C.free(unsafe.Pointer(cp))
	defer C.free(unsafe.Pointer(cw))
	rc := C.GetChatData(n.sdk, C.ulonglong(seq), C.uint(limit), cp, cw, C.int(timeout), s)
	if rc != 0 {
		return nil, int(rc)
	}
	return C.GoBytes(unsafe.Pointer(C.GetContentFromSlice(s)), C.GetSliceLen(s)), 0
}

func (n *cgoNative) DecryptData(key, msg string) ([]byte, int) {
	s := C.NewSlice()
	defer C.FreeSlice(s)
	ck, cm := C.CString(key), C.CString(msg)
	defer C.free(unsafe.Pointer(ck))
	defer C.free(unsafe.Pointer(cm))
	if rc := C.DecryptData(ck, cm, s); rc != 0 {
		return nil, int(rc)
	}
	return C.GoBytes(unsafe.Pointer(C.GetContentFromSlice(s)), C.GetSliceLen(s)), 0
}

func (n *cgoNative) GetMediaData(indexbuf, sdkfileid, proxy, passwd string, timeout int) (Media, int) {
	m := C.NewMediaData()
	defer C.FreeMediaData(m)
	ci, cf := C.CString(indexbuf), C.CString(sdkfileid)
	cp, cw := C.CString(proxy), C.CString(passwd)
	defer C.free(unsafe.Pointer(ci))
	defer C.free(unsafe.Pointer(cf))
	defer C.free(unsafe.Pointer(cp))
	defer C.free(unsafe.Pointer(cw))
	if rc := C.GetMediaData(n.sdk, ci, cf, cp, cw, C.int(timeout), m); rc != 0 {
		return Media{}, int(rc)
	}
	return Media{
		Data:        C.GoBytes(unsafe.Pointer(C.GetData(m)), C.GetDataLen(m)),
		OutIndexBuf: C.GoStringN(C.GetOutIndexBuf(m), C.GetIndexLen(m)),
		Finish:      C.IsMediaDataFinish(m) == 1,
	}, 0
}

func (n *cgoNative) Destroy() {
	if n.sdk != nil {
		C.DestroySdk(n.sdk)
		n.sdk = nil
	}
}
