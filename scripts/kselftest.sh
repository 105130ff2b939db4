#!/bin/bash
# make kselftest: the kvm selftests of a tree as the kernel's own kselftest
# install (run_kselftest.sh, kselftest-list.txt, kselftest/runner.sh and
# kvm/<test>), packed by its gen_tar target into one tarball for a real
# arm64 host with KVM:
#   tar -xf kselftest-kvm-arm64.tar.gz -C DIR && cd DIR
#   ./run_kselftest.sh -c kvm            # all of them
#   ./run_kselftest.sh -t kvm:smccc_filter
# The tests are linked statically: the host needs no libraries.
# Usage: scripts/kselftest.sh TREE OUT   (the tree's kernel built: headers)
set -euo pipefail
. scripts/lib.sh

src=$(realpath "$1")
out=$(realpath -m "$2")
[ -d "$src/out/usr/include/linux" ] || die "no uapi headers in $src/out: build the kernel first"
export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
# Afresh: 6.1's kvm Makefile does not track the headers its objects include.
rm -rf "$out/install" "$src/out/kselftest"
mkdir -p "$out"
echo "kselftest: the kvm target of $1, installed and packed"
make -C "$src/tools/testing/selftests" -s -j"$(nproc)" CC="ccache ${CROSS_COMPILE}gcc" \
	TARGETS=kvm O="$src/out" \
	LDFLAGS=-static KSFT_INSTALL_PATH="$out/install" FORMAT=.gz gen_tar >/dev/null
mv "$out/install/kselftest-packages/kselftest.tar.gz" "$out/kselftest-kvm-arm64.tar.gz"
echo "kselftest: $out/kselftest-kvm-arm64.tar.gz ($(du -h "$out/kselftest-kvm-arm64.tar.gz" | cut -f1)," \
	"$(grep -c '^kvm:' "$out/install/kselftest-list.txt") tests)"
