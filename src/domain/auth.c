/* SPDX-License-Identifier: MIT */
/*
 * auth.c - passwords and tokens: argon2id hashes through libsodium's
 * crypto_pwhash_str (the salt and parameters are inside the string), a
 * length policy from the standards file and a list of common passwords
 * (standards/common-passwords.txt, compiled in), and random 256-bit
 * tokens.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kaohe/auth.h"
#include "kaohe/standard.h"

#define PW_MAX_BYTES 1024

/* standards/common-passwords.txt, compiled in (tools/embed.sh). */
extern const char kh_common_passwords[];
extern const size_t kh_common_passwords_len;

int kh_password_common(const char *pw)
{
    size_t n = strlen(pw);
    if (n == 0 || n > 64) return 0;
    char low[65];
    for (size_t i = 0; i < n; i++)
        low[i] = pw[i] >= 'A' && pw[i] <= 'Z' ? (char)(pw[i] + 32) : pw[i];
    low[n] = '\0';
    const char *p = kh_common_passwords,
               *end = kh_common_passwords + kh_common_passwords_len;
    while (p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
        if (len == n && !memcmp(p, low, n)) return 1;
        p += len + 1;
    }
    return 0;
}

static int sodium_ready(void)
{
    return sodium_init() >= 0;
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

int kh_password_hash(const kh_standard *std, const char *pw,
                     char out[KH_PWHASH_MAX], kh_error *err)
{
    long long min = kh_standard_int(std, "web.password_min_length", 8);
    size_t n = strlen(pw);
    if (n > PW_MAX_BYTES)
        return kh_error_set(err, KH_ERR_INVALID, "password_long",
                            "密码过长(最多 %d 字节)",
                            "the password is too long (at most %d bytes)",
                            PW_MAX_BYTES);
    if ((long long)utf8_len(pw) < min)
        return kh_error_set(err, KH_ERR_INVALID, "password_short",
                            "密码太短:至少 %lld 个字符(标准文件 "
                            "web.password_min_length)",
                            "the password is too short: at least %lld "
                            "characters (standards web.password_min_length)",
                            min);
    if (kh_password_common(pw))
        return kh_error_msg(err, KH_ERR_INVALID, "password_common",
                            "这是常见密码,容易被猜中,请换一个(见 "
                            "standards/common-passwords.txt)",
                            "this is a common password, easily guessed: "
                            "choose another (standards/common-passwords.txt)");
    if (!sodium_ready())
        return kh_error_set(err, KH_ERR_NOMEM, "sodium",
                            "无法初始化 libsodium", "cannot start libsodium");
    char h[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(h, pw, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return kh_error_set(err, KH_ERR_NOMEM, "nomem",
                            "内存不足(密码哈希)", "out of memory (password "
                            "hash)");
    if (strlen(h) >= KH_PWHASH_MAX)
        return kh_error_set(err, KH_ERR_LIMIT, "pwhash_long",
                            "密码哈希过长", "the password hash is too long");
    memcpy(out, h, strlen(h) + 1);
    return KH_OK;
}

int kh_password_check(const char *hash, const char *pw)
{
    if (!hash || strncmp(hash, "$argon2id$", 10) || !sodium_ready())
        return 0;
    size_t n = strlen(pw);
    if (n > PW_MAX_BYTES) return 0;
    return crypto_pwhash_str_verify(hash, pw, n) == 0;
}

void kh_password_waste(const char *pw)
{
    /* A fixed hash of a random password: verifying against it costs what
     * a real check costs, so that timing does not tell which names are
     * users. */
    static char dummy[KH_PWHASH_MAX];
    static int ready;
    if (!sodium_ready()) return;
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        char h[crypto_pwhash_STRBYTES], r[65];
        kh_token_new(r);
        if (crypto_pwhash_str_alg(h, r, 64, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                  crypto_pwhash_ALG_ARGON2ID13) != 0)
            return;
        static int lock;
        while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE)) {}
        if (!ready) {
            memcpy(dummy, h, strlen(h) + 1);
            __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
        }
        __atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
    }
    size_t n = strlen(pw);
    if (crypto_pwhash_str_verify(dummy, pw, n > PW_MAX_BYTES ? PW_MAX_BYTES
                                                             : n) == 0)
        return; /* a random password: practically never */
}

void kh_token_new(char out[65])
{
    unsigned char b[32];
    if (!sodium_ready()) {
        /* libsodium cannot start only without a random source; a token
         * must never be predictable, so there is none. */
        out[0] = '\0';
        return;
    }
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, 65, b, sizeof b);
    sodium_memzero(b, sizeof b);
}

void kh_iso_time(long long t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
