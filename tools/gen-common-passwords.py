#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen-common-passwords.py - write standards/common-passwords.txt: the
common passwords `kaohe user add|passwd` refuses (src/domain/auth.c),
generated from the well-known patterns of leaked-password lists — digit
runs and repeats, keyboard walks, the words people pick (English and
pinyin, the office's own: admin, fupin, kaohe ...) with the endings they
add (years, 123, !, @2020 ...) — not downloaded from anywhere. Lowercase,
one a line, sorted, unique. Run from the repository root:
    python3 tools/gen-common-passwords.py > standards/common-passwords.txt
"""
import itertools

words = """password passw0rd p@ssw0rd p@ssword admin administrator root
qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm qazwsx qweasd qweasdzxc
1qaz2wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx iloveyou letmein welcome monkey
dragon football baseball master shadow sunshine princess superman batman
trustno1 hello test guest user changeme default secret login abc abcd
abcdef abcdefg woaini aini woaiwojia wojiushiwo china beijing shanghai
zhongguo yunnan kunming hebei shijiazhuang baidu tencent huawei xiaomi
kaohe fupin fupinban jingzhun jingzhunfupin tuopin tuopingongjian
zhengfu gongzuo bangong bangongshi xiangzhen cunwei xianwei shiwei
zhangsan lisi wangwu zhangwei wangwei liwei wanglei liuyang lijun
wangfang zhangmin liuwei chenjing yangyang xiaoming system server
computer internet windows linux office manager boss leader""".split()

endings = ["", "1", "12", "123", "1234", "12345", "123456", "1234567",
           "12345678", "123456789", "!", "!!", "@", "#", "!@#", "@123",
           "#123", "888", "666", "520", "1314", "521", "000", "111", "11",
           "01", "007", "abc", "qwe", ".com"]
endings += [str(y) for y in range(1960, 2031)]
endings += ["@" + str(y) for y in range(2000, 2031)]
endings += ["#" + str(y) for y in range(2015, 2031)]

out = set()
for w in words:
    for e in endings:
        out.add((w + e).lower())
# digits: runs, repeats, pairs and the numbers people like
d = "0123456789"
for k in range(6, 11):
    out.add(d[1:k + 1] if k < 10 else "1234567890")
    out.add(d[:k])
    out.add(d[::-1][:k])
for c in d:
    for k in range(6, 17):
        out.add(c * k)
for a, b in itertools.product(d, d):
    out.add((a + b) * 4)
    out.add((a + b) * 5)
    out.add((a + a + b + b) * 3)
for s in ["123123", "112233", "11223344", "123321", "147258369",
          "159753", "741852963", "5201314", "1314520", "13145201314",
          "520520", "168168", "888666", "666888", "987654321",
          "147258", "258369", "369258147", "123654", "654321"]:
    for r in (1, 2, 3):
        out.add(s * r)
# keyboard walks, twice
for s in ["qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsxedc", "1qaz2wsx3edc",
          "!qaz2wsx", "zaq1xsw2", "qweqweqwe", "asdasdasd", "qwe123",
          "asd123", "zxc123", "1q2w3e", "qwer1234", "asdf1234", "zxcv1234",
          "1qazxsw2", "abc123", "a123456", "a12345678", "aa123456",
          "qq123456", "woaini1314", "5201314a"]:
    out.add(s)
    out.add(s + s)
    out.add(s + "!")
# dates as passwords: 19700101 .. 20101231 would be 14,000 lines; the
# length rule and the birthday being personal data leave them to the
# user — only the round ones.
for y in range(1960, 2031):
    out.add("%d0101" % y)
    out.add("%d1231" % y)
print("\n".join(sorted(x for x in out if x)))
