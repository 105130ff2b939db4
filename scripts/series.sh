#!/bin/bash
# Check the series in patches/ patch by patch, as a reviewer would, in the
# worktree build/series (its own out/, so build/linux is left alone):
#   - each patch applies to the pinned base with git am (no fuzz);
#   - scripts/checkpatch.pl --strict reports no error or warning, and the
#     files a patch adds are covered by a MAINTAINERS section (checked with
#     get_maintainer.pl instead of checkpatch's "does MAINTAINERS need
#     updating?", which fires for every new file);
#   - the kernel builds in full at the base, at the end of part 1 and at
#     the top; after each patch in between, only what the patch can
#     affect is built (affected_targets below: Kbuild's own dependency
#     lists decide; a patch that changes only tools/ and Documentation/
#     leaves the kernel as it was); after a patch that changes the kvm
#     selftests or a uapi header, the selftests make check lists build
#     (scripts/selftests.sh --listed: only the two the base cannot build
#     may fail, until they have built once), and at the end of part 1
#     the whole kvm target builds with the kselftest runner (at the top,
#     the Makefile's build of what the boots run does);
#   - x86_64 KVM (kvm, kvm-intel, kvm-amd: configs/x86.config, host gcc, in
#     build/series/out-x86) builds after each patch that touches the code
#     x86 shares or its own: arch/x86, virt/kvm, include/linux/kvm*,
#     include/uapi/linux/kvm*, as a distro builds x86_64 from the same tree;
#   - the kernels make check boots are kept in build/kernels/NAME (Image,
#     gen_init_cpio, uapi headers in include/): base, the build at the
#     base; part1, at the end of part 1 (the "# Part 2" line of
#     patches/series); patched, the top;
#   - sparse and coccicheck run at those three (scripts/static.sh, into
#     build/results/static; scripts/static-tap.sh compares them).
# It ends with build/series at the top of the series.  Prints TAP lines.
set -euo pipefail
. scripts/lib.sh

wt=build/series
res=build/results
top=$PWD
mkdir -p "$res/checkpatch"

tap() { # STATUS DESCRIPTION [DIRECTIVE]
	if [ "$1" = 0 ]; then echo "ok - $2${3:+ # $3}"; else echo "not ok - $2${3:+ # $3}"; fi
}

boundary=$(boundary_patch)
rm -rf build/kernels/base build/kernels/part1 build/kernels/patched "$res/static"
# The selftest builds of this check (not what the boots run: the Makefile
# builds those).
check_selftests=$wt/out/check-selftests
# The kernel files the series changes: what sparse checks.
mapfile -t changed < <(series_patches | xargs sed -n 's|^+++ b/||p' | sort -u |
	grep -v -e '^tools/' -e '^Documentation/' | grep '\.c$' || true)
[ -d "$wt" ] || git -C build/linux worktree add -q --detach ../series base
git -C "$wt" am --abort 2>/dev/null || true
git -C "$wt" checkout -q --detach -f base
# (the debug and x86_64 builds, out-debug/ and out-x86/, are kept)
git -C "$wt" clean -fdq -e '/out*/'

if [ "$(patch_ids build/linux)" = "$(patch_ids)" ]; then
	tap 0 "series: patches/ holds what build/linux has (base..HEAD)"
else
	tap 1 "series: patches/ holds what build/linux has (base..HEAD)" "run make export"
fi

# Run a build step (DESCRIPTION LOG COMMAND...): its TAP line, and on a
# failure the end of its log, and stop.
build_or_die() {
	local what=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		tap 0 "series: $what"
	else
		tail -20 "$log" | sed 's/^/# /'
		tap 1 "series: $what"
		die "see $log"
	fi
}

# What a patch (HEAD of the worktree) can affect, as Kbuild targets for
# an incremental build: the directory of each C or assembly file and
# Makefile it changes, and the directory of every object whose dependency
# list names a header it changes (Kbuild's .cmd files, left by the full
# build at the base and kept up to date by every build since), plus the
# uapi headers if it changes one.  A directory without a Makefile is
# built by the nearest one above it that has one (arch/arm64/kvm/vgic/ by
# arch/arm64/kvm/), and virt/kvm's objects by arch/arm64/kvm/Makefile;
# other architectures' files are the x86_64 build's.  Fails (nothing
# printed) if the patch changes anything else the kernel build reads
# (Kconfig, scripts, a top-level Makefile): then everything is built.
affected_targets() {
	local f pats=() dirs=()
	for f in $(git -C "$wt" diff --name-only HEAD~1 HEAD -- . ':!tools' ':!Documentation'); do
		case $f in
		arch/arm64/*) ;;
		arch/*) continue ;;
		esac
		case $f in
		*/*.c | */*.S | */Makefile | */Kbuild) dirs+=("$(dirname "$f")") ;;
		*/*.h) pats+=(-e "$f") ;;
		*) return 1 ;;
		esac
		case $f in */uapi/*) dirs+=(headers) ;; esac
	done
	if [ ${#pats[@]} -gt 0 ]; then
		# Each .cmd file lists the headers of its object, one per line,
		# as paths relative to the source tree.
		mapfile -t -O ${#dirs[@]} dirs < <(find "$wt/out" -name '.*.o.cmd' -print0 |
			xargs -0 grep -l -F "${pats[@]}" |
			sed "s|^$wt/out/||; s|/[^/]*\$||")
	fi
	[ ${#dirs[@]} -gt 0 ] || return 1
	for f in "${!dirs[@]}"; do
		[ "${dirs[f]}" != virt/kvm ] || dirs[f]=arch/arm64/kvm
		while [ "${dirs[f]}" != headers ] && [ ! -f "$wt/${dirs[f]}/Makefile" ] &&
		      [ ! -f "$wt/${dirs[f]}/Kbuild" ]; do
			dirs[f]=$(dirname "${dirs[f]}")
		done
	done
	# One target per tree: a directory below another one is built with it.
	printf '%s\n' "${dirs[@]}" | sed '/^headers$/! s|$|/|' | sort -u |
		awk '{ for (i = 1; i <= n; i++) if (index($0, d[i]) == 1) next; d[++n] = $0; print }'
}

# The kernel and headers in full, for what is booted and tested.
full_build() { # DESCRIPTION
	build_or_die "the kernel builds in full $1" "$res/build-full-${1// /-}.log" \
		scripts/kernel.sh "$wt" $kernel_config
}

# Keep the kernel the tree is at as build/kernels/NAME, and run the static
# checkers on it.
keep() { # NAME
	local f files=()
	mkdir -p build/kernels/"$1"
	cp "$wt/out/arch/arm64/boot/Image" "$wt/out/usr/gen_init_cpio" build/kernels/"$1"/
	cp -r "$wt/out/usr/include" build/kernels/"$1"/
	git -C "$wt" rev-parse HEAD >build/kernels/"$1"/commit
	for f in "${changed[@]}"; do [ ! -f "$wt/$f" ] || files+=("$f"); done
	build_or_die "sparse and coccicheck run at $1" "$res/static-$1.log" \
		scripts/static.sh "$wt" "$1" "$res/static" "${files[@]}"
}

# The end of part 1: its kernel, built in full, and the whole kvm selftest
# target with the kselftest runner.
keep_part1() {
	full_build "at the end of part 1 ($name)"
	keep part1
	build_or_die "the kvm selftests build at the end of part 1 ($name)" \
		"$res/build-part1.log" scripts/selftests.sh "$wt" "$check_selftests"
}

# The base in full: the kernel until a patch changes it (out/ may hold the
# previous run's), the uapi headers of the selftests, and the dependency
# lists affected_targets reads.  It is make check's base kernel.
build_or_die "the kernel builds at base" "$res/build-base.log" \
	scripts/kernel.sh "$wt" $kernel_config
keep base
rm -rf "$check_selftests"
n=0
p=
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
	# UNKNOWN_COMMIT_ID: the tree is Debian's tarball, with no upstream
	# history, so checkpatch cannot look up the mainline commits that the
	# messages name (their form is still checked, by GIT_COMMIT_ID).
	(cd "$wt" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --no-summary \
		--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$top/$p") \
		>"$res/checkpatch/$name.txt" 2>&1 || true
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

	# The kvm selftests, after a patch that changes them or the uapi.
	selftests=$(git -C "$wt" diff --name-only HEAD~1 HEAD -- tools/testing/selftests/kvm \
		'*/uapi/*')
	if [ -z "$(git -C "$wt" diff --name-only HEAD~1 HEAD -- . ':!tools' ':!Documentation')" ]; then
		[ -n "$selftests" ] || tap 0 "series: $name changes nothing that is built"
	elif targets=$(affected_targets); then
		build_or_die "what $name affects builds (${targets//$'\n'/ })" "$res/build-$name.log" \
			env TARGETS="$targets" scripts/kernel.sh "$wt" $kernel_config
	else
		build_or_die "the kernel builds with $name applied" "$res/build-$name.log" \
			scripts/kernel.sh "$wt" $kernel_config
	fi
	[ -z "$selftests" ] ||
		build_or_die "the kvm selftests build with $name applied" \
			"$res/build-selftests-$name.log" \
			scripts/selftests.sh --listed "$wt" "$check_selftests"

	# Only the KVM objects (arch/x86/kvm/ pulls in virt/kvm/), not vmlinux.
	# A failure is reported and the series goes on: arm64 is not affected.
	if [ -n "$(git -C "$wt" diff --name-only HEAD~1 HEAD -- arch/x86 virt/kvm \
	           'include/linux/kvm*' 'include/uapi/linux/kvm*')" ]; then
		if ARCH=x86_64 OUT=out-x86 TARGETS=arch/x86/kvm/ scripts/kernel.sh "$wt" $x86_config \
			>"$res/build-x86-$name.log" 2>&1; then
			tap 0 "series: x86_64 KVM (intel, amd) builds with $name applied"
		else
			tail -20 "$res/build-x86-$name.log" | sed 's/^/# /'
			tap 1 "series: x86_64 KVM (intel, amd) builds with $name applied"
		fi
	fi

	[ "$p" != "$boundary" ] || keep_part1
done
[ "$p" = "$boundary" ] || full_build "at the top of the series ($name)"
keep patched
