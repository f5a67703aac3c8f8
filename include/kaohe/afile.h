/* SPDX-License-Identifier: MIT */
/*
 * afile.h - writing a file all or nothing: the text goes to a temporary file
 * beside the target and is renamed over it only on commit. "-" (or NULL)
 * means standard output, written as it comes.
 */
#ifndef KAOHE_AFILE_H
#define KAOHE_AFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "kaohe/error.h"

typedef struct kh_afile {
    FILE *fp;  /* write here */
    char *path;
    char *tmp; /* NULL for stdout */
} kh_afile;

int kh_afile_open(kh_afile *f, const char *path, kh_error *err) KH_WUR;
/* Flush, sync and rename into place. */
int kh_afile_commit(kh_afile *f, kh_error *err) KH_WUR;
/* Drop the temporary file; the target is left as it was. */
void kh_afile_abort(kh_afile *f);

/* The mode a file written to path gets: that of the file it replaces, else
 * 0666 less the process umask (what open(2) would give it). */
mode_t kh_afile_mode(const char *path);
/* Put path's directory entry on disk after a rename into it. */
void kh_afile_sync_dir(const char *path);

#endif
