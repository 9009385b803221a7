#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "extism.h"
#include "limits.h"

/* Defaults hold for a policy decision with a wide margin. The stack budget
   is measured on the 1 MiB shadow stack, but deep recursion also spends the
   host's native stack (V8: ~984 KiB, 1.4x to 5x the shadow bytes depending
   on the path). 128 KiB stays clear of it even when the host has used half
   of its stack; the 256 KiB cap needs a shallow host stack (README). */
#define DEFAULT_MAX_OPS 10000000ull
#define DEFAULT_MAX_HEAP (64u << 20)
#define DEFAULT_MAX_STACK (128u << 10)
#define MAX_STACK_CAP (256u << 10)
#define MIN_HEAP (1u << 20)
#define MIN_STACK (16u << 10)

#define WD_LIMIT_HEAP 1
#define WD_LIMIT_STACK 2

static uint64_t max_ops = DEFAULT_MAX_OPS;
static size_t max_heap = DEFAULT_MAX_HEAP;
static size_t max_stack = DEFAULT_MAX_STACK;
static int loaded;

static uint64_t ops_used;
static int ops_hit, heap_hit, stack_hit;

static int on_interrupt(JSRuntime *rt, void *opaque)
{
    (void)rt;
    (void)opaque;
    ops_used += WD_OPS_BLOCK;
    if (ops_used > max_ops)
        ops_hit = 1;
    return ops_hit;
}

/* Called by the patched QuickJS when it throws "out of memory" or
   "stack overflow". */
void wd_limit_event(int kind)
{
    if (kind == WD_LIMIT_HEAP)
        heap_hit = 1;
    else if (kind == WD_LIMIT_STACK)
        stack_hit = 1;
}

static void apply(JSRuntime *rt)
{
    JS_SetMemoryLimit(rt, max_heap);
    JS_SetMaxStackSize(rt, max_stack);
}

void wd_limits_install(JSRuntime *rt)
{
    JS_SetInterruptHandler(rt, on_interrupt, NULL);
    apply(rt);
}

/* Returns 0 when unset, 1 when parsed, -1 when malformed. */
static int config_u64(const char *key, uint64_t *out)
{
    uint64_t key_off = wd_block_store((const uint8_t *)key, strlen(key));
    uint64_t val_off;
    uint8_t *val;
    size_t len, i;
    uint64_t n = 0;

    if (!key_off)
        return -1;
    val_off = extism_config_get(key_off); /* the host frees the key */
    if (!val_off)
        return 0;
    val = wd_block_load(val_off, &len);
    extism_free(val_off);
    if (!val)
        return -1;
    if (len == 0 || len > 19) {
        free(val);
        return -1;
    }
    for (i = 0; i < len; i++) {
        if (val[i] < '0' || val[i] > '9') {
            free(val);
            return -1;
        }
        n = n * 10 + (val[i] - '0');
    }
    free(val);
    *out = n;
    return 1;
}

const char *wd_limits_load(JSRuntime *rt)
{
    uint64_t v;
    int r;
    if (loaded)
        return NULL;
    loaded = 1;
    r = config_u64("wasmdriver.max_ops", &v);
    if (r < 0 || (r > 0 && v == 0))
        return "invalid config wasmdriver.max_ops: expected a positive integer";
    if (r > 0)
        max_ops = v;
    r = config_u64("wasmdriver.max_heap_bytes", &v);
    if (r < 0 || (r > 0 && v < MIN_HEAP))
        return "invalid config wasmdriver.max_heap_bytes: expected an integer >= 1048576";
    if (r > 0)
        max_heap = v > 0xffffffffu ? 0xffffffffu : (size_t)v;
    r = config_u64("wasmdriver.max_stack_bytes", &v);
    if (r < 0 || (r > 0 && (v < MIN_STACK || v > MAX_STACK_CAP)))
        return "invalid config wasmdriver.max_stack_bytes: expected an integer from 16384 to 262144";
    if (r > 0)
        max_stack = (size_t)v;
    apply(rt);
    return NULL;
}

/* Top-level policy code runs at build time, where a larger operation budget
   lets it precompute tables; the compiler turns it off before the snapshot,
   which would otherwise keep it. */
#define BUILD_MAX_OPS 50000000ull

__attribute__((export_name("wd_build_budget")))
void wd_build_budget(int32_t on)
{
    max_ops = on ? BUILD_MAX_OPS : DEFAULT_MAX_OPS;
}

void wd_limits_begin_call(JSRuntime *rt, JSContext *ctx)
{
    ops_used = 0;
    ops_hit = heap_hit = stack_hit = 0;
    JS_ResetInterruptCounter(ctx);
    /* the stack check measures from here */
    JS_UpdateStackTop(rt);
}

int wd_limits_describe(const char *js_message, char *out, size_t out_size)
{
    if (ops_hit) {
        snprintf(out, out_size,
                 "limit exceeded: operations (budget of %llu operations per call)",
                 (unsigned long long)max_ops);
        return 1;
    }
    if (stack_hit && js_message && strcmp(js_message, "stack overflow") == 0) {
        snprintf(out, out_size,
                 "limit exceeded: stack (budget of %lu bytes per call)",
                 (unsigned long)max_stack);
        return 1;
    }
    if (heap_hit && (!js_message || strncmp(js_message, "out of memory", 13) == 0)) {
        snprintf(out, out_size,
                 "limit exceeded: heap (budget of %lu bytes)",
                 (unsigned long)max_heap);
        return 1;
    }
    return 0;
}

void wd_limits_suspend_heap(JSRuntime *rt)
{
    JS_SetMemoryLimit(rt, (size_t)-1);
}

void wd_limits_resume_heap(JSRuntime *rt)
{
    JS_SetMemoryLimit(rt, max_heap);
}
