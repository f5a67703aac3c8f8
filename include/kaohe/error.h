/* SPDX-License-Identifier: MIT */
/*
 * error.h - status codes and the caller-supplied error record.
 *
 * Every kaohe function that can fail returns an int status (KH_OK == 0) and,
 * when the caller passes a kh_error, fills it with a stable code word, a
 * message in Chinese and in English, and the location (file, row, column)
 * the failure refers to. The library never prints and never exits.
 */
#ifndef KAOHE_ERROR_H
#define KAOHE_ERROR_H

#include <stddef.h>

#if defined(__GNUC__)
#define KH_WUR __attribute__((warn_unused_result))
#define KH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define KH_WUR
#define KH_PRINTF(a, b)
#endif

enum kh_status {
    KH_OK = 0,
    KH_ERR_USAGE,   /* bad arguments */
    KH_ERR_IO,      /* cannot open, read or write a file */
    KH_ERR_NOMEM,   /* allocation failed */
    KH_ERR_FORMAT,  /* input file is malformed (encoding, structure) */
    KH_ERR_INVALID, /* input is well formed but breaks a rule */
    KH_ERR_DB,      /* database error */
    KH_ERR_NOTFOUND,
    KH_ERR_LIMIT, /* a size limit was exceeded */
    KH_ERR_DENIED /* the user may not do this, or not on this record */
};

#define KH_MSG_MAX 512

typedef struct kh_error {
    int status;          /* enum kh_status */
    char code[48];       /* stable code word, e.g. "encoding" */
    char zh[KH_MSG_MAX]; /* message in Chinese */
    char en[KH_MSG_MAX]; /* message in English */
    char file[256];      /* file the error refers to, or "" */
    long row;            /* 1-based data row, 0 when none */
    long line;           /* physical line, 0 when none */
    char column[64];     /* column header, or "" */
} kh_error;

/* Reset err to "no error". NULL is accepted. */
void kh_error_clear(kh_error *err);

/*
 * Record an error. zh_fmt and en_fmt take the same arguments in the same
 * order. Returns status so that callers can write
 * `return kh_error_set(err, KH_ERR_IO, "io", ...);`. err may be NULL.
 */
int kh_error_set(kh_error *err, int status, const char *code,
                 const char *zh_fmt, const char *en_fmt, ...)
    KH_PRINTF(5, 6);

/* Record an error with fixed messages (no formatting). */
int kh_error_msg(kh_error *err, int status, const char *code, const char *zh,
                 const char *en);
/* The error "out of memory" (KH_ERR_NOMEM, code "nomem"). */
int kh_error_nomem(kh_error *err);

/* Attach a location to an error already set. Any argument may be 0/NULL. */
void kh_error_at(kh_error *err, const char *file, long row, long line,
                 const char *column);

/* "file:row:column: message" in one language (lang "zh" or "en"). */
void kh_error_format(const kh_error *err, const char *lang, char *out,
                     size_t outsz);

#endif
