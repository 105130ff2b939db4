#!/bin/bash
# The regressions of the patched kernel: tests that pass on the base kernel
# and fail on the patched one, running the same program (the base's build,
# base/<name> on the patched kernel where the series changed the test).
# Reads the two boots' TAP files; prints one TAP result.
# Usage: scripts/regressions.sh MODE BASE.tap PATCHED.tap
set -euo pipefail

mode=$1
awk -v m="$mode" '
	# Only whole tests: "ok - base/vhe/<test>[ # directive]", no subtests.
	$0 ~ "^(not )?ok - (base|patched)/" m "/[^ :]*( #|$)" {
		ok = $1 == "ok" ? ($0 ~ / # SKIP/ ? "skip" : "ok") : "not ok"
		d = $0; sub(/^(not )?ok - /, "", d); sub(/ #.*/, "", d)
		if (sub("^base/" m "/", "", d)) base[d] = ok
		else if (sub("^patched/" m "/base/", "", d)) changed[d] = ok
		else if (sub("^patched/" m "/", "", d)) patched[d] = ok
	}
	END {
		for (t in base) {
			p = t in changed ? changed[t] : patched[t]
			if (p == "") continue
			n++
			if (base[t] == "ok" && p != "ok") bad = bad " " t
		}
		if (bad == "") print "ok - patched/" m ": no regression against base (" n " tests compared)"
		else print "not ok - patched/" m ": no regression against base # pass on base, fail patched:" bad
	}' "$2" "$3"
