# smk — plain Makefile.  CFLAGS, LDFLAGS, PREFIX and DESTDIR are yours.
PREFIX   ?= /usr/local
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
# bash-completion loads completions/<command> on the command's first <Tab>
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
CC       ?= cc
CFLAGS   ?= -O2 -g
# Warnings are errors in our own builds; `make WERROR=` builds anyway.
WERROR   ?= -Werror
WFLAGS    = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings $(WERROR)
SQLITE_CFLAGS ?= $(shell pkg-config --cflags sqlite3 2>/dev/null)
SQLITE_LIBS   ?= $(shell pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)
CSV_LIBS      ?= -lcsv

# SANITIZE=address,undefined builds into its own directory, so a sanitized
# and a plain build never share objects.
ifneq ($(SANITIZE),)
BUILD    ?= build-san
SANFLAGS  = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD    ?= build
SANFLAGS  =
endif

ALL_CFLAGS  = $(WFLAGS) $(SANFLAGS) $(SQLITE_CFLAGS) -Ilibsmk -I$(BUILD)/gen $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS        = $(CSV_LIBS) $(SQLITE_LIBS) -lm -lpthread

CMDS     = lead-import handoff campaign-report joint-kpi
LIB_SRC  = $(sort $(wildcard libsmk/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_COMMON = $(BUILD)/cmd/common.o
BINS     = $(CMDS:%=$(BUILD)/bin/%)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MAN1     = $(CMDS:%=man/%.1)
MAN7     = man/smk.7
# One file completes all four tools; it is installed under each name.
COMPLETION = scripts/completion/smk.bash

.PHONY: all deps check demo bench lint install uninstall clean units \
        fuzz fuzz-build fuzz-targets valgrind

all: $(BINS) $(UNITS)

# Installs (as root) or names the missing build dependencies, once per
# build directory; every object waits for it (also under make -j).
DEPS_OK = $(BUILD)/.deps-ok
# The set the goal needs, so that a newcomer is told (or root installs)
# everything in one round.
DEPS_SET = $(if $(filter check,$(MAKECMDGOALS)),check,$(if $(filter bench,$(MAKECMDGOALS)),bench,$(if $(filter demo,$(MAKECMDGOALS)),demo,build)))
$(DEPS_OK): scripts/deps
	@mkdir -p $(@D)
	@scripts/deps $(DEPS_SET)
	@touch $@

deps: $(DEPS_OK)

# Objects reached only through pattern rules would otherwise be deleted as
# intermediate files after every make, and relinked by the next one.
.SECONDARY: $(CMDS:%=$(BUILD)/cmd/%.o) $(CMD_COMMON) $(UNIT_SRC:%.c=$(BUILD)/%.o)

$(BUILD)/libsmk.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# The schema and its migrations are SQL in their own files, each embedded
# as an array of C string lines.
$(BUILD)/gen/%.h: libsmk/%.sql | $(DEPS_OK)
	@mkdir -p $(@D)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n",/' $< >$@

$(BUILD)/libsmk/db.o: $(BUILD)/gen/schema.h $(BUILD)/gen/schema-2.h \
    $(BUILD)/gen/schema-3.h $(BUILD)/gen/schema-4.h

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(CMD_COMMON) $(BUILD)/libsmk.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CMD_COMMON) $(BUILD)/libsmk.a $(LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libsmk.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libsmk.a $(LIBS)

units: $(UNITS)

check: $(BINS) $(UNITS)
	@scripts/deps check
	@$(MAKE) --no-print-directory lint
	@if scripts/deps fuzz >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory fuzz-build; fi
	@BUILD=$(BUILD) tests/run

# Fuzz targets (tests/fuzz/fuzz_*.c): clang's libFuzzer with ASan and
# UBSan over the library built with the same instrumentation, in their own
# directory, never in the normal build.  `make fuzz` runs each for
# FUZZ_SECONDS; `make check` runs each for 5 s (tests/fuzz/fuzz-pass).
FUZZ_CC      ?= clang
FUZZ_BUILD    = build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 2
FUZZ_SRC      = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS     = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_COMMON   = $(BUILD)/tests/fuzz/fuzz.o

fuzz-build:
	@scripts/deps fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    SANITIZE=fuzzer-no-link,address,undefined fuzz-targets

# (what fuzz-build makes in its directory, with clang)
fuzz-targets: $(FUZZ_BINS)

.SECONDARY: $(FUZZ_SRC:%.c=$(BUILD)/%.o) $(FUZZ_COMMON)

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_COMMON) $(BUILD)/libsmk.a
	@mkdir -p $(@D)
	$(CC) $(subst fuzzer-no-link,fuzzer,$(ALL_LDFLAGS)) -o $@ $< \
	    $(FUZZ_COMMON) $(BUILD)/libsmk.a $(LIBS)

fuzz: fuzz-build
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) \
	    tests/fuzz/fuzz-pass

# The unit and end-to-end tests with every tool and unit test under
# valgrind (scripts/valgrind-run): leaks and invalid accesses fail them.
valgrind: $(BINS) $(UNITS)
	@scripts/deps valgrind
	@BUILD=$(BUILD) scripts/valgrind-run

demo: $(BINS)
	@scripts/deps demo
	@BUILD=$(BUILD) scripts/demo

# bench-report and bench-kpi share one generated database of 1M leads,
# made in a scratch directory and removed after (BENCH_DB=FILE keeps it)
bench: $(BINS)
	@scripts/deps bench
	@BUILD=$(BUILD) scripts/bench
	@BUILD=$(BUILD) scripts/bench-handoff
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/smk-bench.XXXXXX") && \
	    db=$${BENCH_DB:-$$d/report.db} && \
	    BUILD=$(BUILD) BENCH_DB=$$db scripts/bench-report && \
	    BUILD=$(BUILD) BENCH_DB=$$db scripts/bench-kpi; \
	    st=$$?; rm -rf "$$d"; exit $$st

lint:
	@scripts/deps lint
	mandoc -T lint -W warning $(MAN1) $(MAN7)

install: $(BINS)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	mkdir -p $(DESTDIR)$(BASHCOMPDIR)
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	for c in $(CMDS); do cp $(COMPLETION) $(DESTDIR)$(BASHCOMPDIR)/$$c || exit 1; done

uninstall:
	rm -f $(CMDS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(DESTDIR)$(MANDIR)/man7/smk.7
	rm -f $(CMDS:%=$(DESTDIR)$(BASHCOMPDIR)/%)

clean:
	rm -rf build build-san build-fuzz tests/tmp*

-include $(LIB_OBJ:.o=.d) $(CMD_COMMON:.o=.d) $(BINS:$(BUILD)/bin/%=$(BUILD)/cmd/%.d) $(UNITS:$(BUILD)/tests/%=$(BUILD)/tests/unit/%.d)
-include $(FUZZ_SRC:%.c=$(BUILD)/%.d) $(FUZZ_COMMON:.o=.d)
