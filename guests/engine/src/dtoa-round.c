/* Number formatting for toFixed/toExponential/toPrecision.
   ECMA-262 rounds the exact binary value half away from zero. QuickJS gets
   that by switching the FPU rounding mode around printf, which wasi lacks,
   so here musl's printf writes the exact decimal expansion and we round it. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Adds one unit in the last place of digits[0..n-1]; returns the carry out. */
static int round_up(char *digits, int n)
{
    int i;
    for (i = n - 1; i >= 0; i--) {
        if (digits[i] != '9') {
            digits[i]++;
            return 0;
        }
        digits[i] = '0';
    }
    return 1;
}

/* n_digits significant digits (1..101) of |d|, d finite and non-zero or 0. */
int wd_ecvt_fixed(double d, int n_digits, int *decpt, int *sign, char *buf)
{
    /* a double has at most 767 significant decimal digits */
    static char tmp[900];
    char digits[128];
    int exp10, i;

    *sign = signbit(d) != 0;
    snprintf(tmp, sizeof(tmp), "%.800e", fabs(d));
    /* tmp = "D.DDDD...e[+-]XX" */
    digits[0] = tmp[0];
    for (i = 1; i <= n_digits; i++)
        digits[i] = tmp[i + 1];
    exp10 = atoi(strchr(tmp, 'e') + 1);
    if (digits[n_digits] >= '5' && round_up(digits, n_digits)) {
        digits[0] = '1'; /* 9.99 -> 10.0: all others are already '0' */
        exp10++;
    }
    memcpy(buf, digits, n_digits);
    buf[n_digits] = '\0';
    *decpt = exp10 + 1;
    return n_digits;
}

/* toFixed: |d| < 1e21, 0 <= n_digits <= 100; writes "[-]I[.F]". */
void wd_fcvt(char *buf, int buf_size, double d, int n_digits)
{
    /* |d| < 1e21 has <= 22 integer digits; 1074 fraction digits are exact */
    static char tmp[1200];
    static char digits[1200];
    char *dot, *q = buf;
    int int_len, n, i;

    snprintf(tmp, sizeof(tmp), "%.1100f", fabs(d));
    dot = strchr(tmp, '.');
    int_len = (int)(dot - tmp);
    memcpy(digits, tmp, int_len);
    memcpy(digits + int_len, dot + 1, n_digits + 1);
    n = int_len + n_digits;
    if (digits[n] >= '5' && round_up(digits, n)) {
        memmove(digits + 1, digits, n);
        digits[0] = '1';
        n++;
        int_len++;
    }
    if (d < 0)
        *q++ = '-';
    /* "%.f" of |d| < 1 gives a single leading '0', keep it */
    for (i = 0; i < int_len && q < buf + buf_size - 1; i++)
        *q++ = digits[i];
    if (n_digits > 0) {
        *q++ = '.';
        for (i = int_len; i < n && q < buf + buf_size - 1; i++)
            *q++ = digits[i];
    }
    *q = '\0';
}
