#!/bin/bash
# One test boot: a kernel, a KVM mode and a group of tests/suite.txt.  The
# VM's list (scripts/matrix.sh, for this group and mode), its initramfs,
# the boot (one VM at a time: make runs no two), and the console as TAP
# results on standard output (scripts/console-tap.sh).
# Usage: scripts/bootset.sh NAME MODE GROUP IMAGE GEN_INIT_CPIO DIR:PREFIX...
#   NAME: the results are NAME/MODE/<test>; the list, the initramfs and
#   the console log are $RESULTS/NAME-MODE.{list,cpio,log} (RESULTS:
#   build/results by default).
#   DIR:PREFIX: the programs, as scripts/initramfs.sh takes them.
set -euo pipefail
. scripts/lib.sh

name=$1 mode=$2 group=$3 image=$4 gen=$5
shift 5
res=${RESULTS:-build/results}
[ -f "$image" ] || die "no kernel $image"
mkdir -p "$res"
list=$res/$name-$mode.list cpio=$res/$name-$mode.cpio
if [ "$group" = kselftest ]; then
	scripts/matrix.sh list kselftest "$mode" >"$list"
else
	scripts/matrix.sh list "$group" "$mode" "$@" >"$list"
fi
[ -s "$list" ] || die "no test of group $group${ONLY:+ named $ONLY} in tests/suite.txt"
scripts/initramfs.sh "$cpio" "$gen" "$list" "$@"
# Each test has its own timeout (tests/init.c); this one is for a kernel
# that hangs: the debug kernel's suite takes about ten minutes.
timeout=1200
[ "$group" != debug ] || timeout=3600
scripts/boot.sh "$image" "$cpio" "$mode" "$res/$name-$mode.log" $timeout >&2
scripts/console-tap.sh "$res/$name-$mode.log" "$list" "$name/$mode"
