/* SPDX-License-Identifier: MIT */
/*
 * freexl_crash.c - an LD_PRELOAD shim for tests/e2e/serve_xls.sh: its
 * freexl_open dies of SIGSEGV, as libfreexl 1.0.6 does on some malformed
 * files, when the file's first bytes after the compound-file header hold
 * the marker KH_CRASH_MARK (a file that passes kaohe's own checks and still
 * crashes freexl, whatever freexl version is installed); any other file
 * goes to the real freexl_open. kaohe calls freexl only in its reading
 * child process, so the crash must stay there.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int freexl_open(const char *path, const void **xl)
{
    char buf[16] = {0};
    FILE *fp = fopen(path, "rb");
    if (fp) {
        if (fseek(fp, 0x1B0, SEEK_SET) == 0 && fread(buf, 1, 13, fp) == 13 &&
            memcmp(buf, "KH_CRASH_MARK", 13) == 0)
            raise(SIGSEGV);
        fclose(fp);
    }
    int (*real)(const char *, const void **) =
        (int (*)(const char *, const void **))dlsym(RTLD_NEXT, "freexl_open");
    return real ? real(path, xl) : -1;
}
