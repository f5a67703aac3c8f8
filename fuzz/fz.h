/* SPDX-License-Identifier: MIT */
/*
 * fz.h - what the libFuzzer harnesses in fuzz/ share: the input as a file
 * (kaohe's readers open paths; an in-memory file, memfd, keeps the disk out
 * of it), the default standards, and a finding callback that checks every
 * finding's text is valid UTF-8 (a finding is shown in JSON, on the web: a
 * message cut inside a character could not be sent). Header-only: each
 * harness is one file.
 */
#ifndef KAOHE_FZ_H
#define KAOHE_FZ_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kaohe/check.h"
#include "kaohe/encoding.h"
#include "kaohe/error.h"
#include "kaohe/standard.h"

/* The path of a file holding data[0..n) (the same memfd each call). */
static inline const char *fz_file(const uint8_t *data, size_t n)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("kaohe-fuzz", 0);
        if (fd < 0) abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0) abort();
    size_t done = 0;
    while (done < n) {
        ssize_t w = pwrite(fd, data + done, n - done, (off_t)done);
        if (w <= 0) abort();
        done += (size_t)w;
    }
    return path;
}

/* The built-in standards (standards/national.std), made once. */
static inline const kh_standard *fz_std(void)
{
    static kh_standard *std;
    if (!std) {
        kh_error err;
        if (kh_standard_new(&std, &err)) abort();
    }
    return std;
}

/* Text shown to users must be whole UTF-8. */
static inline void fz_utf8(const char *s)
{
    if (!s) return;
    size_t n = strlen(s), partial = 0;
    if (kh_utf8_valid_prefix(s, n, &partial) != n) {
        fprintf(stderr, "fz: not UTF-8: %s\n", s);
        abort();
    }
}

static inline void fz_error(const kh_error *e)
{
    fz_utf8(e->zh);
    fz_utf8(e->en);
    fz_utf8(e->code);
}

static inline int fz_finding(void *ctx, const kh_finding *f)
{
    (void)ctx;
    fz_utf8(f->zh);
    fz_utf8(f->en);
    return KH_OK;
}

/* Inputs that would make the table reader start the XLS child process
 * (one fork an execution): left to fuzz_xls, which fuzzes both sides of
 * that reader without it. */
static inline int fz_is_xls(const uint8_t *d, size_t n)
{
    return n >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

#endif
