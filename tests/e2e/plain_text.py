# SPDX-License-Identifier: MIT
"""plain_text.py - the checks every text kaohe writes for people passes
(issue #16): documents (tests/e2e/documents.sh), CLI text reports (the same
script) and the pages of the web UI (tests/e2e/ui_text.sh).

A text fails on
  - an ASCII identifier: a word of three ASCII letters or more, or a
    letter joined by "_" (a code, a program's or a scheme's name, English),
    outside ALLOWED (the names of file formats and encodings);
  - "unknown", "undefined", "null", "NaN" (what a program prints for a
    value it lacks);
  - a comparison sentence false as printed ("100.0%（33,651/33,663），低于
    100%").

Used as a module (check(texts)) or a command: `python3 plain_text.py
[--allow WORD,...] FILE...` prints each problem and exits 1 when there is
one (--allow: names the test gave, such as a user called admin).
"""
import re
import sys

# File formats and encodings a person meets by these names.
ALLOWED = {"PDF", "XLSX", "DOCX", "XLS", "CSV", "UTF"}
NOTHING = re.compile(r"(?<![A-Za-z])(unknown|undefined|null|NaN)(?![A-Za-z])", re.I)
CMP = re.compile(r"(\d+(?:\.\d+)?)%\s*(?:[（(][\d,]+/[\d,]+[）)])?\s*[，,]\s*"
                 r"(低于|高于|等于)\s*(\d+(?:\.\d+)?)%")


def bad_words(text, allowed=()):
    """The ASCII identifiers in text that are not allowed."""
    out = []
    for m in re.finditer(r"[A-Za-z0-9_]+", text):
        w = m.group(0)
        letters = sum(c.isascii() and c.isalpha() for c in w)
        # a file's extension ("建档立卡.csv": the name is the user's)
        ext = m.start() > 0 and text[m.start() - 1] == "." and w.upper() in ALLOWED
        # a command's option ("加 --all 列出全部"): what the user types
        opt = text[max(0, m.start() - 2):m.start()] == "--"
        if (letters >= 3 or ("_" in w and letters)) and w not in ALLOWED \
                and w not in allowed and not ext and not opt:
            out.append(w)
    return out


def comparisons(text):
    """(how many comparison sentences, the false ones)."""
    flat = re.sub(r"\s+", " ", text)
    n, bad = 0, []
    for v, w, th in CMP.findall(flat):
        a, b = float(v), float(th)
        ok = {"低于": a < b, "高于": a > b, "等于": a == b}[w]
        n += 1
        if not ok:
            bad.append("%s%%，%s %s%%" % (v, w, th))
    return n, bad


def check(texts, allowed=()):
    """texts: {name: text}. Returns (problems, comparisons counted)."""
    problems, total = [], 0
    for name, t in texts.items():
        for w in bad_words(t, allowed):
            problems.append((name, "ASCII identifier", w))
        for m in NOTHING.finditer(t):
            problems.append((name, "a value missing", m.group(0)))
        n, bad = comparisons(t)
        total += n
        for b in bad:
            problems.append((name, "false as printed", b))
    return problems, total


if __name__ == "__main__":
    args, allowed = sys.argv[1:], ()
    if args[:1] == ["--allow"]:  # names the test itself gave (a user's)
        allowed, args = tuple(args[1].split(",")), args[2:]
    texts = {f: open(f, encoding="utf-8").read() for f in args}
    problems, n = check(texts, allowed)
    for p in problems[:200]:
        print("%s: %s: %s" % p)
    print("checked %d texts, %d comparisons, %d problems" % (len(texts), n, len(problems)))
    sys.exit(1 if problems else 0)
