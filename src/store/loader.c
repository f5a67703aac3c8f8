/* SPDX-License-Identifier: MIT */
/*
 * loader.c - the snapshot writer thread. The reading thread copies each
 * checked household (and each finding) into a batch; full batches go
 * through a small queue to a thread that inserts them with the store's
 * prepared statements. Batches are recycled, so memory stays flat.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kaohe/buf.h"
#include "store/store_int.h"

#define BATCH_HH 2048  /* households a batch holds before it is sent */
#define NBATCH 4       /* batches in flight */

typedef struct batch {
    kh_household *hh;
    size_t nhh, caphh;
    kh_member *mem;
    size_t nmem, capmem;
    kh_finding *fd;
    size_t nfd, capfd;
    kh_buf text;
    struct batch *next;
} batch;

struct kh_loader {
    kh_store *store;
    const kh_standard *std;
    int year;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *full_head, *full_tail; /* queue to the writer */
    batch *free;                  /* recycled */
    batch *cur;                   /* being filled */
    int closing, aborting, failed;
    kh_error werr;                /* the writer's error */
    batch pool[NBATCH];
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return KH_OK;
    size_t c = *cap ? *cap : 256;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return KH_ERR_NOMEM;
    *p = q;
    *cap = c;
    return KH_OK;
}

/* Strings are stored as offsets while the batch fills (the text buffer
 * moves when it grows) and turned into pointers when it is sent. */
#define OFF(x) ((const char *)(uintptr_t)(x))

static int str(batch *b, const char *s, const char **out)
{
    if (!s) {
        *out = NULL;
        return KH_OK;
    }
    /* Offset 0 is a NUL of its own, so that no string sits there. */
    if (b->text.len == 0 && kh_buf_addc(&b->text, '\0')) return KH_ERR_NOMEM;
    size_t off = b->text.len;
    *out = OFF(off);
    return kh_buf_add(&b->text, s, strlen(s) + 1);
}

static const char *fix(const batch *b, const char *p)
{
    return p ? b->text.data + (uintptr_t)p : NULL;
}

static void seal(batch *b)
{
    for (size_t i = 0; i < b->nhh; i++) {
        kh_household *h = &b->hh[i];
        h->hh_id = fix(b, h->hh_id);
        h->helper = fix(b, h->helper);
        h->helper_id = fix(b, h->helper_id);
        h->phone = fix(b, h->phone);
        h->members = b->mem + (uintptr_t)h->members;
    }
    for (size_t i = 0; i < b->nmem; i++) {
        kh_member *m = &b->mem[i];
        m->name = fix(b, m->name);
        m->ethnicity = fix(b, m->ethnicity);
        m->extra = fix(b, m->extra);
    }
    for (size_t i = 0; i < b->nfd; i++) {
        kh_finding *f = &b->fd[i];
        f->file = fix(b, f->file);
        f->column = fix(b, f->column);
        f->hh_id = fix(b, f->hh_id);
        f->id_no = fix(b, f->id_no);
        f->zh = fix(b, f->zh);
        f->en = fix(b, f->en);
    }
}

static void reset(batch *b)
{
    b->nhh = b->nmem = b->nfd = 0;
    kh_buf_reset(&b->text);
    b->next = NULL;
}

static void *writer(void *arg)
{
    kh_loader *l = arg;
    for (;;) {
        pthread_mutex_lock(&l->mu);
        while (!l->full_head && !l->closing && !l->aborting)
            pthread_cond_wait(&l->cv, &l->mu);
        batch *b = l->full_head;
        if (!b || l->aborting) {
            pthread_mutex_unlock(&l->mu);
            return NULL;
        }
        l->full_head = b->next;
        if (!l->full_head) l->full_tail = NULL;
        int failed = l->failed;
        pthread_mutex_unlock(&l->mu);
        kh_error e;
        kh_error_clear(&e);
        int rc = KH_OK;
        for (size_t i = 0; !failed && !rc && i < b->nhh; i++)
            rc = kh_store_household_add(l->store, l->year, &b->hh[i], l->std, &e);
        for (size_t i = 0; !failed && !rc && i < b->nfd; i++)
            rc = kh_store_finding_add(l->store, l->year, &b->fd[i], &e);
        pthread_mutex_lock(&l->mu);
        if (rc && !l->failed) {
            l->failed = 1;
            l->werr = e;
        }
        reset(b);
        b->next = l->free;
        l->free = b;
        pthread_cond_broadcast(&l->cv);
        pthread_mutex_unlock(&l->mu);
    }
}

int kh_loader_new(kh_store *s, int year, const kh_standard *std,
                  kh_loader **out, kh_error *err)
{
    *out = NULL;
    kh_loader *l = calloc(1, sizeof *l);
    if (!l) return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    l->store = s;
    l->std = std;
    l->year = year;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    for (int i = 1; i < NBATCH; i++) {
        l->pool[i].next = l->free;
        l->free = &l->pool[i];
    }
    l->cur = &l->pool[0];
    if (pthread_create(&l->thread, NULL, writer, l) != 0) {
        pthread_mutex_destroy(&l->mu);
        pthread_cond_destroy(&l->cv);
        free(l);
        return kh_error_set(err, KH_ERR_IO, "thread", "无法创建写入线程",
                            "cannot start the writer thread");
    }
    *out = l;
    return KH_OK;
}

static int failed(kh_loader *l, kh_error *err)
{
    if (err) *err = l->werr;
    return l->werr.status ? l->werr.status : KH_ERR_DB;
}

/* Seal the current batch and queue it for the writer; called with the
 * lock held. */
static void enqueue(kh_loader *l)
{
    seal(l->cur);
    if (l->full_tail) l->full_tail->next = l->cur;
    else l->full_head = l->cur;
    l->full_tail = l->cur;
    l->cur = NULL;
    pthread_cond_broadcast(&l->cv);
}

/* Hand the current batch to the writer and take a free one. */
static int send(kh_loader *l, kh_error *err)
{
    pthread_mutex_lock(&l->mu);
    enqueue(l);
    while (!l->free && !l->failed) pthread_cond_wait(&l->cv, &l->mu);
    int bad = l->failed;
    if (!bad) {
        l->cur = l->free;
        l->free = l->cur->next;
        l->cur->next = NULL;
    }
    pthread_mutex_unlock(&l->mu);
    return bad ? failed(l, err) : KH_OK;
}

int kh_loader_household(kh_loader *l, const kh_household *h, kh_error *err)
{
    batch *b = l->cur;
    if (grow((void **)&b->hh, &b->caphh, b->nhh + 1, sizeof *b->hh) ||
        grow((void **)&b->mem, &b->capmem, b->nmem + h->nmembers, sizeof *b->mem))
        return kh_error_nomem(err);
    kh_household *d = &b->hh[b->nhh];
    *d = *h;
    d->members = (kh_member *)(uintptr_t)b->nmem;
    if (str(b, h->hh_id, &d->hh_id) || str(b, h->helper, &d->helper) ||
        str(b, h->helper_id, &d->helper_id) || str(b, h->phone, &d->phone))
        return kh_error_nomem(err);
    for (size_t i = 0; i < h->nmembers; i++) {
        kh_member *m = &b->mem[b->nmem + i];
        *m = h->members[i];
        if (str(b, h->members[i].name, &m->name) ||
            str(b, h->members[i].ethnicity, &m->ethnicity) ||
            str(b, h->members[i].extra, &m->extra))
            return kh_error_nomem(err);
    }
    b->nmem += h->nmembers;
    b->nhh++;
    return b->nhh >= BATCH_HH ? send(l, err) : KH_OK;
}

int kh_loader_finding(kh_loader *l, const kh_finding *f, kh_error *err)
{
    batch *b = l->cur;
    if (grow((void **)&b->fd, &b->capfd, b->nfd + 1, sizeof *b->fd))
        return kh_error_nomem(err);
    kh_finding *d = &b->fd[b->nfd];
    *d = *f;
    if (str(b, f->file, &d->file) || str(b, f->column, &d->column) ||
        str(b, f->hh_id, &d->hh_id) || str(b, f->id_no, &d->id_no) ||
        str(b, f->zh, &d->zh) || str(b, f->en, &d->en))
        return kh_error_nomem(err);
    b->nfd++;
    return b->nfd >= BATCH_HH ? send(l, err) : KH_OK;
}

static void destroy(kh_loader *l)
{
    for (int i = 0; i < NBATCH; i++) {
        free(l->pool[i].hh);
        free(l->pool[i].mem);
        free(l->pool[i].fd);
        kh_buf_free(&l->pool[i].text);
    }
    pthread_mutex_destroy(&l->mu);
    pthread_cond_destroy(&l->cv);
    free(l);
}

int kh_loader_finish(kh_loader *l, kh_error *err)
{
    int rc = KH_OK;
    pthread_mutex_lock(&l->mu);
    if (l->cur && (l->cur->nhh || l->cur->nfd)) enqueue(l);
    l->closing = 1;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
    pthread_join(l->thread, NULL);
    if (l->failed) rc = failed(l, err);
    destroy(l);
    return rc;
}

void kh_loader_abort(kh_loader *l)
{
    if (!l) return;
    pthread_mutex_lock(&l->mu);
    l->aborting = 1;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
    pthread_join(l->thread, NULL);
    destroy(l);
}
