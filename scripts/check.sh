#!/bin/bash
# make check: everything from patches/ to one TAP stream whose last line is
# "N passed, N failed, N skipped".
#   1. the series, patch by patch (scripts/series.sh): build/series; the
#      x86_64 KVM builds; the kernel and selftests of the end of part 1
#      (build/boundary, build/selftests/part1) if the series has a boundary
#   2. the base kernel, from the worktree build/base (tag "base"), and the
#      debug kernel: the patched tree with configs/debug.config (KASAN,
#      lockdep, UBSAN, ...) in build/series/out-debug
#   3. the kvm selftests of both trees
#   4. boots: the base suite on the base kernel; on the patched kernel,
#      the series' builds of the tests it added or changed and the base's
#      builds of all base tests; in each KVM mode (MODES); the series'
#      builds of the whole suite on the debug kernel in DEBUG_MODES; the
#      end of part 1 with its own builds, in VHE
#   5. scripts/migrate.sh: the migration matrix between the two kernels
#   6. scripts/vmm.sh: Debian's QEMU boots and reboots a nested guest on
#      each kernel, in each mode
#   7. scripts/summary.sh: results, console reports, regressions
set -euo pipefail
. scripts/lib.sh

step() { echo "== $* (${SECONDS}s)"; }
modes=${MODES:-vhe nvhe protected}
boundary=$(boundary_patch)
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
	# What the patched kernel runs: the series' build of every test the
	# series added or whose source it changed, and the base's build of
	# every base test (unchanged userspace must keep working), as
	# base/<name> where the series changed the source. The debug kernel
	# runs the series' builds of all of them.
	rm -rf build/selftests/patched build/selftests/changed
	mkdir -p build/selftests/patched build/selftests/changed
	cp build/selftests/series/bin/init build/selftests/series/bin/kvm-fw build/selftests/patched/
	(cd build/selftests/series/bin && find . -type f ! -name init ! -name kvm-fw) |
	while read -r t; do
		t=${t#./} src=build/selftests/series/bin dst=build/selftests/patched
		if [ -f build/selftests/base/bin/$t ]; then
			git -C build/series diff --quiet base HEAD -- tools/testing/selftests/kvm/$t.c &&
				src=build/selftests/base/bin ||
				{ mkdir -p build/selftests/changed/"$(dirname "$t")"
				  cp build/selftests/base/bin/$t build/selftests/changed/$t; }
		fi
		mkdir -p $dst/"$(dirname "$t")"
		cp $src/$t $dst/$t
	done

	gen=build/base/out/usr/gen_init_cpio
	scripts/initramfs.sh build/initramfs/base.cpio $gen suite build/selftests/base/bin:
	scripts/initramfs.sh build/initramfs/patched.cpio $gen suite \
		build/selftests/patched: build/selftests/changed:base/
	TIMEOUT_SCALE=4 scripts/initramfs.sh build/initramfs/debug.cpio $gen suite \
		build/selftests/series/bin:
	# Part 1's own builds (scripts/series.sh made them at the boundary): the
	# list holds only the tests they include, as the base's does.
	[ -z "$boundary" ] ||
		scripts/initramfs.sh build/initramfs/part1.cpio $gen suite build/selftests/part1/bin:

	step "the test boots (${modes// /, }; debug kernel: ${DEBUG_MODES// /, })"
	# One VM at a time: two at once on two cores slow some tests down
	# thirtyfold (set_memory_region_test timed out).
	for mode in $modes; do
		for k in base patched; do
			if [ $k = base ]; then image=build/base/out; else image=build/series/out; fi
			scripts/boot.sh $image/arch/arm64/boot/Image build/initramfs/$k.cpio \
				"$mode" "$res/$k-$mode.log"
		done
		# The end of part 1 ($boundary), once.
		[ "$mode" != vhe ] || [ -z "$boundary" ] ||
			scripts/boot.sh build/boundary/Image build/initramfs/part1.cpio vhe "$res/part1-vhe.log"
	done
	for mode in $DEBUG_MODES; do
		scripts/boot.sh build/series/out-debug/arch/arm64/boot/Image \
			build/initramfs/debug.cpio "$mode" "$res/debug-$mode.log"
	done

	step "the migration matrix (old = base, new = patched)"
	scripts/migrate.sh || echo "migrate.sh stopped early; the summary says where"

	step "a real VMM: Debian's QEMU in the test VM, a nested guest, a reboot"
	scripts/vmm.sh base=build/base patched=build/series ||
		echo "vmm.sh stopped early; the summary says where"
fi

step "results"
scripts/summary.sh $modes
