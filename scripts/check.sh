#!/bin/bash
# make check: everything from patches/ to one TAP stream (TAP version 13):
# the progress of each step as diagnostics ("# ..."), then the plan and one
# numbered line per result (scripts/summary.sh), then the closing line
# "N passed, N failed, N skipped".  The stream is kept in
# build/results/check.tap and checked with prove(1) at the end: make check
# fails if a TAP parser does not accept it or counts other numbers.
#   1. the packages (scripts/deps.sh) and build/linux (scripts/tree.sh)
#   2. the series, patch by patch (scripts/series.sh): build/series; the
#      x86_64 KVM builds; the kernel and selftests of the end of part 1
#      (build/boundary, build/selftests/part1) if the series has a boundary;
#      the base kernel (its build at the base, in build/base/out)
#   3. the debug kernel unless DEBUG_MODES is empty: the patched tree with
#      configs/debug.config (KASAN, lockdep, UBSAN, ...) in
#      build/series/out-debug
#   4. the kvm selftests of both trees, and the kselftest tarball of the
#      patched one (scripts/kselftest.sh, as make kselftest)
#   5. boots: the base suite on the base kernel in VHE; on the patched
#      kernel, the series' builds of the tests it added or changed and the
#      base's builds of all base tests, in each KVM mode (MODES); the
#      series' builds of the tests of KVM's arm64 code on the debug kernel
#      in DEBUG_MODES; in VHE, the end of part 1 with its own builds of the
#      aarch64 tests, and the
#      tests the series adds or changes through the kselftest tarball's
#      run_kselftest.sh
#   6. scripts/migrate.sh: the migration matrix between the two kernels
#   7. scripts/vmm.sh: Debian's QEMU boots and reboots a nested guest on
#      each kernel, in each mode
#   8. scripts/summary.sh: results, console reports, regressions
# build/results/times.txt: how long each step took.
set -euo pipefail
. scripts/lib.sh

modes=${MODES:-vhe nvhe protected}
boundary=$(boundary_patch)
export DEBUG_MODES=${DEBUG_MODES-vhe}
res=build/results
rm -rf "$res"
mkdir -p "$res" build/initramfs
exec 3>&1 > >(tee "$res/check.tap")
tee_pid=$!
echo "TAP version 13"

last_step='' last_start=0
step() {
	[ -z "$last_step" ] || echo "$((SECONDS - last_start)) s	$last_step" >>"$res/times.txt"
	last_step=$* last_start=$SECONDS
	[ -z "$last_step" ] || echo "== $* (${SECONDS}s)"
}

steps() {
	step "packages and build/linux"
	scripts/deps.sh "$BASE_PACKAGE=$BASE_VERSION"
	scripts/tree.sh

	step "the series"
	scripts/series.sh

	# The base kernel is the series' build at the base (scripts/series.sh).
	if [ -n "$DEBUG_MODES" ]; then
		step "the debug kernel"
		OUT=out-debug scripts/kernel.sh build/series $debug_config
	fi

	step "the selftests and the kselftest tarball"
	scripts/selftests.sh build/base build/selftests/base
	scripts/selftests.sh build/series build/selftests/series
	scripts/kselftest.sh build/series build/kselftest
	# What the patched kernel runs: the series' build of every test the
	# series added or whose source it changed, and the base's build of
	# every base test (unchanged userspace must keep working), as
	# base/<name> where the series changed the source. The debug kernel
	# runs the series' builds of all of them.
	rm -rf build/selftests/patched build/selftests/changed
	mkdir -p build/selftests/patched build/selftests/changed
	cp build/selftests/series/bin/init build/selftests/series/bin/kvm-fw build/selftests/patched/
	new=()
	while read -r t; do
		t=${t#./} src=build/selftests/series/bin dst=build/selftests/patched
		if [ ! -f "build/selftests/base/bin/$t" ]; then
			# New, or one the base cannot build (only the new join the
			# kselftest boot).
			[ -f "build/base/tools/testing/selftests/kvm/$t.c" ] || new+=("kvm:${t##*/}")
		elif git -C build/series diff --quiet base HEAD -- tools/testing/selftests/kvm/$t.c; then
			src=build/selftests/base/bin
		else
			new+=("kvm:${t##*/}")
			mkdir -p build/selftests/changed/"$(dirname "$t")"
			cp build/selftests/base/bin/$t build/selftests/changed/$t
		fi
		mkdir -p $dst/"$(dirname "$t")"
		cp $src/$t $dst/$t
	done < <(cd build/selftests/series/bin && find . -type f ! -name init ! -name kvm-fw | sort)

	gen=build/base/out/usr/gen_init_cpio
	scripts/initramfs.sh build/initramfs/base.cpio $gen suite build/selftests/base/bin:
	scripts/initramfs.sh build/initramfs/patched.cpio $gen suite \
		build/selftests/patched: build/selftests/changed:base/
	# The debug kernel: the series' builds of the tests of KVM's arm64
	# code and of its uapi, with four times the timeouts, between two
	# kmemleak scans (tests/kmemleak.c): what the boot left is cleared,
	# what the tests leave under KVM's code fails. The generic
	# memory tests (demand paging, dirty logging, page tables, memslots),
	# for code the series does not change, run on the patched kernel in
	# every mode; under KASAN they would take seven more minutes.
	if [ -n "$DEBUG_MODES" ]; then
		{
			echo "600 kmemleak-baseline /tests/kmemleak baseline"
			awk '!/^#/ && NF && ($2 ~ /^aarch64\// ||
			     $2 ~ /^(kvm_create_max_vcpus|steal_time|kvm_binary_stats_test)$/) {
				t = $2; $2 = t " /tests/" t; $1 = $1 * 4; print }' tests/suite.txt
			echo "600 kmemleak /tests/kmemleak check"
		} >build/initramfs/debug.list
		scripts/initramfs.sh build/initramfs/debug.cpio $gen build/initramfs/debug.list \
			build/selftests/series/bin:
	fi
	# Part 1's own builds (scripts/series.sh made them at the boundary) of
	# the aarch64 tests, which exercise the code part 1 changes; the
	# generic memory tests run on the patched kernel.
	if [ -n "$boundary" ]; then
		awk '!/^#/ && $2 ~ /^aarch64\// { t = $2; $2 = t " /tests/" t; print }' tests/suite.txt |
		while read -r timeout name path args; do
			[ ! -f build/selftests/part1/bin/$name ] || echo "$timeout $name $path $args"
		done >build/initramfs/part1.list
		scripts/initramfs.sh build/initramfs/part1.cpio $gen build/initramfs/part1.list \
			build/selftests/part1/bin:
	fi
	# The tarball, unpacked as a host would, with busybox for its shell.
	make -s --no-print-directory build/busybox/bin/busybox
	rm -rf build/kselftest/vm
	mkdir -p build/kselftest/vm/bin build/kselftest/vm/kselftest
	tar -xf build/kselftest/kselftest-kvm-arm64.tar.gz -C build/kselftest/vm/kselftest
	cp build/busybox/bin/busybox tests/kselftest-vm.sh build/kselftest/vm/bin/
	cp build/selftests/series/bin/init build/kselftest/vm/
	[ ${#new[@]} -gt 0 ] || die "the series adds or changes no test for the kselftest boot"
	echo "900 run_kselftest /bin/busybox sh /bin/kselftest-vm.sh ${new[*]}" >build/kselftest/list
	scripts/initramfs.sh build/initramfs/kselftest.cpio $gen build/kselftest/list \
		build/kselftest/vm:/

	step "the test boots (${modes// /, }; debug kernel: ${DEBUG_MODES:-none})"
	# One VM at a time: two at once on two cores slow some tests down
	# thirtyfold (set_memory_region_test timed out).
	for mode in $modes; do
		for k in base patched; do
			# The base's suite in VHE only: the patched kernel runs the
			# base's builds in every mode, and its failures count there.
			[ $k = patched ] || [ "$mode" = vhe ] || continue
			if [ $k = base ]; then image=build/base/out; else image=build/series/out; fi
			scripts/boot.sh $image/arch/arm64/boot/Image build/initramfs/$k.cpio \
				"$mode" "$res/$k-$mode.log"
		done
		[ "$mode" = vhe ] || continue
		# The end of part 1 ($boundary), and the kselftest runner, once.
		[ -z "$boundary" ] ||
			scripts/boot.sh build/boundary/Image build/initramfs/part1.cpio vhe "$res/part1-vhe.log"
		scripts/boot.sh build/series/out/arch/arm64/boot/Image build/initramfs/kselftest.cpio \
			vhe "$res/kselftest-vhe.log"
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
	step
}

# Every line of the steps is a diagnostic; a step that fails stops the
# steps (set -e in the subshell), and the summary reports what is missing.
set +e
(set -e; steps) 2>&1 | sed -u 's/^/# /'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || echo "# a step failed (exit status $rc): the summary says what is missing"
echo "$SECONDS s	in all, before the summary" >>"$res/times.txt"
sed 's/^/# /' "$res/times.txt"

rc=0
scripts/summary.sh $modes || rc=$?
# prove(1) reads the stream as CI's TAP parsers would: it must find no
# parse error, and count the closing line's numbers.
exec >&3 3>&-
wait "$tee_pid"
read -r pass _ fail _ skip _ < <(tail -n 1 "$res/check.tap")
[[ "$pass $fail $skip" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] ||
	die "the summary did not end with its counts (build/results/check.tap)"
prove --exec cat "$res/check.tap" >"$res/prove.txt" 2>&1 || true
if grep -q 'Parse errors' "$res/prove.txt" ||
   ! grep -q "Tests=$((pass + fail + skip))," "$res/prove.txt" ||
   { [ "$fail" != 0 ] && ! grep -q "Failed $fail/" "$res/prove.txt"; }; then
	cat "$res/prove.txt" >&2
	die "prove does not read build/results/check.tap as the closing line counts it"
fi
exit $rc
