# kaohe - build with a plain Makefile and pkg-config (see README.md).
#
#   make             build ./kaohe
#   make check       unit tests, data-driven cases, end-to-end tests
#   make check-asan  the same under AddressSanitizer and UBSan
#   make demo        generate a province and run the main job on it
#   make bench       benchmarks against the peers (docs/benchmarks.md)

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
	$(BUILD)/gen/schemes.o
SCHEMES := $(sort $(wildcard schemes/*.scheme))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PROG ?= kaohe

# The browser UI's one dependency, Apache ECharts, comes from npm at build
# time (web/package-lock.json) and is served from web/vendor/: no CDN.
WEB_VENDOR = web/vendor/echarts.min.js

all: $(PROG) $(WEB_VENDOR)

$(WEB_VENDOR): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p web/vendor
	cp web/node_modules/echarts/dist/echarts.min.js $@

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

check: $(PROG) $(UNIT_BIN) $(WEB_VENDOR)
	@sh tests/run.sh $(BUILD) ./$(PROG)

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
		sh tests/run.sh build-asan build-asan/kaohe

demo: $(PROG)
	sh tools/demo.sh ./$(PROG)

bench: $(PROG)
	sh bench/run.sh ./$(PROG)
	SQLITE=0 sh bench/indicators.sh ./$(PROG)

clean:
	rm -rf build build-asan $(PROG)

.PHONY: all unit check check-asan demo bench clean

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
