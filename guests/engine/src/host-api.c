#include <stdlib.h>
#include <string.h>
#include "extism.h"
#include "host-api.h"

#define MAX_SAFE_INT 9007199254740991LL

/* Extism offsets are 64-bit; they surface in JS as numbers while exact,
   BigInt beyond. */
static JSValue from_i64(JSContext *ctx, int64_t v)
{
    if (v >= -MAX_SAFE_INT && v <= MAX_SAFE_INT)
        return JS_NewInt64(ctx, v);
    return JS_NewBigInt64(ctx, v);
}

static int to_i64(JSContext *ctx, int64_t *out, JSValueConst v)
{
    return JS_ToInt64Ext(ctx, out, v);
}

static JSValue new_buffer_owned(JSContext *ctx, uint8_t *data, size_t len)
{
    JSValue ab = JS_NewArrayBufferCopy(ctx, data, len);
    free(data);
    return ab;
}

/* Borrowed bytes of a string (as UTF-8), ArrayBuffer or view. *tmp must be
   released with release_bytes. */
typedef struct {
    const uint8_t *data;
    size_t len;
    const char *cstr;
    JSValue buf;
} bytes_t;

static int get_bytes(JSContext *ctx, JSValueConst v, bytes_t *b)
{
    size_t off, len, bpe;
    memset(b, 0, sizeof(*b));
    b->buf = JS_UNDEFINED;
    if (JS_IsString(v)) {
        b->cstr = JS_ToCStringLen(ctx, &b->len, v);
        if (!b->cstr)
            return -1;
        wd_wtf8_to_utf8((char *)b->cstr, b->len);
        b->data = (const uint8_t *)b->cstr;
        return 0;
    }
    b->data = JS_GetArrayBuffer(ctx, &b->len, v);
    if (b->data)
        return 0;
    JS_FreeValue(ctx, JS_GetException(ctx));
    b->buf = JS_GetTypedArrayBuffer(ctx, v, &off, &len, &bpe);
    if (JS_IsException(b->buf)) {
        JS_FreeValue(ctx, JS_GetException(ctx));
        JS_ThrowTypeError(ctx, "expected a string, ArrayBuffer or typed array");
        return -1;
    }
    b->data = JS_GetArrayBuffer(ctx, &b->len, b->buf);
    if (!b->data)
        return -1;
    b->data += off;
    b->len = len;
    return 0;
}

static void release_bytes(JSContext *ctx, bytes_t *b)
{
    if (b->cstr)
        JS_FreeCString(ctx, b->cstr);
    JS_FreeValue(ctx, b->buf);
}

static uint64_t store_value(JSContext *ctx, JSValueConst v, int *err)
{
    bytes_t b;
    uint64_t off;
    *err = 0;
    if (get_bytes(ctx, v, &b) < 0) {
        *err = 1;
        return 0;
    }
    off = wd_block_store(b.data, b.len);
    release_bytes(ctx, &b);
    if (!off) {
        JS_ThrowInternalError(ctx, "extism: alloc failed");
        *err = 1;
    }
    return off;
}

static JSValue js_input_bytes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len;
    uint8_t *data = wd_input_load(&len);
    if (!data)
        return JS_ThrowOutOfMemory(ctx);
    return new_buffer_owned(ctx, data, len);
}

static JSValue js_input_string(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len, slen;
    int bad;
    uint8_t *data = wd_input_load(&len);
    char *s;
    JSValue r;
    if (!data)
        return JS_ThrowOutOfMemory(ctx);
    s = wd_utf8_sanitize(data, len, 0, &slen, &bad);
    free(data);
    if (!s)
        return JS_ThrowOutOfMemory(ctx);
    r = JS_NewStringLen(ctx, s, slen);
    free(s);
    return r;
}

static JSValue js_output(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int err;
    uint64_t off = store_value(ctx, argv[0], &err);
    if (err)
        return JS_EXCEPTION;
    extism_output_set(off, extism_length(off));
    return JS_TRUE;
}

/* Looks a key up through a getter that takes and frees a key block. */
static JSValue lookup(JSContext *ctx, JSValueConst key, uint64_t (*get)(uint64_t), int as_string)
{
    int err, bad;
    uint64_t k = store_value(ctx, key, &err), v;
    uint8_t *data;
    size_t len, slen;
    char *s;
    JSValue r;
    if (err)
        return JS_EXCEPTION;
    v = get(k);
    if (!v)
        return JS_NULL;
    data = wd_block_load(v, &len);
    extism_free(v);
    if (!data)
        return JS_ThrowOutOfMemory(ctx);
    if (!as_string)
        return new_buffer_owned(ctx, data, len);
    s = wd_utf8_sanitize(data, len, 0, &slen, &bad);
    free(data);
    if (!s)
        return JS_ThrowOutOfMemory(ctx);
    r = JS_NewStringLen(ctx, s, slen);
    free(s);
    return r;
}

static JSValue js_config_get(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return lookup(ctx, argv[0], extism_config_get, 1);
}

static JSValue js_var_get(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return lookup(ctx, argv[0], extism_var_get, 0);
}

static JSValue js_var_set(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int err;
    uint64_t k = store_value(ctx, argv[0], &err), v = 0;
    if (err)
        return JS_EXCEPTION;
    if (!JS_IsNull(argv[1]) && !JS_IsUndefined(argv[1])) {
        v = store_value(ctx, argv[1], &err);
        if (err) {
            extism_free(k);
            return JS_EXCEPTION;
        }
    }
    /* value 0 deletes the variable */
    extism_var_set(k, v);
    extism_free(k);
    if (v)
        extism_free(v);
    return JS_UNDEFINED;
}

/* level: 1 debug, 2 info, 3 warn, 4 error (Extism priorities) */
static JSValue js_log(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t level;
    int err;
    uint64_t off;
    if (JS_ToInt32(ctx, &level, argv[0]) < 0)
        return JS_EXCEPTION;
    if (level < extism_get_log_level())
        return JS_UNDEFINED;
    off = store_value(ctx, argv[1], &err);
    if (err)
        return JS_EXCEPTION;
    switch (level) {
    case 1: extism_log_debug(off); break;
    case 2: extism_log_info(off); break;
    case 3: extism_log_warn(off); break;
    default: extism_log_error(off); break;
    }
    return JS_UNDEFINED;
}

static JSValue js_log_level(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return JS_NewInt64(ctx, extism_get_log_level());
}

static JSValue js_mem_store(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int err;
    uint64_t off = store_value(ctx, argv[0], &err);
    if (err)
        return JS_EXCEPTION;
    return from_i64(ctx, (int64_t)off);
}

static JSValue js_mem_length(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int64_t off;
    if (to_i64(ctx, &off, argv[0]) < 0)
        return JS_EXCEPTION;
    return from_i64(ctx, (int64_t)extism_length((uint64_t)off));
}

static JSValue js_mem_read(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int64_t off;
    size_t len;
    uint8_t *data;
    if (to_i64(ctx, &off, argv[0]) < 0)
        return JS_EXCEPTION;
    data = wd_block_load((uint64_t)off, &len);
    if (!data)
        return off ? JS_ThrowOutOfMemory(ctx) : JS_ThrowRangeError(ctx, "memory offset 0 is not a block");
    return new_buffer_owned(ctx, data, len);
}

static JSValue js_mem_free(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int64_t off;
    if (to_i64(ctx, &off, argv[0]) < 0)
        return JS_EXCEPTION;
    extism_free((uint64_t)off);
    return JS_UNDEFINED;
}

/* hostCall(slot, paramTypes, resultType, ...args); types: i I32, l I64,
   f F32, d F64, v no result. */
static JSValue js_host_call(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t slot;
    uint64_t args[5] = { 0 };
    const char *types = NULL, *rtype = NULL;
    size_t ntypes, i;
    char rt;
    JSValue r = JS_EXCEPTION;

    if (JS_ToInt32(ctx, &slot, argv[0]) < 0)
        return JS_EXCEPTION;
    types = JS_ToCStringLen(ctx, &ntypes, argv[1]);
    rtype = JS_ToCString(ctx, argv[2]);
    if (!types || !rtype || ntypes > 5)
        goto done;
    for (i = 0; i < ntypes; i++) {
        JSValueConst a = (int)(i + 3) < argc ? argv[i + 3] : JS_UNDEFINED;
        switch (types[i]) {
        case 'i': {
            int32_t v;
            if (JS_ToInt32(ctx, &v, a) < 0) goto done;
            memcpy(&args[i], &v, 4);
            break;
        }
        case 'l': {
            int64_t v;
            if (to_i64(ctx, &v, a) < 0) goto done;
            memcpy(&args[i], &v, 8);
            break;
        }
        case 'f': {
            double d;
            float f;
            if (JS_ToFloat64(ctx, &d, a) < 0) goto done;
            f = (float)d;
            memcpy(&args[i], &f, 4);
            break;
        }
        default: {
            double d;
            if (JS_ToFloat64(ctx, &d, a) < 0) goto done;
            memcpy(&args[i], &d, 8);
            break;
        }
        }
    }
    wd_host_invoke(slot, args);
    rt = rtype[0];
    if (rt == 'i') {
        int32_t v;
        memcpy(&v, &args[0], 4);
        r = JS_NewInt32(ctx, v);
    } else if (rt == 'l') {
        int64_t v;
        memcpy(&v, &args[0], 8);
        r = from_i64(ctx, v);
    } else if (rt == 'f') {
        float f;
        memcpy(&f, &args[0], 4);
        r = JS_NewFloat64(ctx, f);
    } else if (rt == 'd') {
        double d;
        memcpy(&d, &args[0], 8);
        r = JS_NewFloat64(ctx, d);
    } else {
        r = JS_UNDEFINED;
    }
done:
    JS_FreeCString(ctx, types);
    JS_FreeCString(ctx, rtype);
    return r;
}

static JSValue js_utf8_encode(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, argv[0]);
    JSValue r;
    if (!s)
        return JS_EXCEPTION;
    wd_wtf8_to_utf8((char *)s, len);
    r = JS_NewArrayBufferCopy(ctx, (const uint8_t *)s, len);
    JS_FreeCString(ctx, s);
    return r;
}

/* utf8Decode(bytes, fatal) */
static JSValue js_utf8_decode(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    bytes_t b;
    size_t slen;
    int bad;
    char *s;
    JSValue r;
    if (get_bytes(ctx, argv[0], &b) < 0)
        return JS_EXCEPTION;
    s = wd_utf8_sanitize(b.data, b.len, JS_ToBool(ctx, argv[1]), &slen, &bad);
    release_bytes(ctx, &b);
    if (!s)
        return bad ? JS_ThrowTypeError(ctx, "The encoded data was not valid for encoding utf-8")
                   : JS_ThrowOutOfMemory(ctx);
    r = JS_NewStringLen(ctx, s, slen);
    free(s);
    return r;
}

static const JSCFunctionListEntry wd_funcs[] = {
    JS_CFUNC_DEF("inputBytes", 0, js_input_bytes),
    JS_CFUNC_DEF("inputString", 0, js_input_string),
    JS_CFUNC_DEF("output", 1, js_output),
    JS_CFUNC_DEF("configGet", 1, js_config_get),
    JS_CFUNC_DEF("varGet", 1, js_var_get),
    JS_CFUNC_DEF("varSet", 2, js_var_set),
    JS_CFUNC_DEF("log", 2, js_log),
    JS_CFUNC_DEF("logLevel", 0, js_log_level),
    JS_CFUNC_DEF("memStore", 1, js_mem_store),
    JS_CFUNC_DEF("memLength", 1, js_mem_length),
    JS_CFUNC_DEF("memRead", 1, js_mem_read),
    JS_CFUNC_DEF("memFree", 1, js_mem_free),
    JS_CFUNC_DEF("hostCall", 3, js_host_call),
    JS_CFUNC_DEF("utf8Encode", 1, js_utf8_encode),
    JS_CFUNC_DEF("utf8Decode", 2, js_utf8_decode),
};

int wd_host_api_install(JSContext *ctx)
{
    JSValue global = JS_GetGlobalObject(ctx);
    JSValue wd = JS_NewObject(ctx);
    int rc = 0;
    JS_SetPropertyFunctionList(ctx, wd, wd_funcs, sizeof(wd_funcs) / sizeof(wd_funcs[0]));
    if (JS_SetPropertyStr(ctx, global, "__wd", wd) < 0)
        rc = -1;
    JS_FreeValue(ctx, global);
    return rc;
}
