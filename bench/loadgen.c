/* SPDX-License-Identifier: MIT */
/*
 * loadgen.c - an open-loop, fixed-rate HTTP/1.1 load generator for
 * bench/load.sh (docs/benchmarks.md, "kaohe serve at a fixed rate").
 *
 *   loadgen HOST PORT RATE SECONDS PATHS [HEADER]...
 *
 * Request i (i = 0, 1, ...) is due at start + i / RATE, whatever happened
 * to the requests before it: it goes out on an idle keep-alive connection,
 * or on a new one (up to 256) when all are busy, or waits in a queue when
 * even those are busy. Its latency is counted from the time it was DUE,
 * not from the time it was sent, so a server that stalls is charged for
 * every request that should have gone out during the stall (no
 * "coordinated omission", the flaw of closed-loop tools such as wrk, whose
 * connections wait for an answer before sending the next request).
 *
 * PATHS is a file of request paths, one a line (GET); request i takes line
 * i modulo their number. Each HEADER ("Name: value") is sent with every
 * request. One thread, epoll, non-blocking sockets; answers with a
 * Content-Length body (what libmicrohttpd sends for kaohe's replies).
 *
 * Prints one line of key=value: requests sent and answered, the achieved
 * rate, non-2xx answers, socket errors, timeouts (no answer in 10 s), the
 * largest number of connections open, and latency percentiles p50, p90,
 * p99, p99.9 and max in milliseconds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXCONN 256
#define TIMEOUT_S 10.0
#define INBUF 1048576

enum { C_CLOSED, C_CONNECTING, C_IDLE, C_BUSY };

typedef struct {
    int fd, state;
    long req;     /* the request in flight, -1 none */
    double due;   /* its scheduled time */
    char *out;    /* request bytes */
    size_t outlen, outoff;
    char *in;
    size_t inlen;
} conn;

static struct sockaddr_in addr;
static conn conns[MAXCONN];
static int nopen, maxopen, ep;
static char **paths;
static size_t npaths;
static char *headers;
static const char *host;
static double *lat;
static long nlat, nerr_status, nerr_sock, nerr_timeout;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    perror(what);
    exit(2);
}

static void conn_close(conn *c)
{
    if (c->fd >= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        nopen--;
    }
    c->fd = -1;
    c->state = C_CLOSED;
    c->inlen = 0;
}

static int conn_open(conn *c)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) &&
        errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    c->fd = fd;
    c->state = C_CONNECTING;
    c->inlen = 0;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT,
                             .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) die("epoll_ctl");
    nopen++;
    if (nopen > maxopen) maxopen = nopen;
    return 0;
}

static void want_out(conn *c, int out)
{
    struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0),
                             .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void conn_flush(conn *c)
{
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
                         MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) {
                want_out(c, 1);
                return;
            }
            nerr_sock++;
            conn_close(c);
            return;
        }
        c->outoff += (size_t)n;
    }
    want_out(c, 0);
}

static void conn_send(conn *c, long req, double due)
{
    const char *p = paths[(size_t)req % npaths];
    free(c->out);
    if (asprintf(&c->out, "GET %s HTTP/1.1\r\nHost: %s\r\n%s\r\n", p, host,
                 headers) < 0)
        die("asprintf");
    c->outlen = strlen(c->out);
    c->outoff = 0;
    c->req = req;
    c->due = due;
    c->state = C_BUSY;
    conn_flush(c);
}

/* The answer in c->in: 1 when complete (status in *st, whether the server
 * closes in *cl), 0 when more is needed, -1 when malformed. */
static int parse(conn *c, int *st, int *cl, size_t *used)
{
    char *end = memmem(c->in, c->inlen, "\r\n\r\n", 4);
    if (!end) return c->inlen >= INBUF ? -1 : 0;
    size_t hlen = (size_t)(end - c->in) + 4;
    if (c->inlen < 12 || memcmp(c->in, "HTTP/1.", 7)) return -1;
    *st = atoi(c->in + 9);
    long long blen = -1;
    *cl = 0;
    for (char *l = memchr(c->in, '\n', hlen); l && l < end;
         l = memchr(l + 1, '\n', (size_t)(end - l))) {
        l++;
        if (!strncasecmp(l, "Content-Length:", 15))
            blen = atoll(l + 15);
        else if (!strncasecmp(l, "Connection:", 11) &&
                 strcasestr(l, "close") && strcasestr(l, "close") < end)
            *cl = 1;
    }
    if (blen < 0) return -1;
    if (c->inlen < hlen + (size_t)blen) return 0;
    *used = hlen + (size_t)blen;
    return 1;
}

static void record(double ms)
{
    lat[nlat++] = ms;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double p)
{
    if (!nlat) return 0;
    long k = (long)ceil(p / 100.0 * (double)nlat) - 1;
    if (k < 0) k = 0;
    if (k >= nlat) k = nlat - 1;
    return lat[k];
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: loadgen HOST PORT RATE SECONDS PATHS "
                        "[HEADER]...\n");
        return 2;
    }
    host = argv[1];
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)atoi(argv[2]));
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        fprintf(stderr, "loadgen: HOST must be an IPv4 address\n");
        return 2;
    }
    double rate = atof(argv[3]), secs = atof(argv[4]);
    if (rate <= 0 || secs <= 0) {
        fprintf(stderr, "loadgen: RATE and SECONDS must be positive\n");
        return 2;
    }
    FILE *f = fopen(argv[5], "r");
    if (!f) die(argv[5]);
    char line[4096];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) continue;
        if (npaths == cap) {
            cap = cap ? 2 * cap : 1024;
            if (!(paths = realloc(paths, cap * sizeof *paths)))
                die("realloc");
        }
        if (!(paths[npaths++] = strdup(line))) die("strdup");
    }
    fclose(f);
    if (!npaths) {
        fprintf(stderr, "loadgen: no paths in %s\n", argv[5]);
        return 2;
    }
    size_t hl = 1;
    for (int i = 6; i < argc; i++) hl += strlen(argv[i]) + 2;
    if (!(headers = calloc(1, hl))) die("calloc");
    for (int i = 6; i < argc; i++) {
        strcat(headers, argv[i]);
        strcat(headers, "\r\n");
    }
    long total = (long)(rate * secs);
    if (!(lat = malloc((size_t)total * sizeof *lat))) die("malloc");
    /* the queue of due requests waiting for a connection */
    long *queue = malloc((size_t)total * sizeof *queue);
    if (!queue) die("malloc");
    long qhead = 0, qtail = 0;
    if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
    for (int i = 0; i < MAXCONN; i++) {
        conns[i].fd = -1;
        conns[i].req = -1;
        if (!(conns[i].in = malloc(INBUF))) die("malloc");
    }
    double start = now();
    long next = 0, done = 0;
    struct epoll_event evs[64];
    while (done < total) {
        double t = now();
        while (next < total && start + (double)next / rate <= t)
            queue[qtail++] = next++;
        /* requests that found no connection in time */
        while (qhead < qtail &&
               t - (start + (double)queue[qhead] / rate) > TIMEOUT_S) {
            nerr_timeout++;
            done++;
            qhead++;
        }
        /* hand the queue to idle connections, opening more as needed */
        for (int i = 0; i < MAXCONN && qhead < qtail; i++) {
            conn *c = &conns[i];
            if (c->state == C_IDLE) {
                long q = queue[qhead++];
                conn_send(c, q, start + (double)q / rate);
            }
        }
        int connecting = 0;
        for (int i = 0; i < MAXCONN; i++)
            connecting += conns[i].state == C_CONNECTING;
        for (int i = 0; i < MAXCONN && qhead + connecting < qtail; i++)
            if (conns[i].state == C_CLOSED && !conn_open(&conns[i]))
                connecting++;
        /* time out requests without an answer */
        for (int i = 0; i < MAXCONN; i++) {
            conn *c = &conns[i];
            if (c->state == C_BUSY && t - c->due > TIMEOUT_S) {
                nerr_timeout++;
                done++;
                conn_close(c);
            }
        }
        double wait = next < total ? start + (double)next / rate - now()
                                   : 0.05;
        int ms = wait <= 0 ? 0 : (int)ceil(wait * 1000.0);
        if (ms > 50) ms = 50;
        int n = epoll_wait(ep, evs, 64, ms);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int k = 0; k < n; k++) {
            conn *c = evs[k].data.ptr;
            if (c->fd < 0) continue;
            if (c->state == C_CONNECTING) {
                int e = 0;
                socklen_t el = sizeof e;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &el);
                if (e || (evs[k].events & (EPOLLERR | EPOLLHUP))) {
                    nerr_sock++;
                    conn_close(c);
                    continue;
                }
                c->state = C_IDLE;
                want_out(c, 0);
                if (qhead < qtail) {
                    long q = queue[qhead++];
                    conn_send(c, q, start + (double)q / rate);
                }
                continue;
            }
            if (evs[k].events & EPOLLOUT && c->state == C_BUSY)
                conn_flush(c);
            if (c->fd < 0 || !(evs[k].events & (EPOLLIN | EPOLLERR |
                                                 EPOLLHUP)))
                continue;
            ssize_t r = recv(c->fd, c->in + c->inlen, INBUF - c->inlen, 0);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                if (c->state == C_BUSY) {
                    nerr_sock++;
                    done++;
                }
                conn_close(c);
                continue;
            }
            c->inlen += (size_t)r;
            if (c->state != C_BUSY) {
                c->inlen = 0; /* bytes nobody asked for */
                continue;
            }
            int st, cl;
            size_t used;
            int p = parse(c, &st, &cl, &used);
            if (p == 0) continue;
            done++;
            if (p < 0) {
                nerr_sock++;
                conn_close(c);
                continue;
            }
            record((now() - c->due) * 1000.0);
            if (st < 200 || st > 299) nerr_status++;
            memmove(c->in, c->in + used, c->inlen - used);
            c->inlen -= used;
            c->req = -1;
            c->state = C_IDLE;
            if (cl) conn_close(c);
        }
    }
    double el = now() - start;
    qsort(lat, (size_t)nlat, sizeof *lat, cmp);
    printf("sent=%ld answered=%ld rate=%.1f non2xx=%ld sockerr=%ld "
           "timeouts=%ld conns=%d p50=%.2f p90=%.2f p99=%.2f p999=%.2f "
           "max=%.2f\n",
           total, nlat, (double)nlat / el, nerr_status, nerr_sock,
           nerr_timeout, maxopen, pct(50), pct(90), pct(99), pct(99.9),
           nlat ? lat[nlat - 1] : 0.0);
    return 0;
}
