/* SPDX-License-Identifier: MIT */
/* afile.c - all-or-nothing output files (temporary file, fsync, rename). */
#include "kaohe/afile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int kh_afile_open(kh_afile *f, const char *path, kh_error *err)
{
    memset(f, 0, sizeof *f);
    if (!path || strcmp(path, "-") == 0) {
        f->fp = stdout;
        return KH_OK;
    }
    size_t n = strlen(path);
    f->path = strdup(path);
    f->tmp = malloc(n + 16);
    if (!f->path || !f->tmp) {
        kh_afile_abort(f);
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    snprintf(f->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(f->tmp);
    if (fd < 0 || !(f->fp = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0) close(fd);
        free(f->tmp);
        f->tmp = NULL;
        kh_error_set(err, KH_ERR_IO, "io", "无法创建输出文件:%s",
                     "cannot create the output file: %s", strerror(e));
        kh_error_at(err, path, 0, 0, NULL);
        kh_afile_abort(f);
        return KH_ERR_IO;
    }
    return KH_OK;
}

int kh_afile_commit(kh_afile *f, kh_error *err)
{
    int rc = KH_OK;
    if (!f->tmp) {
        if (f->fp && fflush(f->fp) != 0)
            rc = kh_error_set(err, KH_ERR_IO, "io", "写入标准输出失败",
                              "cannot write to standard output");
        f->fp = NULL;
        return rc;
    }
    int bad = ferror(f->fp) || fflush(f->fp) != 0 || fsync(fileno(f->fp)) != 0;
    int e = errno;
    if (fclose(f->fp) != 0) bad = 1, e = errno;
    f->fp = NULL;
    if (!bad && rename(f->tmp, f->path) != 0) bad = 1, e = errno;
    if (bad) {
        kh_error_set(err, KH_ERR_IO, "io", "写入输出文件失败:%s",
                     "cannot write the output file: %s", strerror(e));
        kh_error_at(err, f->path, 0, 0, NULL);
        kh_afile_abort(f);
        return KH_ERR_IO;
    }
    free(f->tmp);
    free(f->path);
    f->tmp = f->path = NULL;
    return KH_OK;
}

void kh_afile_abort(kh_afile *f)
{
    if (f->fp && f->fp != stdout) fclose(f->fp);
    if (f->tmp) unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    memset(f, 0, sizeof *f);
}
