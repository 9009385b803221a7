/* The engine: one QuickJS runtime per instance. At build time the compiler
   evaluates the prelude and the policy bundle (wd_eval), collects the
   exports (wd_collect_exports) and snapshots linear memory; at run time
   each generated export calls wd_call with its index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"
#include "extism.h"
#include "host-api.h"
#include "limits.h"

#define WD_EXPORT(name) __attribute__((export_name(#name)))

static JSRuntime *rt;
static JSContext *ctx;
static JSValue *exports_fn;
static int exports_count;
/* prelude helper that settles a returned promise into a plain record */
static JSValue settle_fn;
/* set while a call runs: still set at entry means the last call trapped
   out of the middle of QuickJS, whose state can no longer be trusted */
static int in_call;

/* build-time results (error text, export names) for the compiler */
static char *result_buf;
static size_t result_len;

static void set_result(const char *s, size_t len)
{
    free(result_buf);
    result_buf = malloc(len + 1);
    if (!result_buf) {
        result_len = 0;
        return;
    }
    memcpy(result_buf, s, len);
    result_buf[len] = 0;
    result_len = len;
}

WD_EXPORT(wd_result_ptr) char *wd_result_ptr(void) { return result_buf; }
WD_EXPORT(wd_result_len) size_t wd_result_len(void) { return result_len; }
WD_EXPORT(wd_malloc) void *wd_malloc(size_t n) { return malloc(n ? n : 1); }
WD_EXPORT(wd_free) void wd_free(void *p) { free(p); }

static int ensure_runtime(void)
{
    if (ctx)
        return 0;
    rt = JS_NewRuntime();
    if (!rt)
        return -1;
    wd_limits_install(rt);
    ctx = JS_NewContext(rt);
    if (!ctx)
        return -1;
    return wd_host_api_install(ctx);
}

/* Build-time failure text: "message\0stack". */
static void report_exception(void)
{
    JSValue exc = JS_GetException(ctx);
    const char *msg = JS_ToCString(ctx, exc);
    const char *stack = NULL;
    JSValue st = JS_UNDEFINED;
    size_t ml, sl;
    char *buf;
    char limit_msg[160];
    const char *text = msg;

    if (JS_IsObject(exc)) {
        JSValue m = JS_GetPropertyStr(ctx, exc, "message");
        const char *jsmsg = JS_ToCString(ctx, m);
        if (wd_limits_describe(jsmsg, limit_msg, sizeof(limit_msg)))
            text = limit_msg;
        JS_FreeCString(ctx, jsmsg);
        JS_FreeValue(ctx, m);
        st = JS_GetPropertyStr(ctx, exc, "stack");
        if (JS_IsString(st))
            stack = JS_ToCString(ctx, st);
    }
    ml = text ? strlen(text) : 0;
    sl = stack ? strlen(stack) : 0;
    buf = malloc(ml + sl + 2);
    if (buf) {
        memcpy(buf, text ? text : "", ml);
        buf[ml] = 0;
        memcpy(buf + ml + 1, stack ? stack : "", sl);
        set_result(buf, ml + 1 + sl);
        free(buf);
    }
    JS_FreeCString(ctx, msg);
    JS_FreeCString(ctx, stack);
    JS_FreeValue(ctx, st);
    JS_FreeValue(ctx, exc);
}

static int drain_jobs(void)
{
    JSContext *c;
    while (JS_IsJobPending(rt)) {
        if (JS_ExecutePendingJob(rt, &c) < 0)
            return -1;
    }
    return 0;
}

/* Evaluates a global script. Returns 0, or 1 with the error in the result
   buffer. */
WD_EXPORT(wd_eval)
int wd_eval(const char *src, size_t len, const char *file)
{
    JSValue v;
    if (ensure_runtime() < 0) {
        set_result("engine: cannot create the JS runtime", 36);
        return 1;
    }
    wd_limits_begin_call(rt, ctx);
    v = JS_Eval(ctx, src, len, file, JS_EVAL_TYPE_GLOBAL);
    if (JS_IsException(v) || drain_jobs() < 0) {
        report_exception();
        return 1;
    }
    JS_FreeValue(ctx, v);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every function in module.exports becomes an export, sorted by name
   (js-pdk's order). Writes the names, one per line, to the result. */
WD_EXPORT(wd_collect_exports)
int wd_collect_exports(void)
{
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue module = JS_GetPropertyStr(ctx, global, "module");
    JSValue exp = JS_GetPropertyStr(ctx, module, "exports");
    JSPropertyEnum *props = NULL;
    uint32_t n = 0, i;
    const char **names = NULL;
    JSValue *fns = NULL;
    int count = 0, rc = 1;
    size_t total = 0;
    char *out = NULL, *q;

    settle_fn = JS_GetPropertyStr(ctx, global, "__wd_settle");
    if (!JS_IsFunction(ctx, settle_fn)) {
        set_result("engine: prelude missing", 23);
        goto done;
    }
    if (!JS_IsObject(exp)) {
        set_result("module.exports is not an object", 32);
        goto done;
    }
    if (JS_GetOwnPropertyNames(ctx, &props, &n, exp,
                               JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) {
        report_exception();
        goto done;
    }
    names = calloc(n + 1, sizeof(*names));
    if (!names) {
        set_result("engine: out of memory", 21);
        goto done;
    }
    for (i = 0; i < n; i++) {
        JSValue v = JS_GetProperty(ctx, exp, props[i].atom);
        if (JS_IsException(v)) {
            report_exception();
            goto done;
        }
        if (JS_IsFunction(ctx, v)) {
            const char *name = JS_AtomToCString(ctx, props[i].atom);
            JS_FreeValue(ctx, v);
            if (!name) {
                report_exception();
                goto done;
            }
            /* names travel to the compiler one per line */
            if (strchr(name, '\n') || name[0] == 0) {
                JS_FreeCString(ctx, name);
                set_result("an export name is empty or contains a newline", 45);
                goto done;
            }
            names[count++] = name;
            continue;
        }
        JS_FreeValue(ctx, v);
    }
    qsort(names, count, sizeof(*names), cmp_names);
    for (i = 0; i < (uint32_t)count; i++)
        total += strlen(names[i]) + 1;
    fns = calloc(count + 1, sizeof(*fns));
    out = malloc(total + 1);
    if (!fns || !out) {
        set_result("engine: out of memory", 21);
        goto done;
    }
    for (i = 0; i < (uint32_t)count; i++)
        fns[i] = JS_GetPropertyStr(ctx, exp, names[i]);
    q = out;
    for (i = 0; i < (uint32_t)count; i++) {
        size_t l = strlen(names[i]);
        memcpy(q, names[i], l);
        q += l;
        *q++ = '\n';
    }
    set_result(out, (size_t)(q - out));
    exports_fn = fns;
    exports_count = count;
    fns = NULL;
    rc = 0;
done:
    if (names) {
        for (i = 0; i < (uint32_t)count; i++)
            JS_FreeCString(ctx, names[i]);
        free(names);
    }
    if (props) {
        for (i = 0; i < n; i++)
            JS_FreeAtom(ctx, props[i].atom);
        js_free(ctx, props);
    }
    free(fns);
    free(out);
    JS_FreeValue(ctx, exp);
    JS_FreeValue(ctx, module);
    JS_FreeValue(ctx, global);
    JS_RunGC(rt);
    return rc;
}

/* Turns the pending exception into the Extism error of this call. */
static void fail_call(void)
{
    JSValue exc;
    const char *msg = NULL, *jsmsg = NULL;
    JSValue m = JS_UNDEFINED;
    char limit_msg[160];

    wd_limits_suspend_heap(rt);
    exc = JS_GetException(ctx);
    if (JS_IsError(ctx, exc)) {
        m = JS_GetPropertyStr(ctx, exc, "message");
        jsmsg = JS_ToCString(ctx, m);
    }
    if (wd_limits_describe(jsmsg, limit_msg, sizeof(limit_msg))) {
        wd_error_set_cstr(limit_msg);
    } else {
        msg = JS_ToCString(ctx, exc);
        wd_error_set_cstr(msg ? msg : "uncaught exception");
    }
    JS_FreeCString(ctx, msg);
    JS_FreeCString(ctx, jsmsg);
    JS_FreeValue(ctx, m);
    JS_FreeValue(ctx, exc);
    JS_DropPendingJobs(rt);
    /* a failed call may leave cycles or a heap near its limit */
    JS_RunGC(rt);
    wd_limits_resume_heap(rt);
}

/* Reads a settled record {done, ok, value}; returns the value or throws. */
static JSValue take_settled(JSValue rec)
{
    JSValue done = JS_GetPropertyStr(ctx, rec, "done");
    JSValue ok = JS_GetPropertyStr(ctx, rec, "ok");
    JSValue value = JS_GetPropertyStr(ctx, rec, "value");
    int is_done = JS_ToBool(ctx, done), is_ok = JS_ToBool(ctx, ok);
    JS_FreeValue(ctx, done);
    JS_FreeValue(ctx, ok);
    if (!is_done) {
        JS_FreeValue(ctx, value);
        return JS_ThrowTypeError(ctx, "export returned a promise that never settled (no event loop: only already-resolvable promises work)");
    }
    if (!is_ok)
        return JS_Throw(ctx, value);
    return value;
}

WD_EXPORT(wd_call)
int32_t wd_call(int32_t idx)
{
    JSValue r, rec = JS_UNDEFINED;
    const char *err;
    int32_t code = 0;

    if (in_call) {
        wd_error_set_cstr("engine: an earlier call trapped inside the engine; recreate the plugin instance");
        return 1;
    }
    if (idx < 0 || idx >= exports_count) {
        wd_error_set_cstr("engine: no such export");
        return 1;
    }
    in_call = 1;
    err = wd_limits_load(rt);
    if (err) {
        wd_error_set_cstr(err);
        in_call = 0;
        return 1;
    }
    wd_limits_begin_call(rt, ctx);
    r = JS_Call(ctx, exports_fn[idx], JS_UNDEFINED, 0, NULL);
    if (JS_IsException(r))
        goto fail;
    if (JS_IsObject(r)) {
        /* a getter or proxy here runs policy code, which may throw */
        JSValue then = JS_GetPropertyStr(ctx, r, "then");
        int thenable = JS_IsFunction(ctx, then);
        if (JS_IsException(then)) {
            JS_FreeValue(ctx, r);
            goto fail;
        }
        JS_FreeValue(ctx, then);
        if (thenable) {
            rec = JS_Call(ctx, settle_fn, JS_UNDEFINED, 1, (JSValueConst *)&r);
            JS_FreeValue(ctx, r);
            if (JS_IsException(rec))
                goto fail;
        }
    }
    if (drain_jobs() < 0) {
        JS_FreeValue(ctx, rec);
        if (JS_IsUndefined(rec))
            JS_FreeValue(ctx, r);
        goto fail;
    }
    if (!JS_IsUndefined(rec)) {
        r = take_settled(rec);
        JS_FreeValue(ctx, rec);
        if (JS_IsException(r))
            goto fail;
    }
    if (JS_IsNumber(r))
        JS_ToInt32(ctx, &code, r);
    JS_FreeValue(ctx, r);
    in_call = 0;
    return code;
fail:
    fail_call();
    in_call = 0;
    return 1;
}
