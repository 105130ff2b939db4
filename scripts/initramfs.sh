#!/bin/bash
# Pack a test VM's initramfs with the kernel's usr/gen_init_cpio (no root
# needed): /init (tests/init.c), the selftests of OUT dirs under /tests, and
# /etc/tests, the list /init runs.
# Usage: scripts/initramfs.sh CPIO GEN_INIT_CPIO LIST [DIR:PREFIX...]
#   LIST: the path of a list (scripts/matrix.sh list ...), "report"
#   (kvm-fw report), or "shell" (/etc/shell: /init starts a shell).
#   DIR:PREFIX: selftests from DIR (scripts/selftests.sh output), installed
#   as /tests/PREFIX<name>, or as PREFIX<name> if PREFIX starts (and
#   ends) with "/";
#   the first DIR also provides /init.
set -euo pipefail
. scripts/lib.sh

cpio=$1 gen=$2 list=$3
shift 3
[ -x "$gen" ] || die "no $gen: build the kernel first"
work=$cpio.d
rm -rf "$work"
mkdir -p "$work"

{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "dir /etc 0755 0 0"
	echo "dir /bin 0755 0 0"
	echo "dir /tests 0755 0 0"
	echo "file /init ${1%%:*}/init 0755 0 0"
	echo "file /etc/tests $work/tests 0644 0 0"
	for d in "$@"; do
		dir=${d%%:*} prefix=${d#*:}
		case $prefix in /*) ;; *) prefix=/tests/$prefix ;; esac
		[ "$prefix" = /tests/ ] || [ "$prefix" = / ] || echo "dir ${prefix%/} 0755 0 0"
		(cd "$dir" && find . -mindepth 1 -type d) | sed "s|^\./|dir $prefix|; s|$| 0755 0 0|"
		(cd "$dir" && find . -type f ! -path ./init) | while read -r f; do
			echo "file $prefix${f#./} $dir/${f#./} 0755 0 0"
		done
	done
	if [ "$list" = shell ]; then
		echo "file /bin/busybox $PWD/build/busybox/bin/busybox 0755 0 0"
		echo "slink /bin/sh busybox 0777 0 0"
		: >"$work/shell"
		echo "file /etc/shell $work/shell 0644 0 0"
	fi
} >"$work/files"

case $list in
report) echo "120 kvm-report /tests/kvm-fw report" ;;
shell) ;;
*) [ -f "$list" ] || die "unknown list $list"; cat "$list" ;;
esac >"$work/tests"

"$gen" "$work/files" >"$cpio"
