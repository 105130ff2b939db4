#!/bin/bash
# make tree: build/linux = the pinned base, committed and tagged "base", with
# the series from patches/ applied on top by git am, and the last commit of
# part 1 (above the "# Part 2" line of patches/series) tagged "part1".
# Never destroys work:
# if build/linux holds commits or edits that patches/ lacks, it stops.
set -euo pipefail
. scripts/lib.sh

tree=build/linux
: "${BASE_VERSION:?} ${BASE_SHA256:?} ${BASE_TARBALL:?}"

# Git needs an identity for the commits it makes; keep the user's if any.
git_id=(-c user.name="${GIT_AUTHOR_NAME:-$(git config user.name || echo 'KVM hypercall series')}"
	-c user.email="${GIT_AUTHOR_EMAIL:-$(git config user.email || echo 'kvm-hypercalls@localhost')}")

import_base() {
	local tmp=build/linux.tmp sha
	[ -f "$BASE_TARBALL" ] || die "$BASE_TARBALL is missing: run make deps (installs $BASE_PACKAGE=$BASE_VERSION)"
	echo "tree: checking $BASE_TARBALL"
	sha=$(sha256sum "$BASE_TARBALL" | awk '{ print $1 }')
	[ "$sha" = "$BASE_SHA256" ] ||
		die "base tarball $BASE_TARBALL has sha256 $sha, expected $BASE_SHA256 ($BASE_PACKAGE $BASE_VERSION, pinned in base.mk); to use it anyway: make BASE_SHA256=$sha ..."

	echo "tree: unpacking $BASE_PACKAGE $BASE_VERSION into $tree"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -xf "$BASE_TARBALL" -C "$tmp" --strip-components=1

	# Fixed identity and dates: the base commit is the same on every machine.
	export GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
	export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
	git -C "$tmp" init -q -b master
	git -C "$tmp" config gc.auto 0
	# Debian's top-level .gitignore ignores everything: add with -f.
	git -C "$tmp" add -f -A
	git -C "$tmp" commit -q -m "Linux $BASE_VERSION from Debian's $BASE_PACKAGE"
	# Then drop that block, so that new files show up in git status.
	# (the block starts with a blank line and "#", 2 lines above its title)
	local n
	n=$(grep -n '^# Debian packaging: ignore everything' "$tmp/.gitignore" | cut -d: -f1)
	head -n $((n - 3)) "$tmp/.gitignore" >"$tmp/.gitignore.new"
	mv "$tmp/.gitignore.new" "$tmp/.gitignore"
	git -C "$tmp" commit -q -a -m "Drop the Debian block that ignores every top-level file"
	git -C "$tmp" tag base
	# Kernel builds go to out/ inside each tree (see the Makefile).
	echo /out/ >>"$tmp/.git/info/exclude"
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
	mv "$tmp" "$tree"
}

# Applies patches/series in order; tags the commit of its last part-1 patch
# "part1" (the series file's "# Part 2" line; scripts/export.sh reads it).
apply_series() {
	local p last
	last=$(boundary_patch)
	git -C "$tree" tag -d part1 >/dev/null 2>&1 || true
	for p in $(series_patches); do
		git "${git_id[@]}" -C "$tree" am -q "$PWD/$p" ||
			die "$p does not apply to $tree; see git -C $tree am --show-current-patch"
		[ "$p" != "$last" ] || git -C "$tree" tag -f part1 >/dev/null
	done
	echo "tree: $tree at $(git -C "$tree" log -1 --format='%h %s')"
	[ -z "$last" ] || echo "tree: part 1 ends at $(git -C "$tree" log -1 --format='%h %s' part1) (tag part1)"
}

# A tree that matches patches/ gets the boundary of patches/series too (the
# Nth commit after base, N part-1 patches), unless it has a part1 tag of its
# own elsewhere: that is work patches/ lacks.
sync_part1() {
	local n have want=''
	n=$(part1_patches | wc -l)
	[ "$n" = 0 ] || want=$(git -C "$tree" rev-list --reverse base..HEAD | sed -n "${n}p")
	have=$(git -C "$tree" rev-parse -q --verify 'part1^{commit}' || true)
	[ "$want" != "$have" ] || return 0
	[ -z "$have" ] ||
		die "$tree's tag part1 ($(git -C "$tree" log -1 --format='%h %s' part1)) is not where patches/series ends part 1${want:+ ($(git -C "$tree" log -1 --format='%h %s' "$want"))}: run make export to keep the tag, or move it (git -C $tree tag -f part1 COMMIT) or delete it (git -C $tree tag -d part1)"
	git -C "$tree" tag part1 "$want"
	echo "tree: part 1 ends at $(git -C "$tree" log -1 --format='%h %s' part1) (tag part1)"
}

if [ -d "$tree/.git" ] && git -C "$tree" rev-parse -q --verify base >/dev/null; then
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ] ||
		die "$tree has uncommitted edits; commit them and run make export, or remove $tree"
	ours=$(patch_ids "$tree")
	theirs=$(patch_ids)
	[ "$ours" = "$theirs" ] && { sync_part1; echo "tree: $tree matches patches/"; exit 0; }
	# Safe to rebuild only if every commit of the tree is also in patches/.
	[ -z "$(comm -23 <(sort <<<"$ours") <(sort <<<"$theirs"))" ] ||
		die "$tree holds commits that patches/ lacks: run make export to keep them, or remove $tree to drop them"
	echo "tree: resetting $tree to base and applying patches/"
	git -C "$tree" checkout -q --detach base
	git -C "$tree" branch -q -f series base
	git -C "$tree" checkout -q series
else
	[ ! -e "$tree" ] || die "$tree exists but is not a tree made by make tree; remove it"
	import_base
	git -C "$tree" checkout -q -b series base
fi
apply_series
