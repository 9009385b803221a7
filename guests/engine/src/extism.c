#include <stdlib.h>
#include <string.h>
#include "extism.h"

uint64_t wd_block_store(const uint8_t *data, size_t len)
{
    uint64_t off = extism_alloc(len);
    size_t i = 0;
    if (off == 0)
        return 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, data + i, 8);
        extism_store_u64(off + i, w);
    }
    for (; i < len; i++)
        extism_store_u8(off + i, data[i]);
    return off;
}

uint8_t *wd_block_load(uint64_t offset, size_t *len_out)
{
    size_t len, i = 0;
    uint8_t *buf;
    if (offset == 0)
        return NULL;
    len = (size_t)extism_length(offset);
    buf = malloc(len + 1); /* +1: never malloc(0), room for a NUL */
    if (!buf)
        return NULL;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = extism_load_u64(offset + i);
        memcpy(buf + i, &w, 8);
    }
    for (; i < len; i++)
        buf[i] = (uint8_t)extism_load_u8(offset + i);
    buf[len] = 0;
    *len_out = len;
    return buf;
}

uint8_t *wd_input_load(size_t *len_out)
{
    size_t len = (size_t)extism_input_length(), i = 0;
    uint8_t *buf = malloc(len + 1);
    if (!buf)
        return NULL;
    for (; i + 8 <= len; i += 8) {
        uint64_t w = extism_input_load_u64(i);
        memcpy(buf + i, &w, 8);
    }
    for (; i < len; i++)
        buf[i] = (uint8_t)extism_input_load_u8(i);
    buf[len] = 0;
    *len_out = len;
    return buf;
}

void wd_error_set_cstr(const char *msg)
{
    uint64_t off = wd_block_store((const uint8_t *)msg, strlen(msg));
    if (off)
        extism_error_set(off);
}
