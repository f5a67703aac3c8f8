/* SPDX-License-Identifier: MIT */
/*
 * app_year.h - the use case "delete a year's snapshot" (src/app/year.c):
 * who may, what refuses it, its transaction and audit entry; called by
 * `kaohe year delete` and, for the 系统管理员, by the server.
 */
#ifndef KAOHE_APP_YEAR_H
#define KAOHE_APP_YEAR_H

#include "kaohe/app.h"
#include "kaohe/year.h"

/*
 * The use case: who deletes year's snapshot. who's role must be in the
 * standards' [web] year_roles (系统管理员 by default): else KH_ERR_DENIED.
 * A year with no snapshot is KH_ERR_NOTFOUND ("year_missing"); a year
 * something refers to is refused (KH_ERR_INVALID, "year_referred", the
 * counts in the message) unless force. Audited ("year.delete"), refusals
 * too. *info describes the year as it was.
 */
int kh_app_year_delete(kh_store *s, const struct kh_standard *std,
                       const kh_actor *who, int year, int force,
                       kh_year_info *info /* OUT */, kh_error *err) KH_WUR;

/*
 * The stored years with what refers to each (kh_store_year_each), for
 * who: a role of [web] year_roles, as for the delete (the console's
 * operator reads as a 系统管理员); else KH_ERR_DENIED ("forbidden"),
 * audited as year.list on "years". `kaohe year list` and GET
 * /api/years/info.
 */
int kh_app_year_list(kh_store *s, const struct kh_standard *std,
                     const kh_actor *who, kh_year_fn fn, void *ctx,
                     kh_error *err) KH_WUR;

#endif
