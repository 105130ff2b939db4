#!/bin/bash
# Build a tree's kvm selftests for aarch64, statically, against its own
# uapi headers (TREE/out/usr/include), plus the harness's init and kvm-fw,
# and put stripped copies of those that tests/suite.txt and tests/bench.txt
# name in OUT/bin (what the test VMs run).
#   - A patched tree: the kernel's own kselftest runner builds and installs
#     the whole kvm target (make -C tools/testing/selftests TARGETS=kvm
#     install) into OUT/kselftest, as a distro would run it.
#   - The base (its HEAD is the tag "base"): 6.1.192's kvm target does not
#     build (aarch64/vgic_init.c and dirty_log_test.c; the first two
#     patches of the series fix them), so only the listed tests are built,
#     without those two.
# Tests the tree does not have (new ones, on the base) are left out.
# Usage: scripts/selftests.sh TREE OUT
set -euo pipefail
. scripts/lib.sh

src=$(realpath "$1")
out=$(realpath -m "$2")
ksft=$src/tools/testing/selftests
hdr=$src/out/usr/include
[ -d "$hdr/linux" ] || die "no uapi headers in $hdr: build the kernel first"
export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-

names=()
for t in $(awk '!/^#/ && NF { print $2 }' tests/suite.txt tests/bench.txt); do
	[ -f "$ksft/kvm/$t.c" ] && names+=("$t")
done
rm -rf "$out/bin"
mkdir -p "$out/obj/aarch64" "$out/bin/aarch64"
if [ "$(git -C "$src" rev-parse HEAD)" = "$(git -C "$src" rev-parse base)" ]; then
	base_broken=" aarch64/vgic_init dirty_log_test "
	keep=()
	for t in "${names[@]}"; do
		[[ $base_broken == *" $t "* ]] || keep+=("$t")
	done
	names=("${keep[@]}")
	echo "selftests: building ${#names[@]} kvm selftests from $1 (the base)"
	make -C "$ksft/kvm" -s -j"$(nproc)" OUTPUT="$out/obj" LDFLAGS=-static \
		KHDR_INCLUDES="-isystem $hdr" "${names[@]/#/$out/obj/}"
else
	echo "selftests: building and installing the kvm target of $1 with the kselftest runner"
	# O=: the objects go to TREE/out/kselftest, and the headers are
	# TREE/out/usr/include.  The install is flat: kvm/<test name>.
	rm -rf "$out/kselftest"
	make -C "$ksft" -s -j"$(nproc)" TARGETS=kvm O="$src/out" LDFLAGS=-static \
		KSFT_INSTALL_PATH="$out/kselftest" install >/dev/null
	for t in "${names[@]}"; do
		cp "$out/kselftest/kvm/$(basename "$t")" "$out/obj/$t"
	done
fi

cc=(aarch64-linux-gnu-gcc -static -O2 -Wall -Werror -isystem "$hdr")
"${cc[@]}" -o "$out/obj/init" tests/init.c
"${cc[@]}" -o "$out/obj/kvm-fw" tests/kvm-fw.c
for t in "${names[@]}" init kvm-fw; do
	# Without debug info and build-id, the same source gives the same bytes:
	# make check compares the base and patched builds this way.
	aarch64-linux-gnu-strip --remove-section=.note.gnu.build-id \
		-o "$out/bin/$t" "$out/obj/$t"
done
