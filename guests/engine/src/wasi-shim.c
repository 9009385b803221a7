/* wasi-libc calls WASI through __imported_wasi_snapshot_preview1_* symbols.
   Defining them here resolves those calls inside the module, so the engine
   imports nothing from WASI and runs deterministically: a fixed clock, a
   seeded PRNG, no files, stdout/stderr discarded. */
#include <stdint.h>
#include <string.h>

#define WASI_ESUCCESS 0
#define WASI_EBADF 8
#define WASI_ENOSYS 52

#define SHIM(name) __imported_wasi_snapshot_preview1_##name

int32_t SHIM(fd_write)(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nwritten)
{
    /* iovec = { u32 buf, u32 len }: report everything as written */
    uint32_t total = 0;
    const uint32_t *iov = (const uint32_t *)(uintptr_t)iovs;
    int32_t i;
    (void)fd;
    for (i = 0; i < iovs_len; i++)
        total += iov[2 * i + 1];
    *(uint32_t *)(uintptr_t)nwritten = total;
    return WASI_ESUCCESS;
}

int32_t SHIM(fd_close)(int32_t fd) { (void)fd; return WASI_EBADF; }

int32_t SHIM(fd_seek)(int32_t fd, int64_t off, int32_t whence, int32_t newoff)
{
    (void)fd; (void)off; (void)whence; (void)newoff;
    return WASI_EBADF;
}

int32_t SHIM(fd_fdstat_get)(int32_t fd, int32_t stat)
{
    (void)fd; (void)stat;
    return WASI_EBADF;
}

int32_t SHIM(fd_read)(int32_t fd, int32_t iovs, int32_t iovs_len, int32_t nread)
{
    (void)fd; (void)iovs; (void)iovs_len;
    *(uint32_t *)(uintptr_t)nread = 0;
    return WASI_EBADF;
}

/* Time is an input of a decision, not ambient: the clock stays at the epoch. */
int32_t SHIM(clock_time_get)(int32_t id, int64_t precision, int32_t out)
{
    (void)id; (void)precision;
    *(uint64_t *)(uintptr_t)out = 0;
    return WASI_ESUCCESS;
}

int32_t SHIM(clock_res_get)(int32_t id, int32_t out)
{
    (void)id;
    *(uint64_t *)(uintptr_t)out = 1000;
    return WASI_ESUCCESS;
}

/* splitmix64: deterministic, so a policy gives the same answer every run */
static uint64_t prng_state = 0x9E3779B97F4A7C15ull;

int32_t SHIM(random_get)(int32_t buf, int32_t len)
{
    uint8_t *p = (uint8_t *)(uintptr_t)buf;
    int32_t i;
    for (i = 0; i < len; i++) {
        uint64_t z = (prng_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        p[i] = (uint8_t)(z ^ (z >> 31));
    }
    return WASI_ESUCCESS;
}

int32_t SHIM(environ_sizes_get)(int32_t count, int32_t size)
{
    *(uint32_t *)(uintptr_t)count = 0;
    *(uint32_t *)(uintptr_t)size = 0;
    return WASI_ESUCCESS;
}

int32_t SHIM(environ_get)(int32_t environ, int32_t buf)
{
    (void)environ; (void)buf;
    return WASI_ESUCCESS;
}

_Noreturn void SHIM(proc_exit)(int32_t code)
{
    (void)code;
    __builtin_trap();
}
