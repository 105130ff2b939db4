#!/bin/bash
# Cross-build the arm64 Image (usr/gen_init_cpio comes with it) and the uapi
# headers of a kernel tree into TREE/out (TREE/$OUT if OUT is set: the debug
# kernel of make check is TREE/out-debug).  Config: allnoconfig + the
# fragments, merged by the kernel's own merge_config.sh; redone only when a
# fragment changes.  ccache (in build/ccache) makes the second tree cheap:
# with out/ inside the tree, Kbuild uses relative paths, so the compiler
# commands of build/linux, build/base and build/series are the same.
# Usage: scripts/kernel.sh TREE FRAGMENT...
set -euo pipefail
. scripts/lib.sh

src=$1
shift
[ -f "$src/Makefile" ] || die "no kernel tree at $src: run make tree first"
export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CCACHE_DIR=$PWD/build/ccache
obj=${OUT:-out}
out=$src/$obj
frags=()
for f in "$@"; do frags+=("$PWD/$f"); done

mkdir -p "$out"
if [ ! -f "$out/.config" ] || [ "$(cat "$out/fragments" 2>/dev/null)" != "$*" ] ||
   [ -n "$(find "${frags[@]}" -newer "$out/.config")" ]; then
	echo "kernel: configuring $src (allnoconfig + $*)"
	(cd "$src" && scripts/kconfig/merge_config.sh -n -O "$obj" "${frags[@]}") >"$out/merge.log" 2>&1 ||
		{ cat "$out/merge.log"; die "merge_config.sh failed for $src"; }
	if grep -A2 '^Value requested for' "$out/merge.log"; then
		rm "$out/.config"
		die "a fragment asks for options the kernel did not take (above); fix $*"
	fi
	echo "$*" >"$out/fragments"
fi
echo "kernel: building $out/arch/arm64/boot/Image"
make -C "$src" O="$obj" CC="ccache ${CROSS_COMPILE}gcc" -j"$(nproc)" -s Image headers
