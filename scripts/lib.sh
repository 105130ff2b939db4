# Helpers shared by the scripts (sourced, not run).

die() {
	echo "error: $*" >&2
	exit 1
}

# The patch files of the series, in order, as listed in patches/series.
series_patches() {
	[ -f patches/series ] || return 0
	grep -v '^[[:space:]]*#' patches/series | grep . | sed 's|^|patches/|'
}

# The series has two parts: what mainline has (part 1), then what goes
# beyond it, below this line of patches/series.  make tree tags the last
# part-1 commit of build/linux "part1", make export writes the line back
# after it, and make check boots the kernel built at that patch.
part2_line='# Part 2: beyond mainline'

# The patch files above that line, in order; nothing if the series has none.
part1_patches() {
	[ -f patches/series ] || return 0
	awk -v line="$part2_line" '
		$0 == line { for (i = 1; i <= n; i++) print "patches/" p[i]; exit }
		!/^[[:space:]]*#/ && NF { p[++n] = $1 }' patches/series
}

# The last of them (empty: no boundary).
boundary_patch() {
	part1_patches | tail -n 1
}

# One stable patch-id per line for the commits base..HEAD of a git tree ($1),
# or for the patches in patches/ (no argument): equal lists, same series.
patch_ids() {
	if [ $# -eq 1 ]; then
		git -C "$1" format-patch --stdout base..HEAD
	else
		for p in $(series_patches); do cat "$p"; done
	fi | git patch-id --stable | awk '{ print $1 }'
}

# Config fragments, applied on allnoconfig: every kernel the harness boots,
# the debug kernel of make check, and the x86_64 KVM build of scripts/series.sh.
kernel_config="configs/kvm.config configs/vmm.config"
debug_config="configs/kvm.config configs/debug.config"
x86_config="configs/x86.config"

# A kernel report on a console log: any of these fails the boot.
kernel_report='\] (Oops|BUG|WARNING|Kernel panic|kernel BUG|Unable to handle|Internal error|Bad mode|possible (recursive|circular) locking|inconsistent lock state|INFO: |BUG: KASAN|UBSAN:|list_(add|del) corruption|refcount_t: |watchdog: |rcu: .*stall|Call trace:)'

# The unpatched kernel of make bench, built from the worktree build/base
# (tag "base", the Makefile makes it) into build/base/out.  (make check's
# base kernel is the series' build at the base: build/kernels/base.)
base_kernel() {
	scripts/kernel.sh build/base $kernel_config
}

# Every compiler call goes through ccache, in its own default place
# (~/.cache/ccache, or CCACHE_DIR): one cache for every clone on the
# machine, so that a new clone (CI's) compiles only what no clone has.
# base_dir makes the clone's absolute paths relative (the selftests'
# include paths, say), and the working directory is not hashed: the same
# compile in two clones is one entry.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=1
