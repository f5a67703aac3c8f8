/* SPDX-License-Identifier: MIT */
/*
 * web_multipart.c - the files of a multipart/form-data body (several
 * assessment inputs in one request), each saved to a private temporary
 * file under TMPDIR, through libmicrohttpd's post processor over the body
 * already received (within --max-upload) into the upload's own temporary
 * file, read a piece at a time. web_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web/web_int.h"

typedef struct mp_ctx {
    web_files *out;
    FILE *f;     /* the file being written */
    size_t cur;  /* its index in out */
    int open;    /* a file is being written */
    int failed;  /* KH_* of the first failure */
    const char *why_zh, *why_en;
} mp_ctx;

static void mp_fail(mp_ctx *c, int status, const char *zh, const char *en)
{
    if (c->failed) return;
    c->failed = status;
    c->why_zh = zh;
    c->why_en = en;
}

static int mp_close(mp_ctx *c)
{
    if (!c->open) return 0;
    c->open = 0;
    if (fclose(c->f)) {
        mp_fail(c, KH_ERR_IO, "无法保存上传的文件", "cannot keep the upload");
        return -1;
    }
    return 0;
}

static enum MHD_Result mp_iter(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *filename,
                               const char *content_type,
                               const char *transfer_encoding,
                               const char *data, uint64_t off, size_t size)
{
    (void)kind;
    (void)key;
    (void)content_type;
    (void)transfer_encoding;
    mp_ctx *c = cls;
    if (c->failed) return MHD_NO;
    if (!filename) return MHD_YES; /* a plain field: not a file */
    web_files *o = c->out;
    int same = c->open && !strcmp(o->names[c->cur], filename);
    if (off == 0 && !(same && o->sizes[c->cur] == 0)) {
        if (mp_close(c)) return MHD_NO;
        if (!web_name_ok(filename)) {
            mp_fail(c, KH_ERR_USAGE, "上传的文件名应为文件名(不含路径)",
                    "an uploaded file's name must be a file name (no path)");
            return MHD_NO;
        }
        for (size_t i = 0; i < o->n; i++)
            if (!strcmp(o->names[i], filename)) {
                mp_fail(c, KH_ERR_USAGE, "两个上传的文件同名",
                        "two uploaded files have the same name");
                return MHD_NO;
            }
        if (o->n == WEB_MAX_FILES) {
            mp_fail(c, KH_ERR_USAGE, "上传的文件过多(最多 16 个)",
                    "too many files (at most 16)");
            return MHD_NO;
        }
        size_t i = o->n;
        snprintf(o->names[i], sizeof o->names[i], "%s", filename);
        const char *dir = getenv("TMPDIR");
        snprintf(o->paths[i], sizeof o->paths[i], "%s/kaohe-inputs.XXXXXX",
                 dir && *dir ? dir : "/tmp");
        int fd = mkstemp(o->paths[i]);
        if (fd < 0 || !(c->f = fdopen(fd, "wb"))) {
            if (fd >= 0) {
                close(fd);
                unlink(o->paths[i]);
            }
            mp_fail(c, KH_ERR_IO, "无法保存上传的文件",
                    "cannot keep the upload");
            return MHD_NO;
        }
        o->sizes[i] = 0;
        o->n++;
        c->cur = i;
        c->open = 1;
    }
    if (size && fwrite(data, 1, size, c->f) != size) {
        mp_fail(c, KH_ERR_IO, "无法保存上传的文件", "cannot keep the upload");
        return MHD_NO;
    }
    o->sizes[c->cur] += size;
    return MHD_YES;
}

int web_tmp_file(char *path, size_t n, const char *what, const void *data,
                 size_t len, kh_error *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, n, "%s/kaohe-%s.XXXXXX", dir && *dir ? dir : "/tmp", what);
    int fd = mkstemp(path);
    if (fd < 0) {
        path[0] = '\0';
        return kh_error_msg(err, KH_ERR_IO, "upload_tmp",
                            "无法保存上传的文件", "cannot keep the upload");
    }
    FILE *f = fdopen(fd, "wb");
    int ok = f && (!len || fwrite(data, 1, len, f) == len);
    if (f) ok = !fclose(f) && ok;
    else close(fd);
    if (!ok) {
        unlink(path);
        path[0] = '\0';
        return kh_error_msg(err, KH_ERR_IO, "upload_tmp",
                            "无法保存上传的文件", "cannot keep the upload");
    }
    return KH_OK;
}

char *web_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    kh_buf b = KH_BUF_INIT;
    char chunk[65536];
    size_t got;
    int bad = 0;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (kh_buf_add(&b, chunk, got)) bad = 1;
    bad |= ferror(f);
    fclose(f);
    if (bad) {
        kh_buf_free(&b);
        return NULL;
    }
    *n = b.len;
    return b.len ? kh_buf_take(&b) : (kh_buf_free(&b), calloc(1, 1));
}

int web_is_multipart(web_req *r)
{
    const char *t = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                "Content-Type");
    return t && !strncmp(t, "multipart/form-data", 19);
}

int web_multipart_files(web_req *r, web_files *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    mp_ctx c = {out, NULL, 0, 0, 0, NULL, NULL};
    struct MHD_PostProcessor *pp =
        MHD_create_post_processor(r->conn, 65536, mp_iter, &c);
    if (!pp)
        return kh_error_msg(err, KH_ERR_USAGE, "bad_multipart",
                            "无法读取 multipart/form-data 请求体",
                            "cannot read the multipart/form-data body");
    /* the body, from the upload's file a piece at a time */
    enum MHD_Result ok = MHD_YES;
    FILE *in = r->up_path[0] ? fopen(r->up_path, "rb") : NULL;
    if (r->up_len && !in) {
        MHD_destroy_post_processor(pp);
        return kh_error_msg(err, KH_ERR_IO, "upload_tmp",
                            "无法读取上传的文件", "cannot read the upload");
    }
    if (in) {
        char chunk[65536];
        size_t got;
        while (ok == MHD_YES && !c.failed &&
               (got = fread(chunk, 1, sizeof chunk, in)) > 0)
            ok = MHD_post_process(pp, chunk, got);
        if (ferror(in)) ok = MHD_NO;
        fclose(in);
    }
    enum MHD_Result done = MHD_destroy_post_processor(pp);
    mp_close(&c);
    if (!c.failed && (ok != MHD_YES || done != MHD_YES))
        mp_fail(&c, KH_ERR_USAGE, "multipart/form-data 请求体不完整或有误",
                "the multipart/form-data body is incomplete or malformed");
    if (!c.failed && !out->n)
        mp_fail(&c, KH_ERR_USAGE, "请求中没有文件", "the request holds no file");
    if (c.failed) {
        web_files_free(out);
        return kh_error_msg(err, c.failed,
                            c.failed == KH_ERR_IO ? "upload_tmp"
                                                  : "bad_multipart",
                            c.why_zh, c.why_en);
    }
    return KH_OK;
}

void web_files_free(web_files *f)
{
    for (size_t i = 0; i < f->n; i++) unlink(f->paths[i]);
    f->n = 0;
}
