#!/bin/bash
# The compiler cache's hit rate over a run of make check:
#   ccache-rate.sh save FILE   keep ccache's counters in FILE
#   ccache-rate.sh FILE        print the hits and misses since then
set -euo pipefail
. scripts/lib.sh

if [ "$1" = save ]; then
	ccache --print-stats >"$2"
	exit 0
fi
ccache --print-stats | awk -v dir="$(ccache -k cache_dir)" '
	NR == FNR { before[$1] = $2; next }
	{ d[$1] = $2 - before[$1] }
	END {
		hit = d["direct_cache_hit"] + d["preprocessed_cache_hit"]; miss = d["cache_miss"]
		printf "ccache (%s): %d compiles, %d hits, %d misses: %.1f%% hits\n", dir,
			hit + miss, hit, miss, hit + miss ? 100 * hit / (hit + miss) : 0
	}' "$1" -
