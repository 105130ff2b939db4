#!/bin/bash
# Build a kernel tree into TREE/out (TREE/$OUT if OUT is set: the debug
# kernel of make check is TREE/out-debug, its x86_64 build TREE/out-x86).
# By default: the arm64 Image (usr/gen_init_cpio comes with it) and the uapi
# headers, cross-built.  ARCH=x86_64 builds with the host's gcc instead, and
# TARGETS replaces "Image headers" (scripts/series.sh: arch/x86/kvm/).
# Config: allnoconfig + the fragments, merged by the kernel's own
# merge_config.sh; redone only when a fragment changes.  ccache (lib.sh)
# makes the second tree cheap: with out/ inside the tree, Kbuild uses
# relative paths, so the compiler commands of build/linux, build/base and
# build/series are the same, in this clone and in any other.
# Usage: [ARCH=x86_64] [OUT=DIR] [TARGETS=...] scripts/kernel.sh TREE FRAGMENT...
set -euo pipefail
. scripts/lib.sh

src=$1
shift
[ -f "$src/Makefile" ] || die "no kernel tree at $src: run make tree first"
export ARCH=${ARCH:-arm64}
if [ "$ARCH" = arm64 ]; then
	export CROSS_COMPILE=aarch64-linux-gnu-
	targets=${TARGETS:-Image headers}
else
	export CROSS_COMPILE=
	targets=${TARGETS:?TARGETS: what to build for $ARCH}
fi
obj=${OUT:-out}
out=$src/$obj
frags=()
for f in "$@"; do frags+=("$PWD/$f"); done

mkdir -p "$out"
if [ ! -f "$out/.config" ] || [ "$(cat "$out/fragments" 2>/dev/null)" != "$*" ] ||
   [ -n "$(find "${frags[@]}" -newer "$out/.config")" ]; then
	echo "kernel: configuring $src for $ARCH (allnoconfig + $*)"
	(cd "$src" && scripts/kconfig/merge_config.sh -n -O "$obj" "${frags[@]}") >"$out/merge.log" 2>&1 ||
		{ cat "$out/merge.log"; die "merge_config.sh failed for $src"; }
	if grep -A2 '^Value requested for' "$out/merge.log"; then
		rm "$out/.config"
		die "a fragment asks for options the kernel did not take (above); fix $*"
	fi
	echo "$*" >"$out/fragments"
fi
echo "kernel: building $targets in $out ($ARCH)"
# shellcheck disable=SC2086 # $targets is a list
make -C "$src" O="$obj" CC="ccache ${CROSS_COMPILE}gcc" -j"$(nproc)" -s $targets
