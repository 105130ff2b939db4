#!/bin/bash
# The one reader of make check's test matrix (tests/suite.txt) and of its
# KVM modes (tests/modes.txt).
#   matrix.sh modes            the modes' names, in order
#   matrix.sh cmdline MODE     the kernel command line of MODE
#   matrix.sh names            every program the matrix runs (what to build)
#   matrix.sh list GROUP MODE [DIR:PREFIX...]
#       the list a test VM of GROUP booted in MODE runs (its /etc/tests):
#       "<timeout> <name> <path> [arguments]" a test, "skip <name> <reason>"
#       a test that does not run in MODE; with DIR:PREFIX, the tests whose
#       program DIR has, as PREFIX<name> (several DIRs: one after the
#       other); a test of the group that no DIR has is reported skipped
#       ("no program"), except in the patched group, whose base boot runs
#       the tests the base has.  The debug group gets four times the
#       timeouts; the kselftest group is one command, the tarball's runner
#       with its tests (the timeout and modes columns do not apply there).
#       ONLY=NAME keeps the one test of that name (make boot TEST=...).
set -euo pipefail

suite=tests/suite.txt modes=tests/modes.txt
lines() { awk '!/^#/ && NF' "$1"; }

case ${1:-} in
modes) lines $modes | awk '{ print $1 }' ;;
cmdline)
	line=$(lines $modes | awk -v m="$2" '$1 == m')
	[ -n "$line" ] || { echo "matrix: no mode $2 in $modes" >&2; exit 1; }
	awk '$2 != "-" { $1 = ""; sub(/^ /, ""); print }' <<<"$line"
	;;
names) lines $suite | awk '{ print $1 }' | sort -u ;;
list)
	group=$2 mode=$3
	shift 3
	[ $# -gt 0 ] || set -- "-:"
	for d in "$@"; do
		dir=${d%%:*} prefix=${d#*:}
		lines $suite | while read -r name timeout in_modes groups args; do
			[[ ",$groups," == *",$group,"* ]] || continue
			[ -z "${ONLY:-}" ] || [ "$name" = "$ONLY" ] || continue
			if [ "$dir" != - ] && [ ! -f "$dir/$name" ]; then
				[ "$group" = patched ] || echo "skip $prefix$name no program $name for this kernel"
				continue
			fi
			if [ "$group" = kselftest ]; then
				echo "kvm:${name##*/}"
			elif [ "$in_modes" != all ] && [[ ",$in_modes," != *",$mode,"* ]]; then
				echo "skip $prefix$name runs in $in_modes only, not $mode"
			else
				[ "$group" != debug ] || timeout=$((timeout * 4))
				echo "$timeout $prefix$name /tests/$prefix$name${args:+ $args}"
			fi
		done
	done | if [ "$group" = kselftest ]; then
		tests=$(paste -sd ' ')
		# No test: the runner would run the whole kvm collection.
		[ -z "$tests" ] || echo "900 run_kselftest /bin/busybox sh /bin/kselftest-vm.sh $tests"
	else
		cat
	fi
	;;
*) sed -n '2,/^set/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
