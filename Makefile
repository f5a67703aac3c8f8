# kaohe - build with a plain Makefile and pkg-config (see README.md).
#
#   make             build ./kaohe
#   make check       unit tests, data-driven cases, end-to-end tests, in
#                    parallel (JOBS=N, default the cores); T=e2e/rectify,
#                    T=case/NAME or T=unit/test_x runs only those
#   make check-asan  the same under AddressSanitizer and UBSan
#   make demo        generate a province and run the main job on it
#   make bench       benchmarks against the peers (docs/benchmarks.md)
#   make fuzz        the libFuzzer harnesses of fuzz/ (clang; docs/fuzzing.md)
#   make fuzz-smoke  each harness for a short while (FUZZ_SECONDS, 25)
#   make dist        kaohe-VERSION.tar.gz: the sources with the built web
#                    assets, so that make and make demo need no network
#   make install     PREFIX (/usr/local), DESTDIR: the binary, the web
#                    assets, schemes, standards file and man page

CC ?= cc
PKGS = sqlite3 libzip expat freexl xlsxwriter libsodium pangocairo cairo-pdf \
	libmicrohttpd jansson
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
KH_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra -Werror -Wno-unused-parameter -pthread -Iinclude -Isrc $(PKG_CFLAGS)
LDLIBS = $(PKG_LIBS) -lm -pthread

BUILD ?= build
LIB_SRC := $(wildcard src/base/*.c src/domain/*.c src/store/*.c src/io/*.c \
	src/app/*.c)
CLI_SRC := $(wildcard src/cli/*.c src/web/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/std_default.o \
	$(BUILD)/gen/schemes.o $(BUILD)/gen/common_pw.o
SCHEMES := $(sort $(wildcard schemes/*.scheme))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PROG ?= kaohe

# The browser UI's one dependency, Apache ECharts, comes from npm at build
# time (web/package-lock.json) and is served from web/vendor/: no CDN. A
# release tarball (make dist) carries the built file, newer than the lock
# file, so that npm never runs there (an intranet without network).
WEB_VENDOR = web/vendor/echarts.min.js
WEB_ASSETS = $(WEB_VENDOR) web/vendor/echarts.LICENSE web/vendor/echarts.NOTICE

# Where make install puts things; kaohe serve's default web directory is
# compiled in from DATADIR (docs/cli/serve.md says how it is found).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/kaohe
MANDIR ?= $(PREFIX)/share/man
VERSION := $(shell sed -n 's/^\#define KAOHE_VERSION "\(.*\)"/\1/p' src/cli/main.c)
DIST = kaohe-$(VERSION)
DIST_TAR ?= $(DIST).tar.gz
DISTTMP ?= $(BUILD)/dist

all: $(PROG) $(WEB_ASSETS)

$(WEB_VENDOR): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p web/vendor
	cp web/node_modules/echarts/dist/echarts.min.js $@

# ECharts' licence and notice go wherever its file goes (Apache-2.0).
web/vendor/echarts.LICENSE web/vendor/echarts.NOTICE: $(WEB_VENDOR)
	test -f web/node_modules/echarts/LICENSE || \
		(cd web && npm ci --no-audit --no-fund --loglevel=error)
	cp web/node_modules/echarts/$(subst echarts.,,$(notdir $@)) $@

# The compiled-in data directory: cli_serve.o is rebuilt when it changes.
$(BUILD)/gen/datadir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(BUILD)/src/cli/cli_serve.o: $(BUILD)/gen/datadir
$(BUILD)/src/cli/cli_serve.o: KH_CFLAGS += -DKH_DATADIR='"$(DATADIR)"'

$(PROG): $(CLI_OBJ) $(BUILD)/libkaohe.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libkaohe.a $(LDLIBS)

$(BUILD)/libkaohe.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KH_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/gen/std_default.c: standards/national.std tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $< kh_std_default > $@

$(BUILD)/gen/std_default.o: $(BUILD)/gen/std_default.c
	$(CC) $(KH_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/common_pw.c: standards/common-passwords.txt tools/embed.sh
	@mkdir -p $(dir $@)
	sh tools/embed.sh $< kh_common_passwords > $@

$(BUILD)/gen/common_pw.o: $(BUILD)/gen/common_pw.c
	$(CC) $(KH_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/gen/schemes.c: $(SCHEMES) tools/embed-schemes.sh
	@mkdir -p $(dir $@)
	sh tools/embed-schemes.sh $(SCHEMES) > $@

$(BUILD)/gen/schemes.o: $(BUILD)/gen/schemes.c
	$(CC) $(KH_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkaohe.a
	@mkdir -p $(dir $@)
	$(CC) $(KH_CFLAGS) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< \
		$(BUILD)/libkaohe.a $(LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)

# Every test but the browser's (T= picks any, those too); check-ui runs
# the browser tests (tests/e2e/ui*.sh: Debian's chromium); CI runs both.
check: $(PROG) $(UNIT_BIN) $(WEB_VENDOR) check-layers
	@T="$(T)" X="$(if $(T),,e2e/ui*)" JOBS="$(JOBS)" sh tests/run.sh $(BUILD) ./$(PROG)

check-ui: $(PROG) $(WEB_VENDOR)
	@T="e2e/ui*" JOBS="$(JOBS)" sh tests/run.sh $(BUILD) ./$(PROG)

# The allocation-failure tests with every stride point (make check
# samples them: tests/e2e/lib.sh alloc_next_n); CI runs both.
check-alloc: $(PROG)
	@KH_ALLOC_FULL=1 T="e2e/alloc_fail e2e/assess_alloc e2e/sample_alloc" \
		JOBS="$(JOBS)" sh tests/run.sh $(BUILD) ./$(PROG)

# The order a fresh checkout runs the tests in (tests/run.sh: slowest
# first) from the last full `make check` on this machine.
test-times:
	@[ "$$(wc -l < $(BUILD)/test-times)" -ge "$$(wc -l < tests/test-times)" ] || \
		{ echo "run the whole make check first"; exit 1; }
	cp $(BUILD)/test-times tests/test-times

# The include rules between the layers (docs/architecture.md).
check-layers:
	@sh tools/check-layers.sh .

ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

check-asan: $(WEB_VENDOR)
	$(MAKE) BUILD=build-asan PROG=build-asan/kaohe CFLAGS="$(ASAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" build-asan/kaohe
	$(MAKE) BUILD=build-asan PROG=build-asan/kaohe CFLAGS="$(ASAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		T="$(T)" JOBS="$(JOBS)" sh tests/run.sh build-asan build-asan/kaohe

# Fuzzing (docs/fuzzing.md): the library built again with clang,
# libFuzzer, ASan and UBSan into build-fuzz/, one harness per reader.
FUZZ_CC ?= clang
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined $(FUZZ_DEFS)
# Smaller read chunks and first tables than a release (docs/fuzzing.md):
# faster, and every input crosses chunk boundaries and grows the tables.
FUZZ_DEFS = -DKH_CSV_CHUNK=64 -DKH_LOAD_HASH_ROWS=4 -DKH_LOAD_HASH_MIN=8 \
	-DKH_CHECKER_SLOTS=8
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/fuzz/%)
WEB_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard src/web/*.c))

fuzz:
	$(MAKE) CC=$(FUZZ_CC) BUILD=build-fuzz \
		CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" fuzz-bins

fuzz-bins: $(FUZZ_BIN)

# The web objects as an archive: fuzz_edit compiles src/app/household.c in, so the
# archive's copy is never pulled.
$(BUILD)/libkhweb.a: $(WEB_OBJ)
	@rm -f $@
	ar rcs $@ $^

build-fuzz/fuzz/%: fuzz/%.c fuzz/fz.h $(BUILD)/libkaohe.a $(BUILD)/libkhweb.a
	@mkdir -p $(dir $@)
	$(CC) $(KH_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
		$(BUILD)/libkhweb.a $(BUILD)/libkaohe.a $(LDLIBS)

fuzz-smoke: fuzz
	sh tools/fuzz-smoke.sh $(FUZZ_SECONDS)

FUZZ_SECONDS ?= 25

demo: $(PROG) $(WEB_VENDOR)
	sh tools/demo.sh ./$(PROG)

# The source tarball: every file git tracks, plus the built web assets
# (the vendor file touched last, so that it is newer than the lock file).
dist: $(WEB_ASSETS)
	@git rev-parse --git-dir > /dev/null 2>&1 || \
		{ echo "make dist: 需要 git 工作目录 / needs a git checkout" >&2; exit 2; }
	rm -rf $(DISTTMP) && mkdir -p $(DISTTMP)/$(DIST)
	git ls-files -z | xargs -0 cp -P --parents -t $(DISTTMP)/$(DIST)
	mkdir -p $(DISTTMP)/$(DIST)/web/vendor
	cp $(WEB_ASSETS) $(DISTTMP)/$(DIST)/web/vendor/
	cd $(DISTTMP)/$(DIST) && touch $(WEB_VENDOR) && sleep 1 && \
		touch web/vendor/echarts.LICENSE web/vendor/echarts.NOTICE
	tar -C $(DISTTMP) -czf $(DIST_TAR) $(DIST)
	rm -rf $(DISTTMP)
	@echo $(DIST_TAR)

install: $(PROG) $(WEB_ASSETS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/web/vendor \
		$(DESTDIR)$(DATADIR)/schemes $(DESTDIR)$(DATADIR)/standards \
		$(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/kaohe
	install -m 644 web/*.html web/*.js web/*.css $(DESTDIR)$(DATADIR)/web/
	install -m 644 $(WEB_ASSETS) $(DESTDIR)$(DATADIR)/web/vendor/
	install -m 644 $(SCHEMES) $(DESTDIR)$(DATADIR)/schemes/
	install -m 644 standards/national.std $(DESTDIR)$(DATADIR)/standards/
	install -m 644 docs/kaohe.1 $(DESTDIR)$(MANDIR)/man1/kaohe.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kaohe $(DESTDIR)$(MANDIR)/man1/kaohe.1
	rm -rf $(DESTDIR)$(DATADIR)

bench: $(PROG)
	sh bench/run.sh ./$(PROG)
	SQLITE=0 sh bench/indicators.sh ./$(PROG)

clean:
	rm -rf build build-asan build-fuzz $(PROG)

.PHONY: all unit check check-ui check-alloc test-times check-layers check-asan demo bench clean dist install \
	uninstall fuzz fuzz-bins fuzz-smoke FORCE
FORCE:

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
