/* SPDX-License-Identifier: MIT */
/*
 * failmalloc.c - an LD_PRELOAD shim for tests/e2e/alloc_fail.sh: malloc,
 * calloc and realloc succeed KH_FAIL_AFTER times, then fail (ENOMEM) for
 * good. Lets the tests make every allocation of a kaohe run fail in turn.
 * The few callocs dlsym makes before the real functions are known are
 * served from a static buffer. Counting starts when the program itself
 * starts (__libc_start_main): what shared libraries allocate in their
 * constructors (glib's, pulled in by pango for the PDF documents) is
 * theirs, not a kaohe run's.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <errno.h>
static long countdown = -1;
static int init_done;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static char boot[65536]; static size_t boot_used;
static void init(void) {
    if (init_done) return; init_done = 1;
    const char *e = getenv("KH_FAIL_AFTER");
    countdown = e ? atol(e) : -1;
    real_malloc = dlsym(RTLD_NEXT, "malloc");
    real_calloc = dlsym(RTLD_NEXT, "calloc");
    real_realloc = dlsym(RTLD_NEXT, "realloc");
}
static int armed;
typedef int (*start_fn)(int (*)(int, char **, char **), int, char **,
                        void (*)(void), void (*)(void), void (*)(void), void *);
int __libc_start_main(int (*main)(int, char **, char **), int argc,
                      char **argv, void (*init_)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    armed = 1;
    return real(main, argc, argv, init_, fini, rtld_fini, stack_end);
}
static int fail(void) { if (!armed || countdown < 0) return 0; if (countdown == 0) { errno = ENOMEM; return 1; } countdown--; return 0; }
void *malloc(size_t n) { if (!real_malloc) { init(); if (!real_malloc) return 0; } if (fail()) return 0; return real_malloc(n); }
void *calloc(size_t a, size_t b) {
    if (!real_calloc) { if (init_done) { /* dlsym bootstrap */ size_t n = a*b; void *p = boot + boot_used; boot_used += (n + 15) & ~15u; return p; } init(); }
    if (fail()) return 0; return real_calloc(a, b);
}
void *realloc(void *p, size_t n) { if (!real_realloc) init(); if (fail()) return 0; return real_realloc(p, n); }
