/* SPDX-License-Identifier: MIT */
/*
 * store.c - kaohe's SQLite database: opening it safely (refusing files that
 * are not kaohe's), versioned migrations, WAL, and the bulk paths for
 * regions and yearly registry snapshots. The only file with SQL in it.
 */
#include "store/store_int.h"
#include "kaohe/hh_pack.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kaohe/edit.h"

#define APP_ID 0x6B616F68 /* "kaoh" */


/* Migrations, in order: migration i brings the schema to version i + 1. */
static const char *const migrations[] = {
    /* 1: regions, snapshots, households, members, findings */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE region("
    " code TEXT PRIMARY KEY, name TEXT NOT NULL, parent TEXT,"
    " level INTEGER NOT NULL, western INTEGER, poor_county INTEGER,"
    " poor_village INTEGER, rural_pop INTEGER, plan_exit INTEGER,"
    " src_row INTEGER);"
    "CREATE INDEX region_parent ON region(parent);"
    "CREATE TABLE snapshot("
    " year INTEGER PRIMARY KEY, source TEXT NOT NULL,"
    " imported_at TEXT NOT NULL, households INTEGER NOT NULL DEFAULT 0,"
    " persons INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE household("
    " id INTEGER PRIMARY KEY, year INTEGER NOT NULL, hh_id TEXT NOT NULL,"
    " village TEXT NOT NULL, hh_type TEXT, cause TEXT, status TEXT,"
    " year_in INTEGER, year_out INTEGER,"
    " inc_wage INTEGER, inc_business INTEGER, inc_property INTEGER,"
    " inc_transfer INTEGER, inc_dibao INTEGER, inc_tekun INTEGER,"
    " exp_business INTEGER, income_pc INTEGER, med_oop INTEGER,"
    " housing TEXT, water_safe INTEGER, relocated INTEGER,"
    " reloc_self INTEGER, helper TEXT, helper_id TEXT, last_visit TEXT,"
    " measures TEXT, phone TEXT, members INTEGER NOT NULL,"
    " src_row INTEGER, src_line INTEGER);"
    "CREATE TABLE member("
    " id INTEGER PRIMARY KEY, household INTEGER NOT NULL"
    "  REFERENCES household(id) ON DELETE CASCADE,"
    " year INTEGER NOT NULL, name TEXT NOT NULL, id_no TEXT NOT NULL,"
    " sex TEXT, birth TEXT, relation TEXT, ethnicity TEXT, education TEXT,"
    " schooling TEXT, health TEXT, labour TEXT, work TEXT,"
    " ins_med INTEGER, ins_serious INTEGER, ins_pension INTEGER,"
    " treat_first INTEGER, extra TEXT, src_row INTEGER, src_line INTEGER);"
    "CREATE TABLE finding("
    " id INTEGER PRIMARY KEY, year INTEGER NOT NULL, file TEXT, row INTEGER,"
    " line INTEGER, col TEXT, hh_id TEXT, id_no TEXT, code TEXT NOT NULL,"
    " severity TEXT NOT NULL, message_zh TEXT, message_en TEXT);"
    "CREATE INDEX finding_year ON finding(year, code);",
    /* 2: the exit review. Per household, bitmasks over enum
     * kh_review_code (review.h): the codes that apply to it and those
     * that flagged it; exit_ready marks 未脱贫 households that meet the
     * exit standard (拟退出). The flagged codes' details are in
     * review_finding. */
    "CREATE TABLE review("
    " household INTEGER PRIMARY KEY REFERENCES household(id) ON DELETE CASCADE,"
    " year INTEGER NOT NULL, applies INTEGER NOT NULL, flagged INTEGER NOT NULL,"
    " exit_ready INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX review_year ON review(year);"
    "CREATE TABLE review_finding("
    " id INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
    " household INTEGER NOT NULL REFERENCES household(id) ON DELETE CASCADE,"
    " code TEXT NOT NULL, member_seq INTEGER, id_no TEXT, value TEXT,"
    " message_zh TEXT NOT NULL, message_en TEXT NOT NULL);"
    "CREATE INDEX review_finding_year ON review_finding(year, code);"
    "CREATE TABLE review_run(year INTEGER PRIMARY KEY, run_at TEXT NOT NULL,"
    " standards TEXT NOT NULL);",
    /* 3: users, and 反馈与整改 (rectify.h): problems, their 责任单位,
     * their history and evidence. History and evidence are append-only:
     * triggers refuse to change or delete them. */
    "CREATE TABLE app_user(name TEXT PRIMARY KEY, role TEXT NOT NULL,"
    " region TEXT, disabled INTEGER NOT NULL DEFAULT 0,"
    " created_at TEXT NOT NULL, created_by TEXT NOT NULL, pw_hash TEXT);"
    "CREATE TABLE problem("
    " id INTEGER PRIMARY KEY, year INTEGER NOT NULL, region TEXT NOT NULL,"
    " source TEXT NOT NULL, found_on TEXT NOT NULL, category TEXT NOT NULL,"
    " text TEXT NOT NULL, indicator TEXT, value_num INTEGER, value_den INTEGER,"
    " rule TEXT, origin TEXT UNIQUE, measures TEXT, lead_dept TEXT,"
    " person TEXT, deadline TEXT, long_term INTEGER NOT NULL DEFAULT 0,"
    " stage_plan TEXT, stage_focus TEXT, stage_supervise TEXT, progress TEXT,"
    " status INTEGER NOT NULL DEFAULT 0, requested_by TEXT,"
    " created_at TEXT NOT NULL, created_by TEXT NOT NULL,"
    " updated_at TEXT NOT NULL);"
    "CREATE INDEX problem_region ON problem(region);"
    "CREATE TABLE problem_unit("
    " problem INTEGER NOT NULL REFERENCES problem(id), seq INTEGER NOT NULL,"
    " unit TEXT NOT NULL, PRIMARY KEY(problem, seq));"
    "CREATE TABLE problem_event("
    " id INTEGER PRIMARY KEY, problem INTEGER NOT NULL REFERENCES problem(id),"
    " at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,"
    " from_status INTEGER, to_status INTEGER, note TEXT, before TEXT,"
    " after TEXT);"
    "CREATE INDEX problem_event_problem ON problem_event(problem);"
    "CREATE TABLE evidence("
    " id INTEGER PRIMARY KEY, problem INTEGER NOT NULL REFERENCES problem(id),"
    " name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
    " data BLOB NOT NULL, added_at TEXT NOT NULL, added_by TEXT NOT NULL,"
    " UNIQUE(problem, sha256));"
    "CREATE TRIGGER problem_event_keep_u BEFORE UPDATE ON problem_event"
    " BEGIN SELECT RAISE(ABORT, 'problem history is append-only'); END;"
    "CREATE TRIGGER problem_event_keep_d BEFORE DELETE ON problem_event"
    " BEGIN SELECT RAISE(ABORT, 'problem history is append-only'); END;"
    "CREATE TRIGGER evidence_keep_u BEFORE UPDATE ON evidence"
    " BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;"
    "CREATE TRIGGER evidence_keep_d BEFORE DELETE ON evidence"
    " BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;"
    "CREATE TRIGGER problem_keep_d BEFORE DELETE ON problem"
    " BEGIN SELECT RAISE(ABORT, 'problems are never deleted'); END;",
    /* 4: assessments (综合评价). Every run is a new version of (scheme,
     * year, level), never overwritten; the texts of the schemes it used,
     * per region the points of every item (by its index in the scheme),
     * the vetoes, and the manual inputs with their step and date. */
    "CREATE TABLE assess_run(id INTEGER PRIMARY KEY, scheme TEXT NOT NULL,"
    " year INTEGER NOT NULL, level INTEGER NOT NULL, version INTEGER NOT NULL,"
    " run_at TEXT NOT NULL, inputs TEXT, UNIQUE(scheme, year, level, version));"
    "CREATE TABLE assess_scheme(run INTEGER NOT NULL REFERENCES assess_run(id),"
    " name TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(run, name));"
    "CREATE TABLE assess_region(run INTEGER NOT NULL REFERENCES assess_run(id),"
    " seq INTEGER NOT NULL, scheme TEXT NOT NULL, code TEXT NOT NULL,"
    " name TEXT NOT NULL, parent TEXT, total INTEGER NOT NULL,"
    " rank INTEGER NOT NULL, grade TEXT NOT NULL, grade_before TEXT NOT NULL,"
    " PRIMARY KEY(run, seq));"
    "CREATE TABLE assess_item(run INTEGER NOT NULL REFERENCES assess_run(id),"
    " seq INTEGER NOT NULL, item INTEGER NOT NULL, points INTEGER NOT NULL,"
    " vnum INTEGER, vden INTEGER, detail TEXT, PRIMARY KEY(run, seq, item));"
    "CREATE TABLE assess_veto(run INTEGER NOT NULL REFERENCES assess_run(id),"
    " seq INTEGER NOT NULL, code TEXT NOT NULL, consequence TEXT NOT NULL,"
    " why TEXT NOT NULL);"
    "CREATE TABLE assess_input(run INTEGER NOT NULL REFERENCES assess_run(id),"
    " code TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
    " step TEXT, date TEXT, file TEXT);"
    "CREATE INDEX assess_input_run ON assess_input(run, code);",
    /* 5: 第三方评估 (src/store/sample_store.c, docs/sample.md): the
     * roster of non-registered households, designs with their strata,
     * villages and households drawn, and the survey with kaohe's
     * classification of each household. */
    "CREATE TABLE roster("
    " id INTEGER PRIMARY KEY, year INTEGER NOT NULL, hh_id TEXT NOT NULL,"
    " village TEXT NOT NULL, head_name TEXT NOT NULL, head_id TEXT NOT NULL,"
    " persons INTEGER NOT NULL, src_row INTEGER, src_line INTEGER);"
    "CREATE UNIQUE INDEX roster_year_id ON roster(year, hh_id);"
    "CREATE INDEX roster_village ON roster(year, village);"
    "CREATE INDEX roster_head ON roster(year, head_id);"
    "CREATE TABLE roster_import(year INTEGER PRIMARY KEY, source TEXT NOT NULL,"
    " imported_at TEXT NOT NULL);"
    "CREATE TABLE sample_design("
    " id INTEGER PRIMARY KEY, year INTEGER NOT NULL, region TEXT NOT NULL,"
    " margin REAL NOT NULL, confidence REAL NOT NULL, icc REAL NOT NULL,"
    " villages_per_county INTEGER NOT NULL,"
    " households_per_village INTEGER NOT NULL, seed INTEGER NOT NULL,"
    " created_at TEXT NOT NULL, report TEXT);"
    "CREATE TABLE sample_stratum("
    " design INTEGER NOT NULL REFERENCES sample_design(id) ON DELETE CASCADE,"
    " county TEXT NOT NULL, villages INTEGER NOT NULL, drawn INTEGER NOT NULL,"
    " m1 INTEGER, m2 INTEGER, m3 INTEGER, hh1 INTEGER, hh2 INTEGER,"
    " hh3 INTEGER, p1 INTEGER, p2 INTEGER, p3 INTEGER,"
    " PRIMARY KEY(design, county));"
    "CREATE TABLE sample_village("
    " design INTEGER NOT NULL REFERENCES sample_design(id) ON DELETE CASCADE,"
    " county TEXT NOT NULL, village TEXT NOT NULL, size INTEGER NOT NULL,"
    " pi REAL NOT NULL, n1 INTEGER, n2 INTEGER, n3 INTEGER,"
    " PRIMARY KEY(design, village));"
    "CREATE TABLE sample_household("
    " design INTEGER NOT NULL REFERENCES sample_design(id) ON DELETE CASCADE,"
    " village TEXT NOT NULL, grp INTEGER NOT NULL, hh_id TEXT NOT NULL,"
    " persons INTEGER NOT NULL, PRIMARY KEY(design, hh_id));"
    "CREATE INDEX sample_household_village"
    " ON sample_household(design, village, grp);"
    "CREATE TABLE survey("
    " design INTEGER NOT NULL REFERENCES sample_design(id) ON DELETE CASCADE,"
    " hh_id TEXT NOT NULL, income_pc INTEGER, food INTEGER, dropout INTEGER,"
    " medical INTEGER, housing TEXT, water INTEGER, ok_ident INTEGER,"
    " ok_exit INTEGER, ok_help INTEGER, visitor TEXT, visited TEXT,"
    " fails INTEGER NOT NULL, unknown INTEGER NOT NULL,"
    " approves INTEGER NOT NULL, reasons TEXT, source TEXT, src_row INTEGER,"
    " PRIMARY KEY(design, hh_id));",
    /* 6: the web application (auth.h): a 牵头部门 / 责任单位 user's unit,
     * sessions (the SHA-256 of the token, never the token), failed-login
     * counters, and the audit log, append-only like the problem history. */
    "ALTER TABLE app_user ADD COLUMN dept TEXT;"
    "CREATE TABLE session(token_hash TEXT PRIMARY KEY,"
    " user TEXT NOT NULL REFERENCES app_user(name), csrf TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, addr TEXT);"
    "CREATE INDEX session_user ON session(user);"
    "CREATE TABLE login_fail(key TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
    " last_at INTEGER NOT NULL, locked_until INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
    " who TEXT NOT NULL, addr TEXT, action TEXT NOT NULL, object TEXT,"
    " outcome TEXT NOT NULL, records INTEGER, before TEXT, after TEXT,"
    " note TEXT);"
    "CREATE INDEX audit_at ON audit(at);"
    "CREATE TRIGGER audit_keep_u BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_keep_d BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    /* 7: the indicators' per-village tallies, kept by `kaohe review` in
     * its transaction (include/kaohe/ind_tally.h): one row a year with
     * the standards' digest and the data's fingerprint, one blob a
     * village, and the incomes for the medians, sorted, one blob a run
     * of a village's households. */
    "CREATE TABLE ind_tally_run(year INTEGER PRIMARY KEY,"
    " digest TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " unplaced INTEGER NOT NULL, ninds INTEGER NOT NULL);"
    "CREATE TABLE ind_tally(year INTEGER NOT NULL, village TEXT NOT NULL,"
    " data BLOB NOT NULL);"
    "CREATE TABLE ind_income(year INTEGER NOT NULL, village TEXT NOT NULL,"
    " data BLOB NOT NULL);",
    /* 8: editing a household through the web application (edit.h): the
     * household's version (optimistic concurrency: an edit names the
     * version it was based on), the year's revision (bumped by every
     * edit, part of the data's fingerprint), and the audit log looked up
     * by record for a household's history. */
    "ALTER TABLE household ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE snapshot ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX audit_object ON audit(object, id);",
    /* 9: the packed side store of a year's registry (hh_pack.h), written
     * by the import: one blob per chunk of household rowids, the number
     * of households of every helper (by kh_idkey of the helper's ID), and
     * one row a year with the data fingerprint they are for. Changing a
     * household or member row in place makes them stale at once. */
    "CREATE TABLE hh_pack(year INTEGER NOT NULL, chunk INTEGER NOT NULL,"
    " households INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY(year, chunk));"
    "CREATE TABLE hh_pack_run(year INTEGER PRIMARY KEY,"
    " version INTEGER NOT NULL, fingerprint TEXT NOT NULL);"
    "CREATE TABLE hh_helper(year INTEGER NOT NULL, households INTEGER NOT NULL,"
    " key INTEGER NOT NULL, PRIMARY KEY(year, households, key))"
    " WITHOUT ROWID;"
    "CREATE TRIGGER hh_pack_stale_h AFTER UPDATE ON household BEGIN"
    " DELETE FROM hh_pack_run WHERE year IN (OLD.year, NEW.year); END;"
    "CREATE TRIGGER hh_pack_stale_m AFTER UPDATE ON member BEGIN"
    " DELETE FROM hh_pack_run WHERE year IN (OLD.year, NEW.year); END;",
    /* 10: rechecks of problems (rectify.h): every run, and per problem the
     * indicator's value before and after, pass or fail and 反弹; the
     * households behind a generated problem as of the year it was found
     * (kept when that year is imported again). Append-only. */
    "CREATE TABLE recheck_run(id INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
    " source TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL);"
    "CREATE TABLE problem_recheck(id INTEGER PRIMARY KEY,"
    " problem INTEGER NOT NULL REFERENCES problem(id),"
    " run INTEGER NOT NULL REFERENCES recheck_run(id),"
    " before_num INTEGER, before_den INTEGER, after_num INTEGER,"
    " after_den INTEGER, pass INTEGER NOT NULL, rebound INTEGER NOT NULL,"
    " UNIQUE(problem, run));"
    "CREATE TABLE problem_household(problem INTEGER NOT NULL"
    " REFERENCES problem(id), hh_id TEXT NOT NULL, village TEXT NOT NULL,"
    " PRIMARY KEY(problem, hh_id)) WITHOUT ROWID;"
    "CREATE TRIGGER recheck_run_keep_u BEFORE UPDATE ON recheck_run"
    " BEGIN SELECT RAISE(ABORT, 'rechecks are append-only'); END;"
    "CREATE TRIGGER recheck_run_keep_d BEFORE DELETE ON recheck_run"
    " BEGIN SELECT RAISE(ABORT, 'rechecks are append-only'); END;"
    "CREATE TRIGGER problem_recheck_keep_u BEFORE UPDATE ON problem_recheck"
    " BEGIN SELECT RAISE(ABORT, 'rechecks are append-only'); END;"
    "CREATE TRIGGER problem_recheck_keep_d BEFORE DELETE ON problem_recheck"
    " BEGIN SELECT RAISE(ABORT, 'rechecks are append-only'); END;"
    "CREATE TRIGGER problem_household_keep_d BEFORE DELETE ON"
    " problem_household"
    " BEGIN SELECT RAISE(ABORT, 'problem households are kept'); END;",
    /* 11: the issuing details of a region's documents (org.h): 发文机关,
     * 文号 pattern, 联系人, 落款日期. */
    "CREATE TABLE org(region TEXT PRIMARY KEY, issuer TEXT NOT NULL,"
    " docno TEXT NOT NULL, contact TEXT NOT NULL, sign_date TEXT NOT NULL,"
    " updated_at TEXT NOT NULL, updated_by TEXT NOT NULL);",
    /* 12: 部门数据比对 (dept.h, docs/dept.md): the departments' lists
     * loaded, and only their rows that match a registered person (data
     * minimisation: the rest are counted, never stored). */
    "CREATE TABLE dept_list(id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
    " region TEXT NOT NULL, as_of TEXT NOT NULL, file TEXT NOT NULL,"
    " imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,"
    " rows_read INTEGER NOT NULL DEFAULT 0,"
    " rows_matched INTEGER NOT NULL DEFAULT 0,"
    " rows_refused INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE(kind, region, as_of));"
    "CREATE TABLE dept_row(list INTEGER NOT NULL"
    "  REFERENCES dept_list(id) ON DELETE CASCADE,"
    " row INTEGER NOT NULL, line INTEGER NOT NULL, id_no TEXT NOT NULL,"
    " name TEXT NOT NULL, data TEXT NOT NULL);"
    "CREATE INDEX dept_row_id ON dept_row(list, id_no, row);",
    /* 13: the regions of an assessment's level that took no part
     * (不参加考核: no 减贫任务, or not chosen by --regions), with the
     * reason */
    "CREATE TABLE assess_skip(run INTEGER NOT NULL REFERENCES assess_run(id),"
    " scheme TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
    " reason TEXT NOT NULL);",
    /* 14: the review's findings derived when read (docs/review.md
     * "Stored"): the run keeps the standards it was run with (their
     * overlays, kh_standard_overlays) and its reference date; a
     * helper_overload household its rank among the helper's households
     * and their number. A run without std_text (reviewed before) still
     * has its findings in review_finding. */
    "ALTER TABLE review_run ADD COLUMN std_text BLOB;"
    "ALTER TABLE review_run ADD COLUMN today TEXT;"
    "ALTER TABLE review ADD COLUMN helper_nth INTEGER;"
    "ALTER TABLE review ADD COLUMN helper_total INTEGER;",
    /* 15: the problem list paged in SQL (kh_store_problems_page): an
     * index for each order a page may ask for (区划 has problem_region),
     * so that a page reads its own rows only. */
    "CREATE INDEX problem_found ON problem(found_on);"
    "CREATE INDEX problem_deadline ON problem(deadline);"
    "CREATE INDEX problem_category ON problem(category);"
    "CREATE INDEX problem_year ON problem(year);"
    "CREATE INDEX problem_source ON problem(source);"
    "CREATE INDEX problem_lead ON problem(lead_dept);"
    /* the status shown today (逾期: the deadline against today) counted
     * from the index alone */
    "CREATE INDEX problem_state ON problem(status, deadline, long_term);"
    /* and the household list by 人均纯收入 (dropped and built again by a
     * bulk import, as the other household indexes) */
    "CREATE INDEX IF NOT EXISTS household_income"
    " ON household(year, income_pc, village, status);",
    /* 16: 部门数据比对's results (dept_store.h): a comparison's findings
     * and its counts per village and kind (replaced by the next
     * comparison of the year), and the 入户核实 visits' results (kept). */
    "CREATE TABLE dept_finding(id INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
    " code TEXT NOT NULL, kind TEXT NOT NULL, dept TEXT NOT NULL,"
    " file TEXT NOT NULL, col TEXT NOT NULL, row INTEGER NOT NULL,"
    " line INTEGER NOT NULL, village TEXT NOT NULL, hh_id TEXT NOT NULL,"
    " id_no TEXT NOT NULL, name TEXT NOT NULL, reg_value TEXT NOT NULL,"
    " dept_value TEXT NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL,"
    " warning INTEGER NOT NULL);"
    "CREATE INDEX dept_finding_year ON dept_finding(year, village, hh_id);"
    "CREATE TABLE dept_count(year INTEGER NOT NULL, kind TEXT NOT NULL,"
    " village TEXT NOT NULL, covered INTEGER NOT NULL,"
    " matched INTEGER NOT NULL, disagree INTEGER NOT NULL,"
    " PRIMARY KEY(year, village, kind)) WITHOUT ROWID;"
    "CREATE TABLE dept_visit(year INTEGER NOT NULL, code TEXT NOT NULL,"
    " id_no TEXT NOT NULL, hh_id TEXT NOT NULL, result TEXT NOT NULL,"
    " reason TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,"
    " PRIMARY KEY(year, code, id_no)) WITHOUT ROWID;",
    /* 17: 扶贫项目库 and 扶贫资金 (funds.h, docs/funds.md): the three files
     * of ../shared/spec/funds-projects.md, keyed as the spec keys them
     * (项目编号, 凭证号; an allocation by its file's 接收区划 and 年度),
     * money in 分. A payment keeps the region its import was made for, so
     * that one to a project not in the library is still some county's. */
    "CREATE TABLE fund_project(proj_id TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " type TEXT NOT NULL, region TEXT NOT NULL, unit TEXT NOT NULL,"
    " added TEXT NOT NULL, planned INTEGER NOT NULL, start_plan TEXT,"
    " end_plan TEXT, start TEXT, \"end\" TEXT, accepted TEXT,"
    " status TEXT NOT NULL, benef_hh INTEGER, benef_poor_hh INTEGER,"
    " benef_poor_persons INTEGER, benef_list TEXT, goal TEXT, pub_added TEXT,"
    " pub_plan TEXT, pub_done TEXT, pub_days INTEGER, file TEXT, row INTEGER);"
    "CREATE INDEX fund_project_region ON fund_project(region);"
    "CREATE TABLE fund_alloc(id INTEGER PRIMARY KEY, doc_no TEXT NOT NULL,"
    " date TEXT NOT NULL, level TEXT NOT NULL, fund TEXT NOT NULL,"
    " region TEXT NOT NULL, amount INTEGER NOT NULL, year INTEGER NOT NULL,"
    " file TEXT, row INTEGER);"
    "CREATE INDEX fund_alloc_region ON fund_alloc(region, year);"
    "CREATE TABLE fund_pay(voucher TEXT PRIMARY KEY, date TEXT NOT NULL,"
    " proj_id TEXT NOT NULL, fund TEXT NOT NULL, stage TEXT NOT NULL,"
    " amount INTEGER NOT NULL, region TEXT NOT NULL DEFAULT '', file TEXT,"
    " row INTEGER);"
    "CREATE INDEX fund_pay_proj ON fund_pay(proj_id);",
    /* 18: the findings list (GET /api/households?finding=, web_store.c):
     * the review's bits by year, so that the distinct values holding a
     * finding's bit are found by a seek each and its households read from
     * the index alone (docs/benchmarks.md, "The findings list"). */
    "CREATE INDEX review_flagged ON review(year, flagged);",
    /* 19: what the 整改报告's 执纪问责 and 长效机制 print (issue #16),
     * kept with each problem's plan. */
    "ALTER TABLE problem ADD COLUMN accountability TEXT;"
    "ALTER TABLE problem ADD COLUMN mechanism TEXT;",
    /* 20: a department list's rows kept in one B-tree ordered by (list,
     * ID number, row) instead of a table and an index on those columns:
     * an import appends each row once, a comparison reads a county's
     * rows in one pass (docs/benchmarks.md, 部门数据比对). */
    "CREATE TABLE dept_row_by_id(list INTEGER NOT NULL"
    "  REFERENCES dept_list(id) ON DELETE CASCADE,"
    " row INTEGER NOT NULL, line INTEGER NOT NULL, id_no TEXT NOT NULL,"
    " name TEXT NOT NULL, data TEXT NOT NULL,"
    " PRIMARY KEY(list, id_no, row)) WITHOUT ROWID;"
    "INSERT INTO dept_row_by_id(list, row, line, id_no, name, data)"
    " SELECT list, row, line, id_no, name, data FROM dept_row"
    " ORDER BY list, id_no, row;"
    "DROP TABLE dept_row;"
    "ALTER TABLE dept_row_by_id RENAME TO dept_row;",
    /* 21: the payments kept in one B-tree keyed by 凭证号 (WITHOUT
     * ROWID), without the index on 项目编号 no query used: an import
     * writes each payment once instead of three times, and `funds
     * check` reads the table in one pass (docs/benchmarks.md, 扶贫项目与
     * 资金). */
    "CREATE TABLE fund_pay_by_voucher(voucher TEXT PRIMARY KEY,"
    " date TEXT NOT NULL, proj_id TEXT NOT NULL, fund TEXT NOT NULL,"
    " stage TEXT NOT NULL, amount INTEGER NOT NULL,"
    " region TEXT NOT NULL DEFAULT '', file TEXT, row INTEGER) WITHOUT ROWID;"
    "INSERT INTO fund_pay_by_voucher(voucher, date, proj_id, fund, stage,"
    " amount, region, file, row)"
    " SELECT voucher, date, proj_id, fund, stage, amount, region, file, row"
    " FROM fund_pay ORDER BY voucher;"
    "DROP TABLE fund_pay;"
    "ALTER TABLE fund_pay_by_voucher RENAME TO fund_pay;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* Indexes dropped during a bulk import and built again after it. */
static const char *const bulk_indexes =
    "CREATE UNIQUE INDEX IF NOT EXISTS household_year_id"
    " ON household(year, hh_id);"
    "CREATE INDEX IF NOT EXISTS household_village ON household(year, village);"
    "CREATE INDEX IF NOT EXISTS household_income"
    " ON household(year, income_pc, village, status);"
    "CREATE UNIQUE INDEX IF NOT EXISTS member_year_id ON member(year, id_no);"
    "CREATE INDEX IF NOT EXISTS member_household ON member(household);";
static const char *const drop_bulk_indexes =
    "DROP INDEX IF EXISTS household_year_id;"
    "DROP INDEX IF EXISTS household_village;"
    "DROP INDEX IF EXISTS household_income;"
    "DROP INDEX IF EXISTS member_year_id;"
    "DROP INDEX IF EXISTS member_household;";

static int db_err(kh_store *s, kh_error *err, const char *what)
{
    int code = s && s->db ? sqlite3_errcode(s->db) : SQLITE_ERROR;
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : "?";
    const char *path = s && s->path ? s->path : "";
    int rc;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        rc = kh_error_set(err, KH_ERR_DB, "db_locked",
                          "数据库正被另一个程序使用(已锁定),请稍后再试",
                          "the database is locked by another process; try "
                          "again later");
    else if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN ||
             code == SQLITE_PERM)
        rc = kh_error_set(err, KH_ERR_DB, "db_readonly",
                          "无法写入数据库(只读或无权限):%s",
                          "cannot write the database (read-only or no "
                          "permission): %s", msg);
    else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        rc = kh_error_set(err, KH_ERR_DB, "db_not_kaohe",
                          "该文件不是 kaohe 数据库(也不是有效的 SQLite 文件)",
                          "the file is not a kaohe database (not a valid "
                          "SQLite file)");
    else if (code == SQLITE_FULL)
        rc = kh_error_set(err, KH_ERR_DB, "disk_full",
                          "磁盘已满,数据库未改动", "the disk is full; the "
                          "database is unchanged");
    else
        rc = kh_error_set(err, KH_ERR_DB, "db", "数据库错误(%s):%s",
                          "database error (%s): %s", what, msg);
    kh_error_at(err, path, 0, 0, NULL);
    return rc;
}

static int exec(kh_store *s, const char *sql, kh_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return db_err(s, err, "exec");
    return KH_OK;
}

static int pragma_int(kh_store *s, const char *sql, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

int kh_store_version(kh_store *s)
{
    int v = 0;
    pragma_int(s, "PRAGMA user_version", &v);
    return v;
}

static int migrate(kh_store *s, kh_error *err)
{
    int v = kh_store_version(s);
    if (v > NMIGRATIONS)
        return kh_error_set(err, KH_ERR_DB, "db_version",
                            "数据库版本 %d 比本程序支持的 %d 新,请升级 kaohe",
                            "the database is at version %d, newer than this "
                            "kaohe (%d): upgrade kaohe", v, NMIGRATIONS);
    if (v == NMIGRATIONS) return KH_OK;
    int rc = exec(s, "BEGIN IMMEDIATE", err);
    if (rc) return rc;
    for (int i = v; i < NMIGRATIONS && !rc; i++) {
        rc = exec(s, migrations[i], err);
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", i + 1);
        if (!rc) rc = exec(s, sql, err);
    }
    if (!rc) rc = exec(s, bulk_indexes, err);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APP_ID);
    if (!rc) rc = exec(s, sql, err);
    if (!rc) return exec(s, "COMMIT", err);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int kh_store_open(const char *path, int mode, kh_store **out, kh_error *err)
{
    *out = NULL;
    static int configured;
    if (!configured) {
        /* No allocation statistics: they take one global mutex on every
         * SQLite allocation, which the reader threads of the review and
         * the indicators contend for. Takes effect only before SQLite is
         * initialised (the first open); later calls are refused,
         * harmlessly. */
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        configured = 1;
    }
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (!exists && mode != KH_STORE_CREATE) {
        kh_error_set(err, KH_ERR_NOTFOUND, "db_missing",
                     "数据库不存在,请先运行 kaohe init 或导入数据",
                     "the database does not exist: run `kaohe init` or "
                     "import data first");
        kh_error_at(err, path, 0, 0, NULL);
        return KH_ERR_NOTFOUND;
    }
    kh_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return kh_error_set(err, KH_ERR_NOMEM, "nomem", "内存不足", "out of memory");
    }
    int flags = mode == KH_STORE_READONLY ? SQLITE_OPEN_READONLY
                                          : SQLITE_OPEN_READWRITE;
    if (mode == KH_STORE_CREATE) flags |= SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX; /* one handle, one thread */
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        int rc = db_err(s, err, "open");
        kh_store_close(s);
        return rc;
    }
    sqlite3_busy_timeout(s->db, 2000);
    sqlite3_extended_result_codes(s->db, 0);
    int app = 0, ver = 0;
    /* Reading the header fails with SQLITE_NOTADB on a file that is not a
     * database; an empty file is a new database. */
    if (pragma_int(s, "PRAGMA application_id", &app) ||
        pragma_int(s, "PRAGMA user_version", &ver)) {
        int rc = db_err(s, err, "open");
        kh_store_close(s);
        return rc;
    }
    int tables = 0;
    pragma_int(s, "SELECT count(*) FROM sqlite_master", &tables);
    if (app != APP_ID && (tables > 0 || ver > 0)) {
        kh_error_set(err, KH_ERR_DB, "db_not_kaohe",
                     "该文件是 SQLite 数据库,但不是 kaohe 的数据库;未作任何改动",
                     "the file is an SQLite database but not kaohe's; it "
                     "was left untouched");
        kh_error_at(err, path, 0, 0, NULL);
        kh_store_close(s);
        return KH_ERR_DB;
    }
    if (mode != KH_STORE_READONLY) {
        int rc = KH_OK;
        if (exists && access(path, W_OK) != 0)
            rc = kh_error_set(err, KH_ERR_DB, "db_readonly",
                              "数据库文件只读,无法写入",
                              "the database file is read-only");
        if (!rc) rc = exec(s, "PRAGMA journal_mode=WAL", err);
        if (!rc) rc = exec(s, "PRAGMA foreign_keys=ON", err);
        if (!rc) rc = migrate(s, err);
        if (rc) {
            kh_error_at(err, path, 0, 0, NULL);
            kh_store_close(s);
            return rc;
        }
    } else if (app != APP_ID) {
        kh_error_set(err, KH_ERR_DB, "db_not_kaohe",
                     "该文件不是 kaohe 数据库", "the file is not a kaohe database");
        kh_error_at(err, path, 0, 0, NULL);
        kh_store_close(s);
        return KH_ERR_DB;
    }
    *out = s;
    return KH_OK;
}

void kh_store_close(kh_store *s)
{
    if (!s) return;
    if (s->in_tx) kh_store_rollback(s);
    kh_pack_free(s);
    sqlite3_finalize(s->ins_hh);
    sqlite3_finalize(s->ins_mem);
    sqlite3_finalize(s->ins_find);
    sqlite3_finalize(s->ins_roster);
    sqlite3_finalize(s->ins_drawn);
    sqlite3_finalize(s->find_drawn);
    sqlite3_finalize(s->ins_survey);
    sqlite3_finalize(s->ins_dfact);
    sqlite3_finalize(s->ins_dcount);
    if (s->db) sqlite3_close(s->db);
    free(s->path);
    free(s);
}

int kh_store_begin(kh_store *s, kh_error *err)
{
    int rc = exec(s, "BEGIN IMMEDIATE", err);
    if (!rc) s->in_tx = 1;
    return rc;
}

static void end_bulk(kh_store *s)
{
    if (!s->bulk) return;
    sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON",
                 NULL, NULL, NULL);
    s->bulk = 0;
}

int kh_store_begin_bulk(kh_store *s, kh_error *err)
{
    sqlite3_exec(s->db, "PRAGMA foreign_keys=OFF; PRAGMA journal_mode=DELETE",
                 NULL, NULL, NULL);
    s->bulk = 1;
    int rc = kh_store_begin(s, err);
    if (rc) end_bulk(s);
    return rc;
}

int kh_store_commit(kh_store *s, kh_error *err)
{
    int rc = exec(s, "COMMIT", err);
    if (rc) {
        kh_store_rollback(s);
        return rc;
    }
    s->in_tx = 0;
    end_bulk(s);
    return KH_OK;
}

void kh_store_rollback(kh_store *s)
{
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    end_bulk(s);
}

static int prepare(kh_store *s, sqlite3_stmt **st, const char *sql,
                   kh_error *err)
{
    if (*st) {
        sqlite3_reset(*st);
        return KH_OK;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
                           NULL) != SQLITE_OK)
        return db_err(s, err, "prepare");
    return KH_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v || !*v) sqlite3_bind_null(st, i);
    else sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

int kh_store_regions_replace(kh_store *s, const kh_regionset *rs,
                             kh_error *err)
{
    /* The indicators' tallies were placed by the old list. */
    int rc = exec(s, "DELETE FROM region; DELETE FROM ind_tally;"
                     " DELETE FROM ind_tally_run; DELETE FROM ind_income", err);
    sqlite3_stmt *st = NULL;
    if (!rc)
        rc = prepare(s, &st,
                     "INSERT INTO region(code, name, parent, level, western,"
                     " poor_county, poor_village, rural_pop, plan_exit,"
                     " src_row) VALUES(?,?,?,?,?,?,?,?,?,?)", err);
    for (size_t i = 0; !rc && i < kh_regionset_count(rs); i++) {
        const kh_region *r = kh_regionset_at(rs, i);
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
        bind_text(st, 3, r->parent);
        sqlite3_bind_int(st, 4, r->level);
        kh_sql_bind_nn(st, 5, r->western);
        kh_sql_bind_nn(st, 6, r->poor_county);
        kh_sql_bind_nn(st, 7, r->poor_village);
        kh_sql_bind_nn(st, 8, r->rural_pop);
        kh_sql_bind_nn(st, 9, r->plan_exit);
        sqlite3_bind_int64(st, 10, r->row);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(s, err, "region");
    }
    sqlite3_finalize(st);
    return rc;
}

/* One row of KH_REGION_COLS into rs. */
int kh_store_region_row(sqlite3_stmt *st, kh_regionset *rs, kh_error *err)
{
    kh_region r;
    memset(&r, 0, sizeof r);
    snprintf(r.code, sizeof r.code, "%s", sqlite3_column_text(st, 0));
    r.name = (char *)sqlite3_column_text(st, 1);
    snprintf(r.parent, sizeof r.parent, "%s", sqlite3_column_text(st, 2));
    r.level = sqlite3_column_int(st, 3);
    r.western = sqlite3_column_int(st, 4);
    r.poor_county = sqlite3_column_int(st, 5);
    r.poor_village = sqlite3_column_int(st, 6);
    r.rural_pop = sqlite3_column_int64(st, 7);
    r.plan_exit = sqlite3_column_int64(st, 8);
    r.row = sqlite3_column_int(st, 9);
    return kh_regionset_add(rs, &r) ? kh_error_nomem(err) : KH_OK;
}

int kh_store_regions_load(kh_store *s, kh_regionset *rs, kh_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, &st,
                     "SELECT " KH_REGION_COLS " FROM region ORDER BY code",
                     err);
    int step;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = kh_store_region_row(st, rs, err);
    if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "regions");
    sqlite3_finalize(st);
    return rc;
}

int kh_store_snapshot_begin(kh_store *s, int year, const char *source,
                            kh_error *err)
{
    char sql[768];
    /* The new snapshot's revision goes on from the replaced one's: every
     * edit bumped it, so it is above any version a household of the year
     * had, and a form opened before this import is refused as stale. */
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, &st,
                     "SELECT coalesce((SELECT revision + 1 FROM snapshot"
                     " WHERE year = ?1), 0)", err);
    if (!rc) {
        sqlite3_bind_int(st, 1, year);
        if (sqlite3_step(st) == SQLITE_ROW)
            s->revision0 = sqlite3_column_int64(st, 0);
        else
            rc = db_err(s, err, "snapshot");
    }
    sqlite3_finalize(st);
    st = NULL;
    /* Bulk path: drop the indexes, delete the year, insert, rebuild. */
    if (!rc) rc = exec(s, drop_bulk_indexes, err);
    snprintf(sql, sizeof sql,
             "DELETE FROM review_finding WHERE year = %d;"
             "DELETE FROM review WHERE year = %d;"
             "DELETE FROM review_run WHERE year = %d;"
             "DELETE FROM ind_tally WHERE year = %d;"
             "DELETE FROM ind_tally_run WHERE year = %d;"
             "DELETE FROM ind_income WHERE year = %d;"
             "DELETE FROM member WHERE year = %d;"
             "DELETE FROM household WHERE year = %d;"
             "DELETE FROM finding WHERE year = %d;"
             "DELETE FROM snapshot WHERE year = %d;",
             year, year, year, year, year, year, year, year, year, year);
    if (!rc) rc = exec(s, sql, err);
    s->bulk_hh = s->bulk_mem = 0;
    if (!rc)
        rc = prepare(s, &st,
                     "INSERT INTO snapshot(year, source, imported_at, revision)"
                     " VALUES(?, ?, strftime('%Y-%m-%dT%H:%M:%S','now','localtime'),"
                     " ?)",
                     err);
    if (!rc) {
        sqlite3_bind_int(st, 1, year);
        sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, s->revision0);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(s, err, "snapshot");
    }
    sqlite3_finalize(st);
    /* 32 MiB of page cache for the load and the index builds: enough to
     * keep them in memory at a million persons, small enough that a
     * province (10 million) stays within its memory budget. */
    if (!rc) rc = exec(s, "PRAGMA cache_size = -32768", err);
    if (!rc) rc = kh_pack_begin(s, year, err);
    return rc;
}

/* Enum lists the store writes labels of, looked up once per import. */
enum { E_HH_TYPE, E_CAUSE, E_STATUS, E_HOUSING, E_RELATION, E_EDUCATION,
       E_SCHOOLING, E_HEALTH, E_LABOUR, E_WORK, E_MEASURES, E_COUNT };
static const char *const enum_names[E_COUNT] = {
    "hh_type", "cause", "status", "housing", "relation", "education",
    "schooling", "health", "labour", "work", "measures"};

/* An enum's label as bound (bind_text: "" is NULL), NULL for none. */
static const char *label(kh_store *s, const kh_standard *std, int e, int idx)
{
    if (idx < 0) return NULL;
    if (s->enum_std != std) {
        for (int i = 0; i < E_COUNT; i++)
            s->enum_ids[i] = kh_standard_enum(std, enum_names[i]);
        s->enum_std = std;
    }
    const char *t = kh_standard_enum_label(std, s->enum_ids[e], idx);
    return t && *t ? t : NULL;
}

/* Bind a household's columns, in the order of ins_hh's (1 to 29). The
 * texts bound go to txt too (for the packed side store), the measures'
 * labels into measures (the caller's, alive until the statement's step). */
enum { MEASURES_MAX = 512 };
static void bind_household(kh_store *s, sqlite3_stmt *st, int year,
                           const kh_household *h, const kh_standard *std,
                           const char *txt[KH_PT_COUNT],
                           char measures[MEASURES_MAX])
{
    txt[KH_PT_VILLAGE] = h->village;
    txt[KH_PT_HH_TYPE] = label(s, std, E_HH_TYPE, h->hh_type);
    txt[KH_PT_CAUSE] = label(s, std, E_CAUSE, h->cause);
    txt[KH_PT_STATUS] = label(s, std, E_STATUS, h->status);
    txt[KH_PT_HOUSING] = label(s, std, E_HOUSING, h->housing);
    txt[KH_PT_HELPER_ID] = h->helper_id;
    txt[KH_PT_LAST_VISIT] = h->last_visit[0] ? h->last_visit : NULL;
    int i = 1;
    sqlite3_bind_int(st, i++, year);
    sqlite3_bind_text(st, i++, h->hh_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, i++, h->village, -1, SQLITE_STATIC);
    bind_text(st, i++, txt[KH_PT_HH_TYPE]);
    bind_text(st, i++, txt[KH_PT_CAUSE]);
    bind_text(st, i++, txt[KH_PT_STATUS]);
    if (h->year_in) sqlite3_bind_int(st, i++, h->year_in);
    else sqlite3_bind_null(st, i++);
    if (h->year_out) sqlite3_bind_int(st, i++, h->year_out);
    else sqlite3_bind_null(st, i++);
    static const int order[] = {KH_M_WAGE, KH_M_BUSINESS, KH_M_PROPERTY,
                                KH_M_TRANSFER, KH_M_DIBAO, KH_M_TEKUN,
                                KH_M_EXP_BUSINESS, KH_M_INCOME_PC,
                                KH_M_MED_OOP};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        if (h->money_set & (1u << order[k]))
            sqlite3_bind_int64(st, i++, h->money[order[k]]);
        else
            sqlite3_bind_null(st, i++);
    }
    bind_text(st, i++, txt[KH_PT_HOUSING]);
    kh_sql_bind_nn(st, i++, h->water_safe);
    kh_sql_bind_nn(st, i++, h->relocated);
    if (h->money_set & (1u << KH_M_RELOC_SELF))
        sqlite3_bind_int64(st, i++, h->money[KH_M_RELOC_SELF]);
    else
        sqlite3_bind_null(st, i++);
    bind_text(st, i++, h->helper);
    bind_text(st, i++, h->helper_id);
    bind_text(st, i++, h->last_visit);
    measures[0] = '\0';
    if (h->measures) {
        label(s, std, E_MEASURES, 0);
        int e = s->enum_ids[E_MEASURES];
        size_t n = 0;
        for (int k = 0; k < 32 && k < kh_standard_enum_count(std, e); k++)
            if (h->measures & (1u << k))
                n += (size_t)snprintf(measures + n, MEASURES_MAX - n, "%s%s",
                                      n ? ";" : "", kh_standard_enum_label(std, e, k));
    }
    bind_text(st, i++, measures);
    txt[KH_PT_MEASURES] = measures[0] ? measures : NULL; /* as bound */
    bind_text(st, i++, h->phone);
    sqlite3_bind_int64(st, i++, (long long)h->nmembers);
    sqlite3_bind_int64(st, i++, h->row);
    sqlite3_bind_int64(st, i++, h->line);
}

/* The members of h, into household hid. */
static int insert_members(kh_store *s, sqlite3_int64 hid, int year,
                          const kh_household *h, const kh_standard *std,
                          kh_error *err)
{
    int rc = prepare(s, &s->ins_mem,
                 "INSERT INTO member(household, year, name, id_no, sex, birth,"
                 " relation, ethnicity, education, schooling, health, labour,"
                 " work, ins_med, ins_serious, ins_pension, treat_first, extra,"
                 " src_row, src_line) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                 "?,?,?,?)", err);
    if (rc) return rc;
    sqlite3_stmt *st = s->ins_mem;
    for (size_t m = 0; m < h->nmembers; m++) {
        const kh_member *p = &h->members[m];
        sqlite3_reset(st);
        int i = 1;
        sqlite3_bind_int64(st, i++, hid);
        sqlite3_bind_int(st, i++, year);
        sqlite3_bind_text(st, i++, p->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, i++, p->id_no, -1, SQLITE_STATIC);
        bind_text(st, i++, p->sex == 1 ? "男" : p->sex == 2 ? "女" : NULL);
        bind_text(st, i++, p->birth);
        const char *lab[KH_PM_COUNT];
        lab[KH_PM_RELATION] = label(s, std, E_RELATION, p->relation);
        lab[KH_PM_EDUCATION] = label(s, std, E_EDUCATION, p->education);
        lab[KH_PM_SCHOOLING] = label(s, std, E_SCHOOLING, p->schooling);
        lab[KH_PM_HEALTH] = label(s, std, E_HEALTH, p->health);
        lab[KH_PM_LABOUR] = label(s, std, E_LABOUR, p->labour);
        lab[KH_PM_WORK] = label(s, std, E_WORK, p->work);
        bind_text(st, i++, lab[KH_PM_RELATION]);
        bind_text(st, i++, p->ethnicity);
        bind_text(st, i++, lab[KH_PM_EDUCATION]);
        bind_text(st, i++, lab[KH_PM_SCHOOLING]);
        bind_text(st, i++, lab[KH_PM_HEALTH]);
        bind_text(st, i++, lab[KH_PM_LABOUR]);
        bind_text(st, i++, lab[KH_PM_WORK]);
        kh_sql_bind_nn(st, i++, p->ins_med);
        kh_sql_bind_nn(st, i++, p->ins_serious);
        kh_sql_bind_nn(st, i++, p->ins_pension);
        kh_sql_bind_nn(st, i++, p->treat_first);
        bind_text(st, i++, p->extra);
        sqlite3_bind_int64(st, i++, p->row);
        sqlite3_bind_int64(st, i++, p->line);
        if (sqlite3_step(st) != SQLITE_DONE) return db_err(s, err, "member");
        rc = kh_pack_member(s, p, lab, err);
        if (rc) return rc;
    }
    return KH_OK;
}

#define HH_COLS                                                             \
    "year, hh_id, village, hh_type, cause, status, year_in, year_out,"     \
    " inc_wage, inc_business, inc_property, inc_transfer, inc_dibao,"       \
    " inc_tekun, exp_business, income_pc, med_oop, housing, water_safe,"    \
    " relocated, reloc_self, helper, helper_id, last_visit, measures,"      \
    " phone, members, src_row, src_line"
#define HH_PARAMS "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"

int kh_store_household_add(kh_store *s, int year, const kh_household *h,
                           const kh_standard *std, kh_error *err)
{
    int rc = prepare(s, &s->ins_hh,
                     "INSERT INTO household(" HH_COLS ", version) VALUES("
                     HH_PARAMS ",?30)", err);
    if (rc) return rc;
    const char *txt[KH_PT_COUNT];
    char measures[MEASURES_MAX];
    bind_household(s, s->ins_hh, year, h, std, txt, measures);
    sqlite3_bind_int64(s->ins_hh, 30, s->revision0);
    if (sqlite3_step(s->ins_hh) != SQLITE_DONE)
        return db_err(s, err, "household");
    sqlite3_int64 hid = sqlite3_last_insert_rowid(s->db);
    /* the side store takes the members first, then the household */
    rc = kh_pack_at(s, hid, err);
    if (!rc) rc = insert_members(s, hid, year, h, std, err);
    if (rc) return rc;
    s->bulk_hh++;
    s->bulk_mem += (long long)h->nmembers;
    return kh_pack_household(s, hid, h, txt, err);
}

int kh_store_household_replace(kh_store *s, int year, long long id,
                               const kh_household *h, const kh_standard *std,
                               kh_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, &st,
                     "UPDATE household SET (" HH_COLS ") = (" HH_PARAMS "),"
                     " version = version + 1 WHERE id = ?30", err);
    if (rc) return rc;
    const char *txt[KH_PT_COUNT];
    char measures[MEASURES_MAX];
    bind_household(s, st, year, h, std, txt, measures);
    sqlite3_bind_int64(st, 30, id);
    if (sqlite3_step(st) != SQLITE_DONE || sqlite3_changes(s->db) != 1)
        rc = db_err(s, err, "household");
    sqlite3_finalize(st);
    st = NULL;
    if (!rc)
        rc = prepare(s, &st, "DELETE FROM member WHERE household = ?1", err);
    if (!rc) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(s, err, "member");
        sqlite3_finalize(st);
    }
    if (!rc) rc = insert_members(s, id, year, h, std, err);
    return rc;
}

int kh_store_finding_add(kh_store *s, int year, const kh_finding *f,
                         kh_error *err)
{
    int rc = prepare(s, &s->ins_find,
                     "INSERT INTO finding(year, file, row, line, col, hh_id,"
                     " id_no, code, severity, message_zh, message_en)"
                     " VALUES(?,?,?,?,?,?,?,?,?,?,?)", err);
    if (rc) return rc;
    sqlite3_stmt *st = s->ins_find;
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_text(st, 2, f->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, f->row);
    sqlite3_bind_int64(st, 4, f->line);
    bind_text(st, 5, f->column);
    bind_text(st, 6, f->hh_id);
    bind_text(st, 7, f->id_no);
    sqlite3_bind_text(st, 8, f->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, f->warning ? "warning" : "error", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, f->zh, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, f->en, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) return db_err(s, err, "finding");
    return KH_OK;
}

int kh_store_snapshot_end(kh_store *s, int year, kh_error *err)
{
    char sql[256];
    /* the helpers counted on the other core while the indexes are built */
    kh_pack_count_start(s);
    int rc = exec(s, bulk_indexes, err);
    /* The year was emptied by kh_store_snapshot_begin: what was inserted
     * since is what it holds. */
    snprintf(sql, sizeof sql,
             "UPDATE snapshot SET households = %lld, persons = %lld"
             " WHERE year = %d", s->bulk_hh, s->bulk_mem, year);
    if (!rc) rc = exec(s, sql, err);
    /* After the counts: the side store is keyed by them. */
    if (!rc) rc = kh_pack_end(s, year, err);
    return rc;
}

int kh_store_year_exists(kh_store *s, int year)
{
    int n = 0;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM snapshot WHERE year = %d", year);
    pragma_int(s, sql, &n);
    return n > 0;
}

int kh_store_years(kh_store *s, int *years, int max)
{
    sqlite3_stmt *st;
    int n = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT year FROM snapshot ORDER BY year",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        years[n++] = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}
