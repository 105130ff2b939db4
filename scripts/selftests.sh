#!/bin/bash
# Build the kvm selftests named in tests/suite.txt and tests/bench.txt,
# statically for aarch64,
# against the tree's own uapi headers (TREE/out/usr/include), plus the
# harness's init and kvm-fw; install stripped copies in OUT/.
# Tests the tree does not have (new ones, on the base) are left out.
# Usage: scripts/selftests.sh TREE OUT
set -euo pipefail
. scripts/lib.sh

src=$(realpath "$1")
out=$(realpath -m "$2")
kvm=$src/tools/testing/selftests/kvm
hdr=$src/out/usr/include
[ -d "$hdr/linux" ] || die "no uapi headers in $hdr: build the kernel first"
export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-

names=()
for t in $(awk '!/^#/ && NF { print $2 }' tests/suite.txt tests/bench.txt); do
	[ -f "$kvm/$t.c" ] && names+=("$t")
done
echo "selftests: building ${#names[@]} kvm selftests from $1"
rm -rf "$out/bin"
mkdir -p "$out/obj" "$out/bin/aarch64"
make -C "$kvm" -s -j"$(nproc)" OUTPUT="$out/obj" LDFLAGS=-static \
	KHDR_INCLUDES="-isystem $hdr" "${names[@]/#/$out/obj/}"

cc=(aarch64-linux-gnu-gcc -static -O2 -Wall -Werror -isystem "$hdr")
"${cc[@]}" -o "$out/obj/init" tests/init.c
"${cc[@]}" -o "$out/obj/kvm-fw" tests/kvm-fw.c
for t in "${names[@]}" init kvm-fw; do
	# Without debug info and build-id, the same source gives the same bytes:
	# make check compares the base and patched builds this way.
	aarch64-linux-gnu-strip --remove-section=.note.gnu.build-id \
		-o "$out/bin/$t" "$out/obj/$t"
done
