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
PKGS := lua5.4 yaml-0.1 libarchive jansson libutf8proc libpcre2-8 libcrypto sqlite3
TEST_PKGS := cmocka
# Libraries only plugins link (see LIBS_kind/name below).
PLUGIN_PKGS := libxml-2.0 libcmark hunspell zlib libzstd libisal
DEB_PKGS := pkg-config liblua5.4-dev libyaml-dev libarchive-dev libjansson-dev \
	libutf8proc-dev libpcre2-dev libssl-dev libsqlite3-dev libcmocka-dev \
	libxml2-dev libcmark-dev libcld2-dev g++ iso-codes zlib1g-dev libzstd-dev libisal-dev \
	libhunspell-dev hunspell-en-us hunspell-en-gb hunspell-sv hunspell-no libstemmer-dev \
	perl jq libarchive-tools unzip zstd libxml2-utils cmark man-db groff-base bsdutils \
	python3-jsonschema python3-html5lib python3-feedparser libmimalloc-dev isal
# Libraries without a pkg-config file, known by a header, and data files.
HEADERS := cld2/public/compact_lang_det.h libstemmer.h mimalloc.h
DATA_FILES := /usr/share/iso-codes/json/iso_3166-1.json /usr/share/hunspell/en_US.dic \
	/usr/share/hunspell/en_GB.dic \
	/usr/share/hunspell/sv_SE.dic /usr/share/hunspell/nb_NO.dic /usr/share/hunspell/nn_NO.dic
TOOLS := pkg-config g++ prove jq bsdtar unzip xmllint cmark man script
# Validators the tests run with Debian's /usr/bin/python3.
PY_MODULES := jsonschema html5lib feedparser

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
# One file is C++, for a library with only a C++ API (plugins/lib/cld2_detect.cc).
ifeq ($(origin CXX),default)
CXX := $(if $(findstring clang,$(CC)),clang++,g++)
endif
OPT ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) -MMD -MP
# Recursively expanded: pkg-config runs when a recipe runs, after `deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))

CORE_SRC := $(filter-out core/main.c,$(wildcard core/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
CORE_LIB := $(BUILD)/libgalley-core.a
BIN := $(BUILD)/galley

# plugins/lib/ is code several plugins share, linked into those that list
# it in LIBSRC_kind/name; it is not a plugin itself.
PLUGIN_SRC := $(filter-out plugins/lib/%,$(wildcard plugins/*/*.c))
PLUGIN_LIB_DEPS := $(wildcard plugins/lib/*.c plugins/lib/*.h)
PLUGINS := $(PLUGIN_SRC:plugins/%.c=$(BUILD)/plugins/%.so)
# Libraries each plugin links (plugins link nothing of galley itself).
LIBS_import/text := yaml-0.1 jansson
LIBSRC_import/text := plugins/lib/import_files.c plugins/lib/front_matter_in.c plugins/lib/yaml_doc.c
LIBS_import/ninjs := jansson libxml-2.0
LIBSRC_import/ninjs := plugins/lib/import_files.c plugins/lib/html_blocks.c plugins/lib/html_node.c plugins/lib/html_raw.c \
	plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/article_fill.c
LIBS_import/html := jansson libxml-2.0
LIBSRC_import/html := plugins/lib/import_files.c plugins/lib/html_blocks.c plugins/lib/html_node.c plugins/lib/html_raw.c \
	plugins/lib/html_page.c plugins/lib/html_readable.c plugins/lib/html_words.c plugins/lib/html_select.c \
	plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c
LIBS_import/nitf := jansson libxml-2.0
LIBSRC_import/nitf := plugins/lib/import_files.c plugins/lib/xml_in.c plugins/lib/nitf_read.c \
	plugins/lib/article_fill.c plugins/lib/html_node.c plugins/lib/html_raw.c plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c
LIBS_import/newsml := jansson libxml-2.0
LIBSRC_import/newsml := $(LIBSRC_import/nitf) plugins/lib/html_blocks.c
LIBS_import/wxr := jansson libxml-2.0
LIBSRC_import/wxr := plugins/lib/import_files.c plugins/lib/xml_in.c plugins/lib/article_fill.c \
	plugins/lib/html_blocks.c plugins/lib/html_node.c plugins/lib/html_raw.c plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/caption.c \
	plugins/lib/wp_content.c
LIBS_import/markdown := libcmark yaml-0.1 jansson libxml-2.0
LIBSRC_import/markdown := plugins/lib/import_files.c plugins/lib/front_matter_in.c plugins/lib/yaml_doc.c \
	plugins/lib/article_fill.c plugins/lib/caption.c plugins/lib/html_blocks.c plugins/lib/html_node.c plugins/lib/html_raw.c \
	plugins/lib/text_out.c plugins/lib/strbuf.c
LIBS_import/archive := libarchive
LIBSRC_import/archive := plugins/lib/import_files.c plugins/lib/archive_in.c
LIBS_clean/text := libutf8proc libpcre2-8
LIBSRC_clean/text := plugins/lib/strbuf.c
LIBS_export/json :=
LIBSRC_export/json := plugins/lib/export_path.c
LIBS_annotate/stats := libutf8proc
LIBSRC_annotate/stats := plugins/lib/text_count.c
LIBS_annotate/entities := libutf8proc yaml-0.1 jansson
LIBSRC_annotate/entities := plugins/lib/aho_corasick.c plugins/lib/gazetteer.c \
	plugins/lib/gazetteer_load.c plugins/lib/mo_file.c plugins/lib/yaml_doc.c plugins/lib/strbuf.c \
	plugins/lib/run_shared.c plugins/lib/gazetteer_run.c
LIBSRC_clean/typography := plugins/lib/strbuf.c
LIBS_annotate/keywords := libutf8proc jansson
LIBSRC_annotate/keywords := plugins/lib/run_shared.c plugins/lib/strbuf.c plugins/lib/words.c
LDLIBS_annotate/keywords := -lstemmer
LIBS_clean/spelling := hunspell libutf8proc yaml-0.1 jansson
LIBSRC_clean/spelling := $(LIBSRC_annotate/entities) plugins/lib/words.c
LIBS_annotate/quotes := libutf8proc
LIBSRC_annotate/quotes := plugins/lib/quote_find.c plugins/lib/strbuf.c
LIBSRC_annotate/language := plugins/lib/norwegian_split.c
OBJ_annotate/language := $(BUILD)/obj/plugins/lib/cld2_detect.o
LDLIBS_annotate/language := -lcld2 -lstdc++
$(BUILD)/plugins/annotate/language.so: $(OBJ_annotate/language)
LIBS_package/archive := libarchive libcrypto jansson zlib libzstd libisal
LIBSRC_package/archive := plugins/lib/datetime.c plugins/lib/zpipe.c
LIBS_export/ninjs := jansson
LIBSRC_export/ninjs := plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c plugins/lib/export_path.c \
	plugins/lib/article_doc.c
LIBS_export/nitf := jansson libxml-2.0
LIBSRC_export/nitf := plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c plugins/lib/export_path.c \
	plugins/lib/article_doc.c plugins/lib/xml_out.c
LIBS_export/html := jansson
LIBSRC_export/html := plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c plugins/lib/export_path.c \
	plugins/lib/article_doc.c plugins/lib/html_template.c
LIBS_export/markdown := jansson libcmark yaml-0.1
LIBSRC_export/markdown := plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c plugins/lib/export_path.c \
	plugins/lib/article_doc.c plugins/lib/front_matter.c
LIBS_export/feed := jansson libxml-2.0
LIBSRC_export/feed := plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c plugins/lib/export_path.c \
	plugins/lib/article_doc.c plugins/lib/xml_out.c
LIBS_export/text := jansson yaml-0.1
LIBSRC_export/text := plugins/lib/text_out.c plugins/lib/strbuf.c plugins/lib/datetime.c plugins/lib/export_path.c \
	plugins/lib/article_doc.c plugins/lib/front_matter.c

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
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) -Wno-missing-prototypes -Icore \
	-Itests/fuzz $(PKG_CFLAGS)

.PHONY: all deps bench-deps run check bench fuzz install uninstall clean langid-compare
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
	fi

$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -Icore $(PKG_CFLAGS) -DGALLEY_VERSION='"$(VERSION)"' \
		-DGALLEY_LIBDIR='"$(PREFIX)/lib/galley"' $(CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(BUILD)/obj/core/main.o $(CORE_LIB)
	$(CC) $(SAN) $(LDFLAGS) $^ $(MALLOC_LIBS) $(PKG_LIBS) -ldl -lpthread -o $@

# A plugin sees only core/galley/plugin.h, as a third party's would.
$(BUILD)/plugins/%.so: plugins/%.c core/galley/plugin.h $(PLUGIN_LIB_DEPS) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -fPIC -fvisibility=hidden -shared -Icore -Iplugins/lib \
		$(if $(LIBS_$*),$(shell pkg-config --cflags $(LIBS_$*))) $(CFLAGS) $< $(LIBSRC_$*) \
		$(OBJ_$*) -o $@ $(if $(LIBS_$*),$(shell pkg-config --libs $(LIBS_$*))) $(LDLIBS_$*) \
		$(LDFLAGS)

# C++ for plugins (no vptr check: the C-linked galley has no C++ UBSan runtime).
$(BUILD)/obj/%.o: %.cc | deps
	@mkdir -p $(@D)
	$(CXX) -std=c++17 $(OPT) -Wall -Wextra -Werror $(SAN) $(if $(SAN),-fno-sanitize=vptr) \
		-MMD -MP -fPIC -fvisibility=hidden -Iplugins/lib $(CXXFLAGS) -c $< -o $@

# A unit test of a plugins/lib module includes its .c and names its libraries here.
TESTLIBS_test_zpipe := zlib libzstd libisal
# A unit test that includes a plugin's .c finds its plugins/lib headers.
TESTINC_test_clean_runs := -Iplugins/lib
$(BUILD)/tests/%: tests/unit/%.c $(CORE_LIB) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes -Icore $(TESTINC_$*) $(PKG_CFLAGS) \
		$(shell pkg-config --cflags cmocka $(TESTLIBS_$*)) $(CFLAGS) $< $(CORE_LIB) -o $@ \
		$(PKG_LIBS) $(shell pkg-config --libs cmocka $(TESTLIBS_$*)) -ldl -lpthread $(LDFLAGS)

$(BUILD)/tests/plugins/%.so: tests/plugins/%.c tests/plugins/test/stubs.h core/galley/plugin.h | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -fPIC -fvisibility=hidden -shared -Icore $(CFLAGS) $< -o $@

run: all
	$(BIN) run pipelines/nightly.yaml

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
$(BUILD)/bench/entities_bench: tests/bench/entities_bench.c $(LIBSRC_annotate/entities) \
		$(PLUGIN_LIB_DEPS) | deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes -Icore -Iplugins/lib \
		$(shell pkg-config --cflags $(LIBS_annotate/entities)) $(CFLAGS) $< \
		$(LIBSRC_annotate/entities) -o $@ $(shell pkg-config --libs $(LIBS_annotate/entities)) $(LDFLAGS)

# `make langid-compare`: CLD2 against libexttextcat on real text in fourteen
# languages (tests/langid/), the measurement behind annotate/language.
langid-compare: deps
	@[ -f /usr/include/libexttextcat/textcat.h ] || { \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install \
			-y -qq --no-install-recommends libexttextcat-dev >/dev/null || exit 1; }
	@mkdir -p $(BUILD)/tools
	$(CC) -std=c11 -O2 -c plugins/lib/norwegian_split.c -o $(BUILD)/tools/norwegian_split.o
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
	install -m 644 core/galley/plugin.h $(DESTDIR)$(PREFIX)/include/galley/
	install -m 644 scripts/*.lua $(DESTDIR)$(PREFIX)/share/galley/scripts/
	install -m 644 scripts/lib/*.lua $(DESTDIR)$(PREFIX)/share/galley/scripts/lib/
	install -d $(DESTDIR)$(PREFIX)/share/galley/gazetteers $(DESTDIR)$(PREFIX)/share/galley/stopwords
	install -m 644 pipelines/gazetteers/*.yaml $(DESTDIR)$(PREFIX)/share/galley/gazetteers/
	install -m 644 pipelines/stopwords/*.txt $(DESTDIR)$(PREFIX)/share/galley/stopwords/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' core/galley-plugin.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/galley-plugin.pc
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(SYSTEMD_UNIT_DIR)
	install -m 644 core/man/galley.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 core/man/galley-pipeline.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 core/shell/galley.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/galley
	sed 's|@BINDIR@|$(PREFIX)/bin|' core/systemd/galley-nightly@.service \
		> $(DESTDIR)$(SYSTEMD_UNIT_DIR)/galley-nightly@.service
	install -m 644 core/systemd/galley-nightly@.timer $(DESTDIR)$(SYSTEMD_UNIT_DIR)/

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
