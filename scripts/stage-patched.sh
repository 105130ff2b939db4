#!/bin/bash
# What the patched kernel's boots run (OUT/tests, OUT/changed): the
# series' build of every test the series adds or whose source it changes,
# and the base's build of every other test (unchanged userspace must keep
# working), plus the base's build of each changed test, which runs as
# base/<name>.  Tests the base cannot build (aarch64/vgic_init and
# dirty_log_test, fixed by the series) run as the series builds them.
# Usage: scripts/stage-patched.sh BASE_BIN SERIES_BIN SERIES_TREE OUT
set -euo pipefail
. scripts/lib.sh

base=$1 series=$2 tree=$3 out=$4
rm -rf "$out"
mkdir -p "$out/tests" "$out/changed"
cp "$series/init" "$series/kvm-fw" "$out/tests/"
(cd "$series" && find . -type f ! -name init ! -name kvm-fw | sed 's|^\./||' | sort) |
while read -r t; do
	src=$series
	if [ -f "$base/$t" ]; then
		if git -C "$tree" diff --quiet base HEAD -- "tools/testing/selftests/kvm/$t.c"; then
			src=$base
		else
			mkdir -p "$out/changed/$(dirname "$t")"
			cp "$base/$t" "$out/changed/$t"
		fi
	fi
	mkdir -p "$out/tests/$(dirname "$t")"
	cp "$src/$t" "$out/tests/$t"
done
