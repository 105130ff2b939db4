#!/bin/bash
# Turn what make check left in build/results into the results of make
# check's TAP stream (scripts/check.sh prints its header and progress):
#   - the series checks (series.tap), the migration matrix (migrate.tap) and
#     the real-VMM runs (vmm.tap);
#   - per kernel (patched; debug in DEBUG_MODES whatever MODES is; in VHE,
#     base, part1 if the series has a boundary (the end of part 1), and
#     kselftest, the run_kselftest.sh boot) and KVM mode,
#     one line per test the VM ran (and one per
#     subtest of a test that reports kselftest TAP itself), a line for any
#     test that never reported, and one for kernel reports on the console
#     (Oops, BUG, WARNING, panic, lockdep, KASAN, UBSAN, ...);
#   - in VHE, the regressions: tests that pass on base and fail patched
#     (same binary: the base build).
# Prints the plan, then one numbered line per result (and the diagnostics
# that go with them), then "N passed, N failed, N skipped"; exits 1 if
# anything failed.
# Usage: scripts/summary.sh MODE...
set -uo pipefail
. scripts/lib.sh

res=build/results
pass=0 fail=0 skip=0
# What is printed after the plan, in order: results ("ok - ..." lines,
# numbered when printed) and diagnostics ("# ..." lines).
out=()

diag() { # LINE...: diagnostics, each prefixed with "# "
	local l
	for l in "$@"; do out+=("# $l"); done
}

emit() { # "ok"|"not ok" DESCRIPTION [DIRECTIVE]
	out+=("$1 - $2${3:+ # $3}")
	case "$1 ${3:-}" in
	"ok SKIP"*) skip=$((skip + 1)) ;;
	"ok "*) pass=$((pass + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
}

# name -> "ok" / "skip" / "not ok", per run, for the regression check
declare -A result

while IFS= read -r line; do
	case $line in
	"ok - "*" # "*) emit ok "$(sed 's/^ok - \(.*\) # .*/\1/' <<<"$line")" "${line##* # }" ;;
	"ok - "*) emit ok "${line#ok - }" ;;
	"not ok - "*" # "*) emit "not ok" "$(sed 's/^not ok - \(.*\) # .*/\1/' <<<"$line")" "${line##* # }" ;;
	"not ok - "*) emit "not ok" "${line#not ok - }" ;;
	esac
done < <(cat "$res/series.tap" "$res/migrate.tap" "$res/vmm.tap" 2>/dev/null)

[ -f "$res/migrate.tap" ] || [ ! -f "$res/patched-vhe.log" ] ||
	emit "not ok" "migration matrix" "scripts/migrate.sh left no results"
[ -f "$res/vmm.tap" ] || [ ! -f "$res/patched-vhe.log" ] ||
	emit "not ok" "real VMM runs" "scripts/vmm.sh left no results"

# The modes of MODES, and those of DEBUG_MODES that MODES does not have
# (the debug kernel boots in them all the same).
modes=("$@")
for m in ${DEBUG_MODES-}; do
	[[ " $* " == *" $m "* ]] || modes+=("$m")
done
for mode in "${modes[@]}"; do
	kernels=
	if [[ " $* " == *" $mode "* ]]; then
		kernels="patched"
		# VHE only: the base, the end of part 1, the kselftest runner.
		[ "$mode" != vhe ] || kernels+=" base kselftest"
		[ "$mode" != vhe ] || [ -z "$(boundary_patch)" ] || kernels+=" part1"
	fi
	[[ " ${DEBUG_MODES-} " != *" $mode "* ]] || kernels+=" debug"
	for k in $kernels; do
		log=$res/$k-$mode.log
		list=build/initramfs/$k.cpio.d/tests
		if [ ! -f "$log" ]; then
			emit "not ok" "$k/$mode: the VM ran" "no console log: the build stopped earlier"
			continue
		fi
		# Results as /init printed them: "ok N name[ # directive]"; the
		# serial console ends lines with \r\n.
		console=$(tr -d '\r' <"$log")
		# Subtests: a test's own "ok N desc" lines, which /init echoed
		# as "# ok N desc" before the test's result: "name<TAB>line".
		subtests=$(awk '
			/^# (not )?ok [0-9]+ / { sub(/^# /, ""); seg = seg $0 "\n"; next }
			/^(not )?ok [0-9]+ / {
				n = split(seg, l, "\n")
				for (i = 1; i < n; i++) print $3 "\t" l[i]
				seg = ""
			}' <<<"$console")
		while read -r _ name; do
			while IFS=$'\t' read -r sname sub; do
				[ "$sname" = "$name" ] || continue
				desc=$(sed -E 's/^(not )?ok [0-9]+ //; s/ # .*//' <<<"$sub")
				case $sub in
				"ok "*"# SKIP"*) emit ok "$k/$mode/$name: $desc" "${sub#* # }" ;;
				"ok "*) emit ok "$k/$mode/$name: $desc" ;;
				*) emit "not ok" "$k/$mode/$name: $desc" ;;
				esac
			done <<<"$subtests"
			line=$(grep -a -m1 -E "^(not )?ok [0-9]+ $name( |$)" <<<"$console")
			directive=
			[[ $line == *" # "* ]] && directive=${line#* # }
			case $line in
			"") result[$k/$mode/$name]="not ok"
			    emit "not ok" "$k/$mode/$name" "no result: the VM stopped first (see $log)" ;;
			"not ok"*) result[$k/$mode/$name]="not ok"; emit "not ok" "$k/$mode/$name" "$directive" ;;
			*"# SKIP"*) result[$k/$mode/$name]=skip; emit ok "$k/$mode/$name" "$directive" ;;
			*) result[$k/$mode/$name]=ok; emit ok "$k/$mode/$name" ;;
			esac
		done < <(awk '{ print $1, $2 }' "$list")
		# The allocation failures aarch64/smccc_faults injects: vmalloc
		# reports one with warn_alloc() (a stack and the state of memory;
		# fail_page_alloc fails before the page allocator's own report).
		# That is the kernel's answer to a failed allocation, not a bug:
		# its "Call trace:", the one line of it that is a kernel report,
		# is left out of the count, and said.
		reports=$(awk '
			/\] smccc_faults: vmalloc error: / { skip = 10; print; next }
			skip && /\] Call trace:/ { skip = 0; next }
			skip { skip--; print; next }
			{ print }' "$log")
		injected=$(grep -a -c -E '\] smccc_faults: vmalloc error: ' "$log")
		[ "$injected" = 0 ] ||
			diag "$k/$mode: $injected reports of allocations aarch64/smccc_faults made fail, not counted"
		splats=$(grep -a -c -E "$kernel_report" <<<"$reports")
		if [ "$splats" = 0 ]; then
			emit ok "$k/$mode: no kernel report on the console"
		else
			mapfile -t lines < <(grep -a -E "$kernel_report" <<<"$reports" | head -5)
			diag "${lines[@]}"
			emit "not ok" "$k/$mode: no kernel report on the console" "$splats lines, see $log"
		fi
	done

	[ -f "$res/base-$mode.log" ] && [ -f "$res/patched-$mode.log" ] || continue
	# Same binary on both kernels: the base build, run as base/<name> on the
	# patched kernel when the series changed the test, else as <name>.
	regressions=() compared=0
	while read -r _ name; do
		b=${result[base/$mode/$name]:-}
		p=${result[patched/$mode/base/$name]:-${result[patched/$mode/$name]:-}}
		[ -n "$b" ] && [ -n "$p" ] || continue
		compared=$((compared + 1))
		[ "$b" = ok ] && [ "$p" != ok ] && regressions+=("$name")
	done < <(awk '{ print $1, $2 }' "build/initramfs/base.cpio.d/tests" 2>/dev/null)
	if [ ${#regressions[@]} = 0 ]; then
		emit ok "patched/$mode: no regression against base ($compared tests compared)"
	else
		emit "not ok" "patched/$mode: no regression against base" "pass on base, fail patched: ${regressions[*]}"
	fi
done

echo "1..$((pass + fail + skip))"
n=0
for l in "${out[@]}"; do
	case $l in
	"#"*) echo "$l" ;;
	"ok - "*) n=$((n + 1)); echo "ok $n - ${l#ok - }" ;;
	*) n=$((n + 1)); echo "not ok $n - ${l#not ok - }" ;;
	esac
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
