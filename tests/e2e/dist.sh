# The source release (make dist) on an intranet without network: the
# tarball carries web/vendor/echarts.min.js (newer than the lock file), so
# that make builds the program there with npm unreachable (a fake npm first
# on PATH that fails and leaves a mark) and make demo would not call npm;
# make install (PREFIX, DESTDIR) lays out the binary, the web assets, the
# schemes, the standards file and the man page; the installed kaohe serve
# finds its web files without --web. Skipped outside a git checkout (make
# dist needs git ls-files).
. "$TOP/tests/e2e/lib.sh"
git -C "$TOP" rev-parse --git-dir > /dev/null 2>&1 || {
    echo "skipped: $TOP is not a git checkout"; exit 0; }
[ -f "$TOP/web/vendor/echarts.min.js" ] || fail "run make first (web/vendor)"
expect_exit 0 make -s -C "$TOP" dist DIST_TAR="$PWD/k.tar.gz" DISTTMP="$PWD/stage"
[ -s k.tar.gz ] || fail "no tarball"
[ ! -e stage ] || fail "the staging folder left behind"
tar -tzf k.tar.gz > list.txt || fail "tar -t"
for f in Makefile web/index.html web/package-lock.json src/cli/main.c \
    web/vendor/echarts.min.js web/vendor/echarts.LICENSE docs/kaohe.1 \
    standards/national.std tests/e2e/dist.sh; do
    grep -qx "kaohe-[0-9.]*/$f" list.txt || fail "$f not in the tarball"
done
grep -q "node_modules\|/build/\|\.o$\|/kaohe$" list.txt &&
    fail "build products in the tarball: $(grep 'node_modules\|/build/\|\.o$\|/kaohe$' list.txt | head -3)"
S=$PWD
mkdir src && tar -C src -xzf k.tar.gz || fail "unpack"
cd src/kaohe-* || fail "no kaohe-VERSION folder"
cmp web/vendor/echarts.min.js "$TOP/web/vendor/echarts.min.js" || fail "vendor file differs"

# npm unreachable: a failing npm first on PATH, and a registry that is not
mkdir "$S/fakebin"
printf '#!/bin/sh\necho "$*" >> %s/npm-called\nexit 1\n' "$S" > "$S/fakebin/npm"
chmod +x "$S/fakebin/npm"
export PATH="$S/fakebin:$PATH" npm_config_registry=http://127.0.0.1:9/ \
    npm_config_offline=true
make -q web/vendor/echarts.min.js web/vendor/echarts.LICENSE web/vendor/echarts.NOTICE ||
    fail "the tarball's web assets are not up to date for make"
make -n demo PREFIX=/usr > demo-plan.txt 2>&1 || fail "make -n demo: $(tail -3 demo-plan.txt)"
grep -q "npm" demo-plan.txt && fail "make demo would run npm"
nice make -j2 PREFIX=/usr OPT=-O0 > make.log 2>&1 || { tail -20 make.log >&2; fail "make from the tarball"; }
[ -e "$S/npm-called" ] && fail "npm was run: $(cat "$S/npm-called")"
[ -x kaohe ] || fail "no ./kaohe built"
./kaohe --version | grep -q "^kaohe " || fail "the built kaohe runs"
[ -s web/vendor/echarts.min.js ] || fail "the vendor file gone"

# make install into a staging root
expect_exit 0 make install PREFIX=/usr DESTDIR="$S/root"
cd "$S" || fail "cd"
for f in usr/bin/kaohe usr/share/kaohe/web/index.html usr/share/kaohe/web/app.js \
    usr/share/kaohe/web/style.css usr/share/kaohe/web/vendor/echarts.min.js \
    usr/share/kaohe/web/vendor/echarts.LICENSE usr/share/kaohe/web/vendor/echarts.NOTICE \
    usr/share/kaohe/standards/national.std usr/share/man/man1/kaohe.1; do
    [ -s "root/$f" ] || fail "not installed: $f"
done
[ -x root/usr/bin/kaohe ] || fail "kaohe not executable"
n=$(ls src/kaohe-*/schemes/*.scheme | wc -l)
[ "$n" -gt 0 ] && [ "$(ls root/usr/share/kaohe/schemes/*.scheme | wc -l)" = "$n" ] ||
    fail "the schemes installed"
ls root/usr/share/kaohe/web | grep -q "package\|node_modules" && fail "npm files installed"
man -l root/usr/share/man/man1/kaohe.1 > man.txt 2> man.err || fail "man page: $(cat man.err)"
grep -q "kaohe" man.txt || fail "man page text"
# the compiled-in default from PREFIX
root/usr/bin/kaohe serve --help | grep -q "/usr/share/kaohe/web" ||
    fail "serve's compiled-in web directory: $(root/usr/bin/kaohe serve --help)"
# the installed server finds its files without --web (beside the program)
KAOHE=$PWD/root/usr/bin/kaohe
expect_exit 0 "$KAOHE" init --db k.db
echo 'admin-pass-2020' | expect_exit 0 "$KAOHE" user add admin \
    --role 系统管理员 --password-stdin --db k.db
serve_start --db k.db --listen 127.0.0.1:0 --threads 2
curl -sf -o index.html "$URL/" || fail "GET / from the installed server"
grep -q '<main id="main">' index.html || fail "index.html served"
curl -sf -o e.js "$URL/vendor/echarts.min.js" || fail "GET the vendor file"
cmp -s e.js "$TOP/web/vendor/echarts.min.js" || fail "the vendor file served"
grep -q "index.html" srv.log && fail "a warning about the web directory: $(cat srv.log)"
exit 0
