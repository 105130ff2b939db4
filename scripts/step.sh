#!/bin/bash
# One step of make check: COMMAND's standard output becomes TARGET, shown
# as it comes and written only if COMMAND succeeds (a TAP file gets its
# plan, "1..N", at the end): a step that fails leaves no TARGET, not even
# an earlier run's.  How long it took goes to build/results/times.txt.
# With -t, COMMAND makes TARGET itself (a kernel, the selftests): only
# timed.
# Usage: scripts/step.sh [-t] TARGET COMMAND...
set -euo pipefail

capture=1
[ "$1" != -t ] || { capture=0; shift; }
target=$1
shift
mkdir -p "$(dirname "$target")" build/results
cmd=$*
echo "== $target: ${cmd:0:120}"
start=$SECONDS
if [ $capture = 1 ]; then
	rm -f "$target"
	"$@" | tee "$target.tmp"
	case $target in
	*.tap) echo "1..$(grep -c -E '^(not )?ok( |$)' "$target.tmp")" >>"$target.tmp" ;;
	esac
	mv "$target.tmp" "$target"
else
	"$@"
fi
echo "$((SECONDS - start)) s	$target" | tee -a build/results/times.txt
