/* SPDX-License-Identifier: MIT */
/*
 * fuzz_multipart.c - the multipart/form-data body of POST
 * /api/assessments/{…}/run (several inputs files in one request): the
 * input is sent as such a body to a real libmicrohttpd daemon in this
 * process, over a socket pair handed to it (MHD_add_connection), and the
 * daemon's handler reads it as the server does — the body received into a
 * file of its own, then web_multipart_files (src/web/web_multipart.c,
 * libmicrohttpd's post processor) saving each file part under TMPDIR. The
 * oracle, beyond the sanitizers and the time-out: a refusal's message is
 * valid UTF-8, the files said saved exist with the sizes said, and
 * web_files_free leaves no file behind (issue #18).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "fz.h"
#include "web/web_int.h"

static char dir[64];

/* The files under our TMPDIR. */
static int files_left(void)
{
    DIR *d = opendir(dir);
    if (!d) abort();
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

typedef struct body {
    FILE *f;
    char path[128];
    unsigned long long len;
} body;

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn,
                               const char *url, const char *method,
                               const char *version, const char *data,
                               size_t *size, void **con_cls)
{
    (void)cls, (void)url, (void)method, (void)version;
    body *b = *con_cls;
    if (!b) {
        /* the body goes to a file of its own as it arrives, as the
         * server's upload routes do */
        if (!(b = calloc(1, sizeof *b))) abort();
        snprintf(b->path, sizeof b->path, "%s/.body", dir);
        if (!(b->f = fopen(b->path, "wb"))) abort();
        *con_cls = b;
        return MHD_YES;
    }
    if (*size) {
        if (fwrite(data, 1, *size, b->f) != *size) abort();
        b->len += *size;
        *size = 0;
        return MHD_YES;
    }
    fclose(b->f);
    web_req r;
    memset(&r, 0, sizeof r);
    r.conn = conn;
    snprintf(r.up_path, sizeof r.up_path, "%s", b->path);
    r.up_len = b->len;
    web_files out;
    kh_error err;
    kh_error_clear(&err);
    if (web_multipart_files(&r, &out, &err)) {
        fz_error(&err);
        if (files_left()) {
            fprintf(stderr, "fz: a refused body left files behind\n");
            abort();
        }
    } else {
        for (size_t i = 0; i < out.n; i++) {
            struct stat st;
            if (stat(out.paths[i], &st) || (unsigned long long)st.st_size != out.sizes[i]) {
                fprintf(stderr, "fz: file %zu not as said\n", i);
                abort();
            }
            fz_utf8(out.names[i]);
        }
        web_files_free(&out);
        if (files_left()) {
            fprintf(stderr, "fz: web_files_free left files behind\n");
            abort();
        }
    }
    unlink(b->path);
    free(b);
    *con_cls = NULL;
    struct MHD_Response *res =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ok = MHD_queue_response(conn, 200, res);
    MHD_destroy_response(res);
    return ok;
}

static struct MHD_Daemon *daemon_once(void)
{
    static struct MHD_Daemon *d;
    if (d) return d;
    snprintf(dir, sizeof dir, "/tmp/kaohe-fz-mp.XXXXXX");
    if (!mkdtemp(dir)) abort();
    setenv("TMPDIR", dir, 1);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET |
                             MHD_USE_ITC,
                         0, NULL, NULL, handler, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
                         (unsigned)10, MHD_OPTION_END);
    if (!d) abort();
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (256u << 10)) return 0;
    struct MHD_Daemon *d = daemon_once();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) abort();
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (MHD_add_connection(d, sv[1], (struct sockaddr *)&sa, sizeof sa) != MHD_YES) abort();
    char head[256];
    int n = snprintf(head, sizeof head,
                     "POST /api/assessments/run HTTP/1.1\r\nHost: k\r\n"
                     "Content-Type: multipart/form-data; boundary=KB\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                     size);
    if (write(sv[0], head, (size_t)n) != n) abort();
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(sv[0], data + done, size - done);
        if (w <= 0) break; /* the daemon may close early: that is an answer */
        done += (size_t)w;
    }
    shutdown(sv[0], SHUT_WR);
    char buf[4096];
    while (read(sv[0], buf, sizeof buf) > 0) {
    }
    close(sv[0]);
    return 0;
}
