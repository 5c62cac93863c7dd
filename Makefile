# galley — build, run, test, install.
# The README's two commands: `make run` (installs what is missing, builds,
# runs the demo pipeline) and `make check` (every test).  Both reach
# `make deps` by themselves.

PREFIX ?= /usr/local
# systemd looks in PREFIX/lib/systemd/system for /usr/local and /usr alike
SYSTEMD_UNIT_DIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=
VERSION := 0.1.0

# Libraries come from Debian packages; `make deps` installs what is missing.
PKGS := lua5.4 yaml-0.1 libarchive jansson libutf8proc libpcre2-8 libcrypto sqlite3 zlib libzstd libisal \
	libcurl
TEST_PKGS := cmocka
# Libraries only plugins link (see PLUGIN_LINK below).
PLUGIN_PKGS := libxml-2.0 libcmark hunspell
DEB_PKGS := pkg-config liblua5.4-dev libyaml-dev libarchive-dev libjansson-dev \
	libutf8proc-dev libpcre2-dev libssl-dev libsqlite3-dev libcmocka-dev \
	libxml2-dev libcmark-dev libcld2-dev g++ iso-codes zlib1g-dev libzstd-dev libisal-dev \
	libhunspell-dev hunspell-en-us hunspell-en-gb hunspell-sv hunspell-no libstemmer-dev \
	perl jq libarchive-tools unzip zstd libxml2-utils cmark man-db groff-base bsdutils \
	python3-jsonschema python3-html5lib python3-feedparser libmimalloc-dev isal chromium \
	libcurl4-openssl-dev openssh-server openssh-client vsftpd openssl python3-prometheus-client \
	parallel
# Libraries without a pkg-config file, known by a header, and data files.
HEADERS := cld2/public/compact_lang_det.h libstemmer.h mimalloc.h
DATA_FILES := /usr/share/iso-codes/json/iso_3166-1.json /usr/share/hunspell/en_US.dic \
	/usr/share/hunspell/en_GB.dic \
	/usr/share/hunspell/sv_SE.dic /usr/share/hunspell/nb_NO.dic /usr/share/hunspell/nn_NO.dic
TOOLS := pkg-config g++ prove jq bsdtar unzip xmllint cmark man script chromium ssh-keygen sshd vsftpd openssl parallel
# A local S3 API server for tests/deliver.t, from the npm registry (pinned),
# into build/npm: never committed, installed by `make deps` when missing.
NPM_DIR := build/npm
S3RVER := $(NPM_DIR)/node_modules/.bin/s3rver
S3RVER_VERSION := 3.7.1
# Validators the tests run with Debian's /usr/bin/python3.
PY_MODULES := jsonschema html5lib feedparser prometheus_client

ifeq ($(SANITIZE),1)
BUILD ?= build/asan
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD ?= build
SAN :=
endif

# The galley binary's allocator: mimalloc, 9-14% faster runs than glibc's
# malloc (README, Performance); its plugins and libraries allocate through
# it too.  Not under the sanitizers, which bring their own; MALLOC=libc
# builds without it.
ifeq ($(SANITIZE),1)
MALLOC ?= libc
else
MALLOC ?= mimalloc
endif
MALLOC_LIBS := $(if $(filter mimalloc,$(MALLOC)),-lmimalloc)

CC ?= cc
# One file is C++, for a library with only a C++ API (plugins/lib/text/cld2_detect.cc).
ifeq ($(origin CXX),default)
CXX := $(if $(findstring clang,$(CC)),clang++,g++)
endif
OPT ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
# Every function and object in a section of its own, so the linker drops
# what nothing uses, and tests/tools/unused_functions.sh sees what that is.
SECTIONS := -ffunction-sections -fdata-sections
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) $(SECTIONS) -MMD -MP
# Recursively expanded: pkg-config runs when a recipe runs, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))
# The core sees its own folders by layer (core/base/arena.h is "base/arena.h")
# and the public header as an installed plugin would.
CORE_INC := -Icore -Icore/include -Iplugins/lib

# The core borrows one leaf module of plugins/lib, text/datetime (dates as
# the formats write them), to judge embargoes, rather than keep a copy.
CORE_SRC := $(filter-out core/cli/main.c,$(wildcard core/*/*.c)) plugins/lib/text/datetime.c \
	plugins/lib/text/datetime_read.c
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
CORE_LIB := $(BUILD)/libgalley-core.a
BIN := $(BUILD)/galley

# Plugins: every plugins/KIND/NAME.c is one, found by the wildcard.  Code
# several share is plugins/lib/DOMAIN/*.c, built once (position-independent)
# into one static archive each plugin links; the linker takes from it only
# what the plugin calls, and --as-needed keeps only the system libraries
# that code uses.  A plugin that needs a new system library adds it to
# PLUGIN_PKGS (pkg-config) or PLUGIN_LDLIBS (no .pc file): one line.
PLUGIN_SRC := $(filter-out plugins/lib/%,$(wildcard plugins/*/*.c))
PLUGINS := $(PLUGIN_SRC:plugins/%.c=$(BUILD)/plugins/%.so)
PLUGIN_LIB_SRC := $(wildcard plugins/lib/*/*.c) $(wildcard plugins/lib/*/*.cc)
PLUGIN_LIB_OBJ := $(patsubst %,$(BUILD)/pic/%.o,$(basename $(PLUGIN_LIB_SRC)))
PLUGIN_LIB := $(BUILD)/libgalley-plugins.a
PLUGIN_LINK_PKGS := $(PLUGIN_PKGS) yaml-0.1 jansson libutf8proc libpcre2-8 libarchive libcrypto
PLUGIN_LDLIBS := -lstemmer -lcld2 -lstdc++
PLUGIN_CFLAGS = $(CFLAGS_BASE) -fPIC -fvisibility=hidden -Icore/include -Iplugins/lib \
	$(shell pkg-config --cflags $(PLUGIN_LINK_PKGS))
PLUGIN_LINK = -Wl,--as-needed $(PLUGIN_LIB) $(shell pkg-config --libs $(PLUGIN_LINK_PKGS)) \
	$(PLUGIN_LDLIBS)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_PLUGIN_SRC := $(wildcard tests/plugins/*/*.c)
TEST_PLUGINS := $(TEST_PLUGIN_SRC:tests/plugins/%.c=$(BUILD)/tests/plugins/%.so)

# Fuzz targets (tests/fuzz/): built with $(CC) and replay.c's main() so
# `make check` replays every corpus once; `make fuzz` builds them with
# clang's libFuzzer instead and fuzzes each for FUZZ_SECONDS.
FUZZ_NAMES := $(shell sh tests/fuzz/targets.sh)
REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) -Wno-missing-prototypes $(CORE_INC) \
	-Itests/fuzz $(PKG_CFLAGS)

.PHONY: all deps bench-deps run demo-deliver check bench fuzz install uninstall clean langid-compare
.DEFAULT_GOAL := all
all: $(BIN) $(PLUGINS)

deps:
	@missing=""; \
	for t in $(TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	for h in $(HEADERS); do [ -f /usr/include/$$h ] || missing="$$missing $$h"; done; \
	for f in $(DATA_FILES); do [ -f $$f ] || missing="$$missing $$f"; done; \
	for m in $(PY_MODULES); do /usr/bin/python3 -c "import $$m" 2>/dev/null || missing="$$missing python3-$$m"; done; \
	if command -v pkg-config >/dev/null 2>&1; then \
		pkg-config --exists $(PKGS) $(PLUGIN_PKGS) $(TEST_PKGS) || missing="$$missing libraries"; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "make deps: missing:$$missing; installing Debian packages"; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
			$(DEB_PKGS) >/dev/null || exit 1; \
	fi; \
	if [ ! -x $(S3RVER) ]; then \
		if ! command -v npm >/dev/null 2>&1; then \
			if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
			$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install \
				-y -qq --no-install-recommends nodejs npm >/dev/null || exit 1; \
		fi; \
		echo "make deps: installing s3rver $(S3RVER_VERSION) (npm) into $(NPM_DIR)"; \
		npm install --silent --no-audit --no-fund --prefix $(NPM_DIR) s3rver@$(S3RVER_VERSION) \
			>/dev/null || exit 1; \
	fi

$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) $(CORE_INC) $(PKG_CFLAGS) -DGALLEY_VERSION='"$(VERSION)"' \
		-DGALLEY_LIBDIR='"$(PREFIX)/lib/galley"' $(CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/obj/core/cli/main.o $(CORE_LIB)
	$(CC) $(SAN) -Wl,--gc-sections $(LDFLAGS) $^ $(MALLOC_LIBS) $(PKG_LIBS) -ldl -lpthread -o $@

$(BUILD)/pic/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(PLUGIN_CFLAGS) $(CFLAGS) -c $< -o $@

# C++ for plugins (no vptr check: the C-linked galley has no C++ UBSan runtime).
$(BUILD)/pic/%.o: %.cc | deps
	@mkdir -p $(@D)
	$(CXX) -std=c++17 $(OPT) -Wall -Wextra -Werror $(SAN) $(if $(SAN),-fno-sanitize=vptr) \
		$(SECTIONS) -MMD -MP -fPIC -fvisibility=hidden -Iplugins/lib $(CXXFLAGS) -c $< -o $@

$(PLUGIN_LIB): $(PLUGIN_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# A plugin sees only core/include/galley/plugin.h and plugins/lib, as a
# third party's would.  Its object is kept (not an intermediate make
# deletes), so an incremental build relinks only what changed.
.SECONDARY: $(PLUGIN_SRC:%.c=$(BUILD)/pic/%.o)
$(BUILD)/plugins/%.so: $(BUILD)/pic/plugins/%.o $(PLUGIN_LIB)
	@mkdir -p $(@D)
	$(CC) $(SAN) -shared -Wl,--gc-sections $< $(PLUGIN_LINK) $(LDFLAGS) -o $@

# A unit test of a plugins/lib module includes its .c and names its libraries here.
TESTLIBS_test_zpipe := zlib libzstd libisal
$(BUILD)/tests/%: tests/unit/%.c $(CORE_LIB) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes $(CORE_INC) -Iplugins/lib $(PKG_CFLAGS) \
		$(shell pkg-config --cflags cmocka $(TESTLIBS_$*)) $(CFLAGS) $< $(CORE_LIB) -o $@ \
		$(PKG_LIBS) $(shell pkg-config --libs cmocka $(TESTLIBS_$*)) -ldl -lpthread $(LDFLAGS)

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c tests/plugins/test/stubs.h \
		core/include/galley/plugin.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -fPIC -fvisibility=hidden -shared -Icore/include $(CFLAGS) $< -o $@

run: all
	$(BIN) run pipelines/nightly.yaml

# The demo delivered over a real transport: an HTTPS inbox on 127.0.0.1
# (tests/tools/http_receiver.py, a certificate made for it), the pipeline
# pipelines/delivery-demo.yaml run against it, the inbox stopped.
DEMO := $(BUILD)/demo-deliver
demo-deliver: all
	@rm -rf $(DEMO) && mkdir -p $(DEMO)/inbox && \
	openssl req -x509 -newkey rsa:2048 -nodes -keyout $(DEMO)/tls.key -out $(DEMO)/tls.pem \
		-days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 && \
	{ DEMO_SECRET=demo-secret /usr/bin/python3 tests/tools/http_receiver.py --dir $(DEMO)/inbox \
		--port-file $(DEMO)/port --secret-env DEMO_SECRET --cert $(DEMO)/tls.pem \
		--key $(DEMO)/tls.key & pid=$$!; \
	i=0; while [ ! -s $(DEMO)/port ] && [ $$i -lt 100 ]; do sleep 0.1; i=$$((i + 1)); done; \
	DEMO_SECRET=demo-secret $(BIN) run pipelines/delivery-demo.yaml --set PORT=$$(cat $(DEMO)/port) \
		--set CA=$(CURDIR)/$(DEMO)/tls.pem --set OUT=$(CURDIR)/$(DEMO)/out; rc=$$?; \
	kill $$pid; echo "the partner's inbox ($(DEMO)/inbox):"; ls -l $(DEMO)/inbox; exit $$rc; }

$(BUILD)/tests/failmalloc.so: tests/alloc/failmalloc.c | deps
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC $< -o $@ -ldl

$(BUILD)/fuzz/replay_import_%: tests/fuzz/fuzz_import.c tests/fuzz/replay.c tests/fuzz/util.c \
		tests/fuzz/fuzz.h $(CORE_LIB) | deps
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) -DFUZZ_PLUGIN='"import/$*"' \
		-DFUZZ_EXT='"$(shell sh tests/fuzz/targets.sh ext import_$*)"' \
		-DFUZZ_PLUGIN_DIR='"$(CURDIR)/$(BUILD)/plugins"' $(CFLAGS) \
		$(filter %.c,$^) $(CORE_LIB) -o $@ $(PKG_LIBS) -ldl -lpthread $(LDFLAGS)

$(BUILD)/fuzz/replay_annotate: tests/fuzz/fuzz_annotate.c tests/fuzz/replay.c tests/fuzz/util.c \
		tests/fuzz/fuzz.h $(CORE_LIB) | deps
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) -DFUZZ_PLUGIN_DIR='"$(CURDIR)/$(BUILD)/plugins"' -DFUZZ_ROOT='"$(CURDIR)"' \
		$(CFLAGS) $(filter %.c,$^) $(CORE_LIB) -o $@ $(PKG_LIBS) -ldl -lpthread $(LDFLAGS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/util.c tests/fuzz/fuzz.h \
		$(CORE_LIB) | deps
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) $(CFLAGS) $(filter %.c,$^) $(CORE_LIB) -o $@ $(PKG_LIBS) -ldl -lpthread \
		$(LDFLAGS)

fuzz: deps
	@command -v clang >/dev/null 2>&1 || { echo "make fuzz: needs clang (apt-get install clang libclang-rt-14-dev)"; exit 1; }
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

check: all $(UNIT_BIN) $(TEST_PLUGINS) $(BUILD)/tests/failmalloc.so $(REPLAY_BINS)
	@GALLEY_BUILD=$(BUILD) GALLEY_SANITIZE=$(SANITIZE) GALLEY_CC=$(CC) tests/harness.sh

# `make bench`: the optimised build (the default -O2), synthetic corpora of
# 1k/10k/100k articles (500k with BENCH_FULL=1) under build/bench, a table
# on stdout and build/bench/results.json.  See tests/bench/run.py.
bench: all bench-deps $(BUILD)/bench/entities_bench
	python3 tests/bench/run.py

# The entity matcher alone, for the bench's annotate rows.
$(BUILD)/bench/entities_bench: tests/bench/entities_bench.c $(PLUGIN_LIB) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes -Iplugins/lib \
		$(shell pkg-config --cflags $(PLUGIN_LINK_PKGS)) $(CFLAGS) $< $(PLUGIN_LINK) -o $@ $(LDFLAGS)

# `make langid-compare`: CLD2 against libexttextcat on real text in fourteen
# languages (tests/langid/), the measurement behind annotate/language.
langid-compare: deps
	@[ -f /usr/include/libexttextcat/textcat.h ] || { \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install \
			-y -qq --no-install-recommends libexttextcat-dev >/dev/null || exit 1; }
	@mkdir -p $(BUILD)/tools
	$(CC) -std=c11 -O2 -c plugins/lib/text/norwegian_split.c -o $(BUILD)/tools/norwegian_split.o
	$(CXX) -std=c++17 -O2 -Wall -Wextra -Werror -Iplugins/lib tests/langid/compare.cc \
		$(BUILD)/tools/norwegian_split.o -o $(BUILD)/tools/langid-compare -lcld2 -lexttextcat-2.0
	python3 tests/langid/corpus.py ../shared/data/web pipelines/samples | \
		$(BUILD)/tools/langid-compare | grep -v '^miss'

READABILITY_VERSION := 0.6.0
JSDOM_VERSION := 29.1.1
bench-deps: deps
	@for t in python3 zstd gzip; do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
		echo "make bench-deps: missing:$$missing; installing Debian packages"; \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install \
			-y -qq --no-install-recommends python3 zstd gzip >/dev/null || exit 1; \
	fi
	@# Mozilla Readability, import/html's yardstick for speed (npm registry);
	@# without node the bench prints its rows without the comparison.
	@if [ ! -d build/bench/readability/node_modules/@mozilla/readability ]; then \
		if ! command -v npm >/dev/null 2>&1; then \
			if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
			$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install \
				-y -qq --no-install-recommends nodejs npm >/dev/null || true; \
		fi; \
		mkdir -p build/bench/readability && \
		npm install --silent --no-audit --no-fund --prefix build/bench/readability \
			@mozilla/readability@$(READABILITY_VERSION) jsdom@$(JSDOM_VERSION) >/dev/null || \
			echo "make bench-deps: npm could not install Readability; its comparison is left out"; \
	fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include/galley \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/galley/scripts/lib
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/galley
	for so in $(PLUGINS); do \
		d=$(DESTDIR)$(PREFIX)/lib/galley/plugins/$$(basename $$(dirname $$so)); \
		install -d $$d && install -m 644 $$so $$d/; done
	install -m 644 core/include/galley/plugin.h $(DESTDIR)$(PREFIX)/include/galley/
	install -m 644 scripts/*.lua $(DESTDIR)$(PREFIX)/share/galley/scripts/
	install -m 644 scripts/lib/*.lua $(DESTDIR)$(PREFIX)/share/galley/scripts/lib/
	install -d $(DESTDIR)$(PREFIX)/share/galley/gazetteers $(DESTDIR)$(PREFIX)/share/galley/stopwords
	install -m 644 pipelines/gazetteers/*.yaml $(DESTDIR)$(PREFIX)/share/galley/gazetteers/
	install -m 644 pipelines/stopwords/*.txt $(DESTDIR)$(PREFIX)/share/galley/stopwords/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' core/dist/galley-plugin.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/galley-plugin.pc
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(SYSTEMD_UNIT_DIR)
	install -m 644 core/dist/man/galley.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 core/dist/man/galley-pipeline.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 core/dist/shell/galley.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/galley
	sed 's|@BINDIR@|$(PREFIX)/bin|' core/dist/systemd/galley-nightly@.service \
		> $(DESTDIR)$(SYSTEMD_UNIT_DIR)/galley-nightly@.service
	install -m 644 core/dist/systemd/galley-nightly@.timer $(DESTDIR)$(SYSTEMD_UNIT_DIR)/

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/galley $(DESTDIR)$(PREFIX)/lib/galley \
		$(DESTDIR)$(PREFIX)/include/galley $(DESTDIR)$(PREFIX)/share/galley \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig/galley-plugin.pc \
		$(DESTDIR)$(PREFIX)/share/man/man1/galley.1 $(DESTDIR)$(PREFIX)/share/man/man5/galley-pipeline.5 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/galley \
		$(DESTDIR)$(SYSTEMD_UNIT_DIR)/galley-nightly@.service $(DESTDIR)$(SYSTEMD_UNIT_DIR)/galley-nightly@.timer

clean:
	rm -rf build out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
