/* Per-call limits: operation budget, heap and stack. */
#ifndef WD_LIMITS_H
#define WD_LIMITS_H

#include <stdint.h>
#include "quickjs.h"

/* Operations are counted in blocks of this many interpreter ticks (see
   README): QuickJS polls its interrupt handler once per block. */
#define WD_OPS_BLOCK 10000

void wd_limits_install(JSRuntime *rt);
/* Reads the wasmdriver.* config keys on the first call. Returns an error
   message for an invalid value, NULL when fine. */
const char *wd_limits_load(JSRuntime *rt);
void wd_limits_begin_call(JSRuntime *rt, JSContext *ctx);
/* When the pending failure came from a limit, writes its message. */
int wd_limits_describe(const char *js_message, char *out, size_t out_size);
/* Lifts the heap limit while an error is being reported. */
void wd_limits_suspend_heap(JSRuntime *rt);
void wd_limits_resume_heap(JSRuntime *rt);

#endif
