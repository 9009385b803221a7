#include <stdlib.h>
#include <string.h>
#include "host-api.h"

void wd_wtf8_to_utf8(char *s, size_t len)
{
    size_t i;
    for (i = 0; i + 2 < len; i++) {
        unsigned char c = (unsigned char)s[i], c1 = (unsigned char)s[i + 1];
        /* ED A0..BF xx encodes U+D800..U+DFFF */
        if (c == 0xED && c1 >= 0xA0 && c1 <= 0xBF) {
            s[i] = (char)0xEF;
            s[i + 1] = (char)0xBF;
            s[i + 2] = (char)0xBD;
            i += 2;
        }
    }
}

/* Length of the well-formed sequence at p, or 0 with *skip set to the
   maximal ill-formed subpart (WHATWG "U+FFFD per maximal subpart"). */
static size_t seq_len(const uint8_t *p, size_t n, size_t *skip)
{
    uint8_t c = p[0];
    size_t need, i;
    uint8_t lo = 0x80, hi = 0xBF;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        *skip = 1;
        return 0;
    }
    for (i = 1; i <= need; i++) {
        uint8_t b = i < n ? p[i] : 0;
        uint8_t l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (i >= n || b < l || b > h) {
            *skip = i;
            return 0;
        }
    }
    return need + 1;
}

char *wd_utf8_sanitize(const uint8_t *in, size_t len, int fatal,
                       size_t *out_len, int *malformed)
{
    /* each bad byte becomes at most 3 bytes */
    char *out = malloc(len * 3 + 1);
    size_t i = 0, o = 0;
    *malformed = 0;
    if (!out)
        return NULL;
    while (i < len) {
        size_t skip = 0, l;
        if (in[i] < 0x80) {
            out[o++] = (char)in[i++];
            continue;
        }
        l = seq_len(in + i, len - i, &skip);
        if (l) {
            memcpy(out + o, in + i, l);
            o += l;
            i += l;
        } else {
            *malformed = 1;
            if (fatal) {
                free(out);
                return NULL;
            }
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += skip;
        }
    }
    out[o] = 0;
    *out_len = o;
    return out;
}
