# KVM/arm64 hypercall services: a patch series on Debian's Linux 6.1.
#
#   make            build the patched kernel and selftests, boot once, report
#   make check      prove the series (patches/): every step below, then one
#                   TAP stream and "N passed, N failed, N skipped"
#   make build/results/STEP.tap
#                   one step of make check (series, static, patched-nvhe,
#                   base-vhe, part1-vhe, kselftest-vhe, debug-vhe, migrate,
#                   vmm-patched-vhe, ...; make steps lists them)
#   make boot       one boot of your tree's kernel (build/linux), as it is
#                   (uncommitted edits too): MODE=vhe, TEST=aarch64/psci_test
#                   (one test) or GROUP=debug (a group of tests/suite.txt),
#                   KERNEL=debug for the debug config
#   make tree       build/linux = base + patches/, to work in
#   make export     write build/linux's commits back to patches/
#   make kernel     build build/linux's kernel, in build/linux/out
#   make selftests  build its kvm selftests, in build/selftests/linux
#   make run        boot the patched kernel with a shell (MODE=vhe)
#   make bench      instruction counts of the SMCCC call paths: patched, base
#                   and mainline (scripts/bench.sh)
#   make vmm-check  the real-VMM steps of make check (after its series step):
#                   Debian's QEMU boots a nested guest on the patched and
#                   base kernels, in each mode
#   make kselftest  the standard kselftest install of the patched tree's kvm
#                   selftests, as build/kselftest/kselftest-kvm-arm64.tar.gz,
#                   to run on a real arm64 host
#   make deps       apt-get what the harness needs (scripts/deps.sh)
#   make clean      remove build output; keep the source trees
#   make help       print this list
#   MODES=...       the KVM modes make check boots (default: every mode of
#                   tests/modes.txt; the base, part1 and kselftest boots
#                   need vhe); DEBUG_MODES=... the debug kernel's (default
#                   vhe; empty: no debug kernel, build or boot)
#
# Everything built lives in build/; only patches/ and the harness land.

include base.mk
export BASE_PACKAGE BASE_VERSION BASE_SHA256 BASE_TARBALL PEER_PACKAGE

# One recipe at a time: the builds use every core themselves, and two VMs
# at once on two cores slow each other tenfold.
.NOTPARALLEL:
# Every file a step makes is kept: none is an intermediate to delete.
.SECONDARY:
.PHONY: all report deps tree export kernel kernel-debug selftests check steps boot \
	bench vmm-check kselftest run clean help

R := build/results
K := build/kernels
S := build/selftests
MODES ?= $(shell scripts/matrix.sh modes)
DEBUG_MODES ?= vhe
# The base kernel, the end of part 1 and the kselftest runner boot once, in VHE.
ONCE := $(filter vhe,$(MODES))
# The end of part 1, if patches/series has one.
PART1 := $(if $(shell grep -x '# Part 2: beyond mainline' patches/series),$(ONCE))
BOOTS := $(MODES:%=patched-%) $(ONCE:%=base-%) $(PART1:%=part1-%) $(ONCE:%=kselftest-%) \
	$(DEBUG_MODES:%=debug-%)
STEPS := upstream series static $(BOOTS) $(ONCE:%=regressions-%) migrate \
	$(MODES:%=vmm-patched-%) $(MODES:%=vmm-base-%)
STEP_TAPS := $(STEPS:%=$(R)/%.tap)
STEP = @scripts/step.sh $@
TIMED = @scripts/step.sh -t $@
GEN := $(K)/base/gen_init_cpio
PATCHES := $(addprefix patches/,$(shell grep -v '^\#' patches/series))
KERNELS := $(K)/base/Image $(PART1:%=$(K)/part1/Image) $(K)/patched/Image

all: report

help:
	@sed -n '/^#   make/,/^#$$/s/^#   //p' $(firstword $(MAKEFILE_LIST))

steps:
	@echo $(STEPS)

# --- make check: a graph of steps, each writing build/results/STEP.tap ---

# Every step it can (-k); then a step that is not up to date (one it needs
# failed, so it did not run) counts as failed, whatever an earlier run left.
check: build/.deps
	@mkdir -p $(R) && rm -f $(R)/times.txt && scripts/ccache-rate.sh save $(R)/ccache.before
	-@$(MAKE) --no-print-directory -k $(STEP_TAPS)
	@scripts/ccache-rate.sh $(R)/ccache.before | tee -a $(R)/times.txt
	@for t in $(STEP_TAPS); do \
		$(MAKE) -s -q $$t 2>/dev/null && echo $$t || echo "!$$t"; \
	done | xargs scripts/tap-summary.pl $(R)/check.tap

build/.deps: scripts/deps.sh base.mk
	@scripts/deps.sh $(BASE_PACKAGE)=$(BASE_VERSION) && mkdir -p build && touch $@

build/linux/.git: | build/.deps
	@scripts/tree.sh

build/base/Makefile: | build/linux/.git
	git -C build/linux worktree add -q --detach ../base base

# build/linux as patches/ has it (scripts/tree.sh refuses to drop work).
build/linux.synced: $(PATCHES) patches/series | build/.deps
	@scripts/tree.sh && touch $@

# The upstream commits each patch cites, as tests/upstream.txt lists them.
$(R)/upstream.tap: $(PATCHES) tests/upstream.txt scripts/upstream-check.pl
	$(STEP) scripts/upstream-check.pl tests/upstream.txt $(PATCHES)

# The series, patch by patch; it leaves the kernels in build/kernels (base,
# part1, patched) and the static checkers' reports.
$(R)/series.tap $(KERNELS) &: $(PATCHES) patches/series configs/kvm.config configs/vmm.config \
		configs/x86.config scripts/series.sh scripts/static.sh scripts/kernel.sh \
		scripts/selftests.sh scripts/lib.sh build/linux.synced
	@scripts/step.sh $(R)/series.tap scripts/series.sh

$(R)/static.tap: $(R)/series.tap scripts/static-tap.sh
	$(STEP) scripts/static-tap.sh $(R)/static base part1 patched

$(K)/debug/Image: $(K)/patched/Image configs/kvm.config configs/debug.config scripts/kernel.sh
	$(TIMED) sh -c '. scripts/lib.sh && OUT=out-debug scripts/kernel.sh build/series $$debug_config'
	@mkdir -p $(@D) && cp build/series/out-debug/arch/arm64/boot/Image $@

HARNESS_TESTS := tests/init.c tests/kvm-fw.c tests/kmemleak.c tests/suite.txt \
	scripts/matrix.sh scripts/selftests.sh scripts/lib.sh

$(S)/base/bin/init: $(K)/base/Image $(HARNESS_TESTS) | build/base/Makefile
	$(TIMED) env HDR=$(K)/base/include scripts/selftests.sh build/base $(S)/base

# Part 1's own builds, in a worktree at the end of part 1.
build/part1/Makefile: | build/linux/.git
	git -C build/linux worktree add -q --detach ../part1 base

$(S)/part1/bin/init: $(K)/part1/Image $(HARNESS_TESTS) | build/part1/Makefile
	@git -C build/part1 checkout -q --detach $$(cat $(K)/part1/commit)
	$(TIMED) env HDR=$(K)/part1/include scripts/selftests.sh --listed build/part1 $(S)/part1

$(S)/series/bin/init: $(K)/patched/Image $(HARNESS_TESTS)
	$(TIMED) scripts/selftests.sh --strict build/series $(S)/series

$(S)/patched/tests/init: $(S)/base/bin/init $(S)/series/bin/init scripts/stage-patched.sh
	@scripts/stage-patched.sh $(S)/base/bin $(S)/series/bin build/series $(S)/patched

$(S)/kselftest/kselftest-kvm-arm64.tar.gz: $(K)/patched/Image scripts/kselftest.sh
	$(TIMED) scripts/kselftest.sh build/series $(@D)

# The tarball unpacked as a host would, with busybox for its shell.
$(S)/kselftest/vm/init: $(S)/kselftest/kselftest-kvm-arm64.tar.gz build/busybox/bin/busybox \
		tests/kselftest-vm.sh $(S)/series/bin/init
	@rm -rf $(@D) && mkdir -p $(@D)/bin $(@D)/kselftest
	@tar -xf $< -C $(@D)/kselftest
	@cp build/busybox/bin/busybox tests/kselftest-vm.sh $(@D)/bin/
	@cp $(S)/series/bin/init $@

# The boots: NAME MODE GROUP IMAGE GEN_INIT_CPIO DIR:PREFIX... (scripts/bootset.sh)
BOOT_DEPS := tests/suite.txt tests/modes.txt scripts/bootset.sh scripts/matrix.sh \
	scripts/console-tap.sh scripts/initramfs.sh scripts/boot.sh scripts/lib.sh
$(R)/patched-%.tap: $(BOOT_DEPS) $(K)/patched/Image $(S)/patched/tests/init
	$(STEP) scripts/bootset.sh patched $* patched $(K)/patched/Image $(GEN) \
		$(S)/patched/tests: $(S)/patched/changed:base/
$(R)/base-%.tap: $(BOOT_DEPS) $(K)/base/Image $(S)/base/bin/init
	$(STEP) scripts/bootset.sh base $* patched $(K)/base/Image $(GEN) $(S)/base/bin:
$(R)/part1-%.tap: $(BOOT_DEPS) $(K)/part1/Image $(S)/part1/bin/init
	$(STEP) scripts/bootset.sh part1 $* part1 $(K)/part1/Image $(GEN) $(S)/part1/bin:
$(R)/debug-%.tap: $(BOOT_DEPS) $(K)/debug/Image $(S)/series/bin/init
	$(STEP) scripts/bootset.sh debug $* debug $(K)/debug/Image $(GEN) $(S)/series/bin:
$(R)/kselftest-%.tap: $(BOOT_DEPS) $(S)/kselftest/vm/init
	$(STEP) scripts/bootset.sh kselftest $* kselftest $(K)/patched/Image $(GEN) \
		$(S)/kselftest/vm:/

$(R)/regressions-%.tap: $(R)/base-%.tap $(R)/patched-%.tap scripts/regressions.sh
	$(STEP) scripts/regressions.sh $* $(R)/base-$*.tap $(R)/patched-$*.tap

$(R)/migrate.tap: $(K)/base/Image $(K)/patched/Image $(S)/base/bin/init $(S)/series/bin/init \
		scripts/migrate.sh scripts/initramfs.sh scripts/boot.sh
	$(STEP) scripts/migrate.sh

build/vmm/tests: scripts/vmm.sh tests/init.c tests/vmm-run.c tests/l2-init.c | build/.deps
	@scripts/vmm.sh stage

VMM_DEPS := build/vmm/tests tests/modes.txt scripts/boot.sh scripts/initramfs.sh
$(R)/vmm-patched-%.tap: $(K)/patched/Image $(VMM_DEPS)
	$(STEP) scripts/vmm.sh patched $(K)/patched/Image $(GEN) $*
$(R)/vmm-base-%.tap: $(K)/base/Image $(VMM_DEPS)
	$(STEP) scripts/vmm.sh base $(K)/base/Image $(GEN) $*

vmm-check: $(MODES:%=$(R)/vmm-patched-%.tap) $(MODES:%=$(R)/vmm-base-%.tap)
	@scripts/tap-summary.pl $(R)/vmm-check.tap $^

# --- your tree, build/linux ---

IMAGE     := build/linux/out/arch/arm64/boot/Image
GEN_CPIO  := build/linux/out/usr/gen_init_cpio
MODE ?= vhe
KERNEL ?= patched
GROUP ?= $(if $(filter debug,$(KERNEL)),debug,patched)
BOOT_IMAGE := $(if $(filter debug,$(KERNEL)),build/linux/out-debug/arch/arm64/boot/Image,$(IMAGE))

deps:
	@scripts/deps.sh $(BASE_PACKAGE)=$(BASE_VERSION)

tree: deps
	@scripts/tree.sh

export:
	@scripts/export.sh

kernel: | build/linux/.git
	@. scripts/lib.sh && scripts/kernel.sh build/linux $$kernel_config

kernel-debug: | build/linux/.git
	@. scripts/lib.sh && OUT=out-debug scripts/kernel.sh build/linux $$debug_config

selftests: kernel
	@scripts/selftests.sh build/linux build/selftests/linux

boot: selftests $(if $(filter debug,$(KERNEL)),kernel-debug)
	@case $(KERNEL) in patched | debug) ;; *) echo "make boot: KERNEL is patched or" \
		"debug (your tree's kernel); make check's kernels: make build/results/STEP.tap"; \
		exit 1 ;; esac
	@RESULTS=$(R)/boot ONLY=$(TEST) scripts/step.sh $(R)/boot/$(KERNEL)-$(MODE).tap \
		scripts/bootset.sh $(KERNEL) $(MODE) $(GROUP) $(BOOT_IMAGE) $(GEN_CPIO) \
		build/selftests/linux/bin: >/dev/null
	@scripts/tap-summary.pl $(R)/boot/summary.tap $(R)/boot/$(KERNEL)-$(MODE).tap

report: selftests
	@mkdir -p $(R) build/initramfs
	@scripts/initramfs.sh build/initramfs/report.cpio $(GEN_CPIO) report build/selftests/linux/bin:
	@scripts/boot.sh $(IMAGE) build/initramfs/report.cpio vhe $(R)/report.log 300 >/dev/null
	@echo
	@echo "What the patched kernel ($$(git -C build/linux describe --tags)) offers, VHE mode:"
	@grep -a '^# ' $(R)/report.log | grep -v ' took [0-9]*s$$' | sed 's/^# \{0,1\}/  /'
	@grep -a -q '^ok 1 kvm-report' $(R)/report.log || \
		{ echo "kvm-report failed: see $(R)/report.log"; exit 1; }

bench: selftests | build/base/Makefile
	@scripts/deps.sh $(PEER_PACKAGE)
	@scripts/bench.sh

kselftest: kernel
	@scripts/kselftest.sh build/linux build/kselftest

build/busybox/bin/busybox: | build/.deps
	@echo "busybox: fetching Debian's busybox-static for arm64"
	@sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		dpkg --print-foreign-architectures | grep -qx arm64 || \
		{ $$sudo dpkg --add-architecture arm64 && $$sudo apt-get update -qq; }
	@rm -rf build/busybox && mkdir -p build/busybox
	@cd build/busybox && apt-get download -q busybox-static:arm64 && \
		dpkg-deb -x busybox-static_*_arm64.deb .

run: selftests build/busybox/bin/busybox
	@scripts/initramfs.sh build/initramfs/run.cpio $(GEN_CPIO) shell build/selftests/linux/bin:
	@scripts/boot.sh $(IMAGE) build/initramfs/run.cpio $(MODE) -

clean:
	rm -rf build/*/out build/*/out-debug build/*/out-x86 build/kernels build/selftests build/linux.synced \
		build/initramfs build/results build/vmm build/busybox build/kselftest build/.deps
