#!/bin/bash
# Check the series in patches/ patch by patch, as a reviewer would, in the
# worktree build/series (its own out/, so build/linux is left alone):
#   - each patch applies to the pinned base with git am (no fuzz);
#   - scripts/checkpatch.pl --strict reports no error or warning, and the
#     files a patch adds are covered by a MAINTAINERS section (checked with
#     get_maintainer.pl instead of checkpatch's "does MAINTAINERS need
#     updating?", which fires for every new file);
#   - the kernel builds after each patch (incremental builds); a patch
#     that changes only tools/ and Documentation/ leaves the kernel as it
#     was, so the kvm selftests are built instead, if it touches them.
# It ends with build/series at the top of the series: the kernel make check
# tests.  Prints TAP lines (also kept in build/results/series.tap).
set -euo pipefail
. scripts/lib.sh

wt=build/series
res=build/results
top=$PWD
mkdir -p "$res/checkpatch"
exec > >(tee "$res/series.tap")

tap() { # STATUS DESCRIPTION [DIRECTIVE]
	if [ "$1" = 0 ]; then echo "ok - $2${3:+ # $3}"; else echo "not ok - $2${3:+ # $3}"; fi
}

[ -d "$wt" ] || git -C build/linux worktree add -q --detach ../series base
git -C "$wt" am --abort 2>/dev/null || true
git -C "$wt" checkout -q --detach -f base
git -C "$wt" clean -fdq

if [ "$(patch_ids build/linux)" = "$(patch_ids)" ]; then
	tap 0 "series: patches/ holds what build/linux has (base..HEAD)"
else
	tap 1 "series: patches/ holds what build/linux has (base..HEAD)" "run make export"
fi

n=0
for p in $(series_patches); do
	n=$((n + 1))
	name=${p#patches/}
	if ! git -c user.name=series -c user.email=series@localhost -C "$wt" am -q "$PWD/$p" >/dev/null 2>&1; then
		git -C "$wt" am --abort || true
		tap 1 "series: $name applies to the base with no fuzz"
		die "the rest of the series cannot be checked"
	fi
	tap 0 "series: $name applies to the base with no fuzz"

	# Debian's python3 for spdxcheck.py, whatever else is first in PATH.
	(cd "$wt" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --no-summary \
		--ignore FILE_PATH_CHANGES "$top/$p") >"$res/checkpatch/$name.txt" 2>&1 || true
	e=$(grep -c '^\(ERROR\|WARNING\):\|^Traceback' "$res/checkpatch/$name.txt" || true)
	c=$(grep -c '^CHECK:' "$res/checkpatch/$name.txt" || true)
	tap "$e" "series: $name is checkpatch --strict clean ($e errors/warnings, $c checks)"

	for f in $(git -C "$wt" diff --name-only --diff-filter=A HEAD~1 HEAD); do
		section=$(cd "$wt" && scripts/get_maintainer.pl --no-git --no-git-fallback \
			--sections -f "$f" | head -1)
		covered=0
		[ "$section" != "THE REST" ] || covered=1
		tap $covered "series: $name: $f is in MAINTAINERS ($section)"
	done

	if [ -z "$(git -C "$wt" diff --name-only HEAD~1 HEAD -- . ':!tools' ':!Documentation')" ]; then
		if [ -z "$(git -C "$wt" diff --name-only HEAD~1 HEAD -- tools/testing/selftests/kvm)" ]; then
			tap 0 "series: $name changes nothing that is built"
		elif scripts/selftests.sh "$wt" build/selftests/series >"$res/build-$name.log" 2>&1; then
			tap 0 "series: the kvm selftests build with $name applied"
		else
			tail -20 "$res/build-$name.log" | sed 's/^/# /'
			tap 1 "series: the kvm selftests build with $name applied"
			die "see $res/build-$name.log"
		fi
		continue
	fi
	if scripts/kernel.sh "$wt" $kernel_config >"$res/build-$name.log" 2>&1; then
		tap 0 "series: the kernel builds with $name applied"
	else
		tail -20 "$res/build-$name.log" | sed 's/^/# /'
		tap 1 "series: the kernel builds with $name applied"
		die "see $res/build-$name.log"
	fi
done
[ "$n" -gt 0 ] || scripts/kernel.sh "$wt" $kernel_config >"$res/build-base.log"
