#!/bin/bash
# make check: everything from patches/ to one TAP stream whose last line is
# "N passed, N failed, N skipped".
#   1. the series, patch by patch (scripts/series.sh): build/series
#   2. the base kernel, from the worktree build/base (tag "base"), and the
#      debug kernel: the patched tree with configs/debug.config (KASAN,
#      lockdep, UBSAN, ...) in build/series/out-debug
#   3. the kvm selftests of both trees
#   4. boots, two VMs at a time (BOOT_JOBS): the base suite on the base
#      kernel, and the patched suite plus the base builds of the tests the
#      series changed on the patched kernel, in each KVM mode (MODES); the
#      patched suite (without the base builds) on the debug kernel in
#      DEBUG_MODES
#   5. scripts/migrate.sh: the migration matrix between the two kernels
#   6. scripts/vmm.sh: Debian's QEMU boots and reboots a nested guest on
#      each kernel, in each mode
#   7. scripts/summary.sh: results, console reports, regressions
set -euo pipefail
. scripts/lib.sh

step() { echo "== $* (${SECONDS}s)"; }
modes=${MODES:-vhe nvhe protected}
export DEBUG_MODES=${DEBUG_MODES-vhe}
res=build/results
rm -rf "$res"
mkdir -p "$res" build/initramfs

step "the series"
series_ok=0
scripts/series.sh || series_ok=$?

if [ "$series_ok" = 0 ]; then
	step "the base kernel"
	base_kernel
	step "the debug kernel"
	OUT=out-debug scripts/kernel.sh build/series $debug_config

	step "the selftests"
	scripts/selftests.sh build/base build/selftests/base
	scripts/selftests.sh build/series build/selftests/series
	# The base builds of tests the series changed also run on the patched
	# kernel: unchanged userspace must keep working.
	rm -rf build/selftests/changed
	(cd build/selftests/base/bin && find . -type f ! -name init ! -name kvm-fw) |
	while read -r t; do
		cmp -s "build/selftests/base/bin/$t" "build/selftests/series/bin/$t" && continue
		mkdir -p "build/selftests/changed/$(dirname "$t")"
		cp "build/selftests/base/bin/$t" "build/selftests/changed/$t"
	done
	mkdir -p build/selftests/changed

	gen=build/base/out/usr/gen_init_cpio
	scripts/initramfs.sh build/initramfs/base.cpio $gen suite build/selftests/base/bin:
	scripts/initramfs.sh build/initramfs/patched.cpio $gen suite \
		build/selftests/series/bin: build/selftests/changed:base/
	TIMEOUT_SCALE=4 scripts/initramfs.sh build/initramfs/debug.cpio $gen suite build/selftests/series/bin:

	step "the test boots (${modes// /, }; debug kernel: ${DEBUG_MODES// /, })"
	boots=()
	for mode in $DEBUG_MODES; do
		boots+=("build/series/out-debug debug $mode $res/debug-$mode.log")
	done
	for mode in $modes; do
		boots+=("build/base/out base $mode $res/base-$mode.log")
		boots+=("build/series/out patched $mode $res/patched-$mode.log")
	done
	for b in "${boots[@]}"; do
		read -r out cpio mode log <<<"$b"
		while [ "$(jobs -rp | wc -l)" -ge "${BOOT_JOBS:-2}" ]; do wait -n; done
		scripts/boot.sh $out/arch/arm64/boot/Image build/initramfs/$cpio.cpio "$mode" "$log" &
	done
	wait

	step "the migration matrix (old = base, new = patched)"
	scripts/migrate.sh || echo "migrate.sh stopped early; the summary says where"

	step "a real VMM: Debian's QEMU in the test VM, a nested guest, a reboot"
	scripts/vmm.sh base=build/base patched=build/series ||
		echo "vmm.sh stopped early; the summary says where"
fi

step "results"
scripts/summary.sh $modes
