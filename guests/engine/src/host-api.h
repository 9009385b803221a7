/* Native functions behind the js-pdk globals, installed as `__wd`; the
   prelude (guests/engine/prelude.js) builds the public API on top. */
#ifndef WD_HOST_API_H
#define WD_HOST_API_H

#include <stdint.h>
#include "quickjs.h"

int wd_host_api_install(JSContext *ctx);
void wd_host_invoke(int32_t slot, uint64_t *args);

/* utf8.c */
/* Rewrites lone surrogates in QuickJS's WTF-8 output to U+FFFD, in place. */
void wd_wtf8_to_utf8(char *s, size_t len);
/* WHATWG UTF-8 decode with replacement into well-formed UTF-8 (malloc'd).
   Returns NULL on allocation failure, or when fatal and the input is
   malformed (*malformed is then set). */
char *wd_utf8_sanitize(const uint8_t *in, size_t len, int fatal,
                       size_t *out_len, int *malformed);

#endif
