#!/bin/bash
# TAP lines for make check from what scripts/static.sh wrote in OUTDIR: for
# sparse, coccicheck and the tools/ copies of the KVM uapi headers, and
# each LABEL after the first (the base), "no new warning" (for the copies:
# no new difference): none of the label's lines is missing from the base's.
# The lists hold no line numbers (code the series moves is not new) and
# are compared as multisets (a warning the base has twice may come twice,
# a third time is new); a file the base lacks has no warnings there.
# Usage: scripts/static-tap.sh OUTDIR BASE_LABEL LABEL...
set -euo pipefail
. scripts/lib.sh

[ $# -ge 2 ] || die "usage: $0 OUTDIR BASE_LABEL LABEL..."
out=$1 base=$2
shift 2
for tool in sparse cocci uapi; do
	case $tool in
	sparse) name=sparse ;;
	cocci) name=coccicheck ;;
	uapi) name="tools/ copies of the KVM uapi headers" ;;
	esac
	[ -f "$out/$tool-$base.txt" ] || die "no $out/$tool-$base.txt: run scripts/static.sh"
	nb=$(wc -l <"$out/$tool-$base.txt")
	for label; do
		[ -f "$out/$tool-$label.txt" ] || die "no $out/$tool-$label.txt: run scripts/static.sh"
		n=$(wc -l <"$out/$tool-$label.txt")
		new=$(LC_ALL=C comm -13 "$out/$tool-$base.txt" "$out/$tool-$label.txt")
		what="static: $name: no new warning at $label ($n warnings, $nb at the base)"
		if [ -z "$new" ]; then
			echo "ok - $what"
		else
			echo "not ok - $what # $(wc -l <<<"$new") new, below"
			head -n 10 <<<"$new" | sed 's/^/# /'
		fi
	done
done
