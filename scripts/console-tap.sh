#!/bin/bash
# A test VM's console log as TAP results (no plan: scripts/step.sh adds it):
# one line per test of the VM's list (its /etc/tests), one per subtest of a
# test that reports kselftest TAP itself (tests/init.c echoes a test's
# output as "# ..." lines, so its "ok N desc" lines are "# ok N desc"), a
# failure for a test that never reported, and one line for kernel reports
# on the console (lib.sh's kernel_report: Oops, BUG, WARNING, lockdep,
# KASAN, UBSAN, ...).  Descriptions are NAME/<test>[: <subtest>].
# Usage: scripts/console-tap.sh LOG LIST NAME
set -uo pipefail
. scripts/lib.sh

log=$1 list=$2 name=$3
[ -f "$log" ] || die "no console log $log"
# The serial console ends lines with \r\n.
console=$(tr -d '\r' <"$log")

# Each test's result line, in the order of the list, with the subtest
# lines its output held just before it.
while read -r _ test _; do
	awk -v t="$test" -v n="$name" '
		/^# (not )?ok [0-9]+ / { sub(/^# /, ""); st[++ns] = $0; next }
		/^(not )?ok [0-9]+ / {
			k = $1 == "not" ? 4 : 3
			if ($k != t || (NF > k && $(k + 1) != "#")) { ns = 0; next }
			for (i = 1; i <= ns; i++) {
				s = st[i]; ok = s !~ /^not /
				dir = ""; if (s ~ / # /) { dir = s; sub(/^[^#]* # /, "", dir) }
				sub(/^(not )?ok [0-9]+ /, "", s); sub(/(^| )# .*/, "", s)
				# "ok N # SKIP why", as ksft_test_result_skip() prints it
				if (s == "") { s = dir; sub(/^SKIP */, "", s) }
				print (ok ? "ok" : "not ok") " - " n "/" t ": " s (dir != "" ? " # " dir : "")
			}
			line = $0; found = 1; exit
		}
		END {
			if (!found) { print "not ok - " n "/" t " # no result: the VM stopped first"; exit }
			dir = ""; if (line ~ / # /) { dir = line; sub(/^[^#]* # /, "", dir) }
			print (line ~ /^not / ? "not ok" : "ok") " - " n "/" t (dir != "" ? " # " dir : "")
		}' <<<"$console"
done <"$list"

# The allocation failures aarch64/smccc_faults injects: vmalloc reports one
# with warn_alloc() (a stack and the state of memory).  That is the
# kernel's answer to a failed allocation, not a bug: its "Call trace:",
# the one line of it that is a kernel report, is left out, and said.
reports=$(awk '
	/\] smccc_faults: vmalloc error: / { skip = 10; print; next }
	skip && /\] Call trace:/ { skip = 0; next }
	skip { skip--; print; next }
	{ print }' <<<"$console")
injected=$(grep -a -c -E '\] smccc_faults: vmalloc error: ' <<<"$console")
[ "$injected" = 0 ] ||
	echo "# $name: $injected reports of allocations aarch64/smccc_faults made fail, not counted"
splats=$(grep -a -c -E "$kernel_report" <<<"$reports")
if [ "$splats" = 0 ]; then
	echo "ok - $name: no kernel report on the console"
else
	grep -a -E "$kernel_report" <<<"$reports" | head -5 | sed 's/^/# /'
	echo "not ok - $name: no kernel report on the console # $splats lines, see $log"
fi
