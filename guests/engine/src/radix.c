/* Number.prototype.toString(radix) for radix != 10, as V8 prints it.
   QuickJS 2021 formats only safe integers in another radix and falls back to
   decimal for everything else. V8 (DoubleToRadixCString in
   src/numbers/conversions.cc) prints the shortest digit string that still
   identifies the double: fraction digits are produced until the remaining
   fraction is smaller than half the gap to the next double, with the last
   digit rounded half to even; integer digits beyond the 53 bits a double
   holds are printed as zeros. This file reimplements that algorithm; the
   output must match V8 exactly, so the floating-point steps (and their
   order) are the same. */
#include <math.h>
#include <string.h>

static const char digit_chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* 2^53: from here on, a double's integer digits in any radix >= 2 are
   partly below its precision. */
#define TWO_POW_53 9007199254740992.0

/* Enough for the longest result: radix 2 of 2^-1074 is "0." and 1074
   digits, of the largest double 1024 digits; a number has fraction digits
   only below 2^53, so the two parts never are long at the same time. */
#define MAX_PART 1100

static int digit_value(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* d finite, 2 <= radix <= 36. Returns a static buffer, valid until the
   next call. */
const char *wd_dtoa_radix(double d, int radix)
{
    static char frac[MAX_PART];     /* fraction digits, in order */
    static char ints[MAX_PART];     /* integer digits, least significant first */
    static char out[2 * MAX_PART + 3];
    int n_frac = 0, n_int = 0, negative, digit, i;
    double integer, fraction, delta, rem;
    char *q = out;

    negative = d < 0;
    if (negative)
        d = -d;
    integer = floor(d);
    fraction = d - integer;
    /* half the distance to the next larger double, at least the smallest
       subnormal: digits below that are not part of the value */
    delta = 0.5 * (nextafter(d, INFINITY) - d);
    if (delta < 4.9406564584124654e-324)
        delta = 4.9406564584124654e-324;

    while (fraction >= delta) {
        fraction *= radix;
        delta *= radix;
        digit = (int)fraction;
        frac[n_frac++] = digit_chars[digit];
        fraction -= digit;
        /* round the last digit half to even, if rounding up stays within
           the value's precision; then stop */
        if ((fraction > 0.5 || (fraction == 0.5 && (digit & 1))) &&
            fraction + delta > 1) {
            for (;;) {
                if (n_frac == 0) {
                    /* every fraction digit carried: 0.ff... -> 1 */
                    integer += 1;
                    break;
                }
                digit = digit_value(frac[n_frac - 1]) + 1;
                if (digit < radix) {
                    frac[n_frac - 1] = digit_chars[digit];
                    break;
                }
                n_frac--;
            }
            break;
        }
    }

    /* integer digits below the double's precision are zeros */
    while (integer / radix >= TWO_POW_53) {
        integer /= radix;
        ints[n_int++] = '0';
    }
    do {
        rem = fmod(integer, radix);
        ints[n_int++] = digit_chars[(int)rem];
        integer = (integer - rem) / radix;
    } while (integer > 0);

    if (negative)
        *q++ = '-';
    for (i = n_int - 1; i >= 0; i--)
        *q++ = ints[i];
    if (n_frac > 0) {
        *q++ = '.';
        memcpy(q, frac, n_frac);
        q += n_frac;
    }
    *q = '\0';
    return out;
}
