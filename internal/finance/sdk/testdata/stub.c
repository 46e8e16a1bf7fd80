/* A stub of libWeWorkFinanceSdk_C.so for CI: same symbols, canned answers.
 * "crash" as the sdkfileid makes GetMediaData segfault, as the real library
 * is known to, so the worker-process isolation can be tested. */
#include <stdlib.h>
#include <string.h>
#include "WeWorkFinanceSdk_C.h"

struct WeWorkFinanceSdk_t { int ready; };

WeWorkFinanceSdk_t *NewSdk(void) { return calloc(1, sizeof(WeWorkFinanceSdk_t)); }
int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
    if (!corpid || !secret || !*secret) return 10000;
    sdk->ready = 1;
    return 0;
}
static void set(Slice_t *s, const char *v) {
    free(s->buf);
    s->len = (int)strlen(v);
    s->buf = malloc(s->len + 1);
    memcpy(s->buf, v, s->len + 1);
}
int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy,
                const char *passwd, int timeout, Slice_t *out) {
    if (!sdk->ready) return 10000;
    if (limit > 1000) return 10000;
    if (seq >= 1) { set(out, "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[]}"); return 0; }
    set(out, "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[{\"seq\":1,\"msgid\":\"stub1\",\"publickey_ver\":1,"
             "\"encrypt_random_key\":\"a2V5\",\"encrypt_chat_msg\":\"bXNn\"}]}");
    return 0;
}
int DecryptData(const char *key, const char *msg, Slice_t *out) {
    if (!key || !*key) return 10008;
    set(out, "{\"msgid\":\"stub1\",\"action\":\"send\",\"from\":\"a\",\"tolist\":[\"b\"],\"roomid\":\"\",\"msgtime\":1,"
             "\"msgtype\":\"text\",\"text\":{\"content\":\"stub\"}}");
    return 0;
}
int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *fileid, const char *proxy,
                 const char *passwd, int timeout, MediaData_t *m) {
    if (strcmp(fileid, "crash") == 0) { volatile int *p = 0; *p = 1; }
    if (strcmp(fileid, "expired") == 0) return 10010;
    free(m->data); free(m->outindexbuf);
    m->data = malloc(4); memcpy(m->data, "\x00\x01\x02\x03", 4); m->data_len = 4;
    m->outindexbuf = malloc(1); m->outindexbuf[0] = 0; m->out_len = 0;
    m->is_finish = 1;
    return 0;
}
void DestroySdk(WeWorkFinanceSdk_t *sdk) { free(sdk); }
Slice_t *NewSlice(void) { return calloc(1, sizeof(Slice_t)); }
void FreeSlice(Slice_t *s) { if (s) { free(s->buf); free(s); } }
char *GetContentFromSlice(Slice_t *s) { return s->buf; }
int GetSliceLen(Slice_t *s) { return s->len; }
MediaData_t *NewMediaData(void) { return calloc(1, sizeof(MediaData_t)); }
void FreeMediaData(MediaData_t *m) { if (m) { free(m->data); free(m->outindexbuf); free(m); } }
char *GetOutIndexBuf(MediaData_t *m) { return m->outindexbuf; }
char *GetData(MediaData_t *m) { return m->data; }
int GetIndexLen(MediaData_t *m) { return m->out_len; }
int GetDataLen(MediaData_t *m) { return m->data_len; }
int IsMediaDataFinish(MediaData_t *m) { return m->is_finish; }
