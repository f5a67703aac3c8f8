/* SPDX-License-Identifier: MIT */
/* afile.c - all-or-nothing output files (temporary file, fsync, rename). */
#include "kaohe/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The process umask, read without changing it (umask(2) is racy). */
static mode_t current_umask(void)
{
    mode_t um = 022;
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    if (!f) return um;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Umask:", 6) == 0) {
            um = (mode_t)strtoul(line + 6, NULL, 8);
            break;
        }
    }
    fclose(f);
    return um;
}

/* Keep the mode of a file being replaced; new files get 0666 & ~umask. */
mode_t kh_afile_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 0777;
    return 0666 & ~current_umask();
}

void kh_afile_sync_dir(const char *path)
{
    char *dir = strdup(path);
    if (!dir) return;
    char *slash = strrchr(dir, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

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
    int bad = ferror(f->fp) || fflush(f->fp) != 0 ||
              fchmod(fileno(f->fp), kh_afile_mode(f->path)) != 0 ||
              fsync(fileno(f->fp)) != 0;
    int e = errno;
    if (fclose(f->fp) != 0) bad = 1, e = errno;
    f->fp = NULL;
    if (!bad && rename(f->tmp, f->path) != 0) bad = 1, e = errno;
    if (!bad) kh_afile_sync_dir(f->path);
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
