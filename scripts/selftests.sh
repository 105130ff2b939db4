#!/bin/bash
# Build a tree's kvm selftests for aarch64, statically, against its own
# uapi headers (TREE/out/usr/include, or HDR), plus the harness's init,
# kvm-fw and kmemleak (as kmemleak-baseline and kmemleak-check), and put
# stripped copies of those that tests/suite.txt names in OUT/bin (what the
# test VMs run).
#   - By default: the kernel's own kselftest runner builds and installs the
#     whole kvm target (make -C tools/testing/selftests TARGETS=kvm
#     install) into OUT/kselftest, as a distro would run it; any failure
#     fails.
#   - The base (its HEAD is the tag "base"), or --listed (scripts/series.sh,
#     after each patch short of the end of part 1 and the top): only the
#     listed tests, with make -k. 6.1.192's kvm target does not build:
#     aarch64/vgic_init and dirty_log_test fail (the first patches of the
#     series fix them), so these two may fail here, and are left out,
#     until they have built once into OUT (OUT/built lists what has);
#     any other failure fails.
# The objects are built afresh each time: 6.1's kvm Makefile does not
# track the headers its objects include.  Through ccache, which does: an
# object whose sources and headers are unchanged is not compiled again.
# Tests the tree does not have (new ones, on the base) are left out.
# Usage: scripts/selftests.sh [--listed | --strict] TREE OUT
set -euo pipefail
. scripts/lib.sh

listed=0 strict=0
[ "$1" != --listed ] || { listed=1; shift; }
[ "$1" != --strict ] || { strict=1; shift; }
src=$(realpath "$1")
out=$(realpath -m "$2")
ksft=$src/tools/testing/selftests
hdr=$(realpath -m "${HDR:-$src/out/usr/include}")
[ -d "$hdr/linux" ] || die "no uapi headers in $hdr: build the kernel first"
export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
ksft_cc="ccache ${CROSS_COMPILE}gcc"

[ "$(git -C "$src" rev-parse HEAD)" != "$(git -C "$src" rev-parse base)" ] || listed=1
# The tests the matrix names that this tree has.  With --strict (the top
# of the series) it must have every one: a name it lacks is a typo.
names=()
for t in $(scripts/matrix.sh names); do
	case $t in kmemleak-*) continue ;; esac	# the harness's, below
	if [ -f "$ksft/kvm/$t.c" ]; then
		names+=("$t")
	elif [ $strict = 1 ]; then
		die "tests/suite.txt names $t, which $1 does not have"
	fi
done
rm -rf "$out/bin"
mkdir -p "$out/obj/aarch64" "$out/bin/aarch64"
if [ $listed = 1 ]; then
	echo "selftests: building ${#names[@]} listed kvm selftests from $1"
	rm -rf "$out/obj"
	mkdir -p "$out/obj/aarch64"
	make -k -C "$ksft/kvm" -s -j"$(nproc)" CC="$ksft_cc" OUTPUT="$out/obj" LDFLAGS=-static \
		KHDR_INCLUDES="-isystem $hdr" "${names[@]/#/$out/obj/}" || true
	built=()
	for t in "${names[@]}"; do
		if [ -f "$out/obj/$t" ]; then
			built+=("$t")
			grep -qx "$t" "$out/built" 2>/dev/null || echo "$t" >>"$out/built"
		elif [[ " aarch64/vgic_init dirty_log_test " == *" $t "* ]] &&
		     ! grep -qx "$t" "$out/built" 2>/dev/null; then
			echo "selftests: $t does not build, as on the base"
		else
			die "$t does not build"
		fi
	done
	names=("${built[@]}")
else
	echo "selftests: building and installing the kvm target of $1 with the kselftest runner"
	# O=: the objects go to TREE/out/kselftest, and the headers are
	# TREE/out/usr/include.  The install is flat: kvm/<test name>.
	rm -rf "$out/kselftest" "$src/out/kselftest"
	make -C "$ksft" -s -j"$(nproc)" CC="$ksft_cc" TARGETS=kvm O="$src/out" LDFLAGS=-static \
		KSFT_INSTALL_PATH="$out/kselftest" install >/dev/null
	for t in "${names[@]}"; do
		cp "$out/kselftest/kvm/$(basename "$t")" "$out/obj/$t"
	done
fi

cc=(aarch64-linux-gnu-gcc -static -O2 -Wall -Werror -isystem "$hdr")
"${cc[@]}" -o "$out/obj/init" tests/init.c
"${cc[@]}" -o "$out/obj/kvm-fw" tests/kvm-fw.c
"${cc[@]}" -o "$out/obj/kmemleak" tests/kmemleak.c
cp "$out/obj/kmemleak" "$out/obj/kmemleak-baseline"
cp "$out/obj/kmemleak" "$out/obj/kmemleak-check"
for t in "${names[@]}" init kvm-fw kmemleak-baseline kmemleak-check; do
	# Without debug info and build-id, the same source gives the same bytes:
	# make check compares the base and patched builds this way.
	aarch64-linux-gnu-strip --remove-section=.note.gnu.build-id \
		-o "$out/bin/$t" "$out/obj/$t"
done
