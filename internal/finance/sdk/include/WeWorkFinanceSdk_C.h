/*
 * WeWorkFinanceSdk_C.h — declarations of Tencent's Finance SDK C API, written
 * from the documented signatures (reference §7.2) so the cgo adapter compiles
 * and is vetted in CI without the vendor library. At run time the real
 * libWeWorkFinanceSdk_C.so (Linux x86_64/arm64, glibc) is linked instead of
 * the test stub.
 */
#ifndef WEWORK_FINANCE_SDK_C_H
#define WEWORK_FINANCE_SDK_C_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct WeWorkFinanceSdk_t WeWorkFinanceSdk_t;

typedef struct Slice_t {
    char *buf;
    int len;
} Slice_t;

typedef struct MediaData {
    char *outindexbuf;
    int out_len;
    char *data;
    int data_len;
    int is_finish;
} MediaData_t;

WeWorkFinanceSdk_t *NewSdk(void);
int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret);
int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy,
                const char *passwd, int timeout, Slice_t *chatDatas);
int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg);
int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid, const char *proxy,
                 const char *passwd, int timeout, MediaData_t *media_data);
void DestroySdk(WeWorkFinanceSdk_t *sdk);

Slice_t *NewSlice(void);
void FreeSlice(Slice_t *slice);
char *GetContentFromSlice(Slice_t *slice);
int GetSliceLen(Slice_t *slice);

MediaData_t *NewMediaData(void);
void FreeMediaData(MediaData_t *media_data);
char *GetOutIndexBuf(MediaData_t *media_data);
char *GetData(MediaData_t *media_data);
int GetIndexLen(MediaData_t *media_data);
int GetDataLen(MediaData_t *media_data);
int IsMediaDataFinish(MediaData_t *media_data);

#ifdef __cplusplus
}
#endif

#endif
