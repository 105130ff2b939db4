#!/bin/bash
# The kernel's own static checkers on a tree scripts/kernel.sh has built
# (TREE/out, arm64), for scripts/static-tap.sh to compare with the base:
#   - sparse on the objects the given .c files make in this config, as
#     Kbuild builds them: the targets come from the .cmd files of out/
#     (hyp/aarch32.c makes hyp/vhe/../aarch32.o and hyp/nvhe/../aarch32.nvhe.o,
#     with their own flags); a file the config does not build (another
#     architecture's) is skipped.  Not C=2: its forced check is not in the
#     nVHE objects' rule, and it checks the vDSO of the prepare step too.
#     Instead the objects are compiled again with C=1 (ccache: at once; their
#     old times are put back, so nothing is relinked after), and CHECK sends
#     sparse's stderr apart from gcc's.  Some seconds: not cached.
#   - coccicheck MODE=report on arch/arm64/kvm: a minute, so its result is
#     cached outside the tree, keyed by what spatch reads (below).
#   - the KVM uapi headers against perf's copies of them under tools/
#     (what tools/perf/check-headers.sh compares): the lines in which each
#     copy differs, so that the series is seen to add no difference.
# Written normalized, so that code moving around does not count: one
# warning a line, no line or column numbers, sorted (duplicates kept), in
# OUTDIR/sparse-LABEL.txt, OUTDIR/cocci-LABEL.txt (raw output: .log) and
# OUTDIR/uapi-LABEL.txt.
# Usage: scripts/static.sh TREE LABEL OUTDIR FILE...
set -euo pipefail
. scripts/lib.sh

tree=$1 label=$2 out=$3
shift 3
[ -f "$tree/out/.config" ] || die "$tree is not built: run scripts/kernel.sh $tree first"
mkdir -p "$out"
# kernel.sh's command line (the same CC), else Kbuild would recompile all.
kmake() {
	make -C "$tree" O=out ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		CC="ccache aarch64-linux-gnu-gcc" -j"$(nproc)" -s "$@"
}

# A checker's report (stdin) normalized: "file: message", paths relative to
# the source tree; sparse's "expected/got" lines (same position, indented)
# joined to their warning, even when another sparse ran alongside.
normalize() {
	awk 'match($0, /^[^ :]+:[0-9]+:[0-9]+(-[0-9]+)?: /) {
		f = $0; sub(/:.*/, "", f); sub(/^(\.\.?\/)+/, "", f)
		while (sub(/[^\/.][^\/]*\/\.\.\//, "", f)) ;
		k = substr($0, 1, RLENGTH); m = substr($0, RLENGTH + 1)
		gsub(/line [0-9]+/, "line N", m)
		if (m ~ /^ / && k in w) { sub(/^ +/, "", m); l[w[k]] = l[w[k]] " / " m }
		else { l[++n] = f ": " m; w[k] = n }
	} END { for (i = 1; i <= n; i++) print l[i] }' | LC_ALL=C sort
}

# "source target" for each object of the build, from its .cmd file.
sources=$(find "$tree/out" -name '.*.o.cmd' -print0 | xargs -0 grep -h '^source_' |
	awk '{ s = $3; sub(/^\.\.\//, "", s); while (sub(/[^\/.][^\/]*\/\.\.\//, "", s)) ;
	       t = $1; sub(/^source_/, "", t); print s, t }')
objs=()
for f in "$@"; do
	n=${#objs[@]}
	mapfile -t -O "$n" objs < <(awk -v f="$f" '$1 == f { print $2 }' <<<"$sources")
	[ ${#objs[@]} -gt "$n" ] || echo "static: $f is not built here, not checked" >&2
done
log=$(realpath "$out")/sparse-$label.log
: >"$log"
if [ ${#objs[@]} -gt 0 ]; then
	for o in "${objs[@]}"; do mv "$tree/out/$o" "$tree/out/$o.static"; done
	kmake C=1 CHECK="sh -c 'exec sparse \"\$\$@\" 2>>$log' sparse" "${objs[@]}" \
		>"$out/gcc-$label.log" 2>&1 || die "$tree does not build: see $out/gcc-$label.log"
	for o in "${objs[@]}"; do
		touch -r "$tree/out/$o.static" "$tree/out/$o"
		rm "$tree/out/$o.static"
	done
fi
normalize <"$log" >"$out/sparse-$label.txt"

# spatch reads arch/arm64/kvm, the headers (--all-includes for some rules)
# and the config; the generated headers follow from those.
paths=(arch/arm64/kvm arch/arm64/include include scripts/coccinelle scripts/coccicheck)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/kvm-hypercalls/cocci
key=$({ git -C "$tree" rev-parse "${paths[@]/#/HEAD:}"; spatch --version | head -1
	cat "$tree/out/include/generated/autoconf.h"; } | sha256sum | cut -c1-32)
[ -z "$(git -C "$tree" status --porcelain -- "${paths[@]}")" ] || key= # not HEAD's
if [ -n "$key" ] && [ -f "$cache/$key.txt" ]; then
	cp "$cache/$key.txt" "$out/cocci-$label.txt"
	echo "static: coccicheck at $label: cached ($cache/$key.txt)" >"$out/cocci-$label.log"
else
	kmake coccicheck MODE=report M=../arch/arm64/kvm J="$(nproc)" >"$out/cocci-$label.log" 2>&1 ||
		die "coccicheck failed on $tree: see $out/cocci-$label.log"
	normalize <"$out/cocci-$label.log" >"$out/cocci-$label.txt"
	[ -z "$key" ] || { mkdir -p "$cache" && cp "$out/cocci-$label.txt" "$cache/$key.txt.$$" &&
		mv "$cache/$key.txt.$$" "$cache/$key.txt"; }
fi

for h in include/uapi/linux/kvm.h arch/arm64/include/uapi/asm/kvm.h; do
	# diff: 1 when they differ, as the base's do; 2 (a copy missing) fails.
	{ diff "$tree/$h" "$tree/tools/$h" || [ $? = 1 ]; } | sed -n "s|^\([<>]\)|$h: \1|p"
done | LC_ALL=C sort >"$out/uapi-$label.txt"
