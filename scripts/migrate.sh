#!/bin/bash
# The migration matrix, between the base kernel ("old") and the patched one
# ("new"), with the kernels and selftests make check built. Each row boots
# the source kernel, where `kvm-fw save` configures a VM's firmware
# registers, runs its guest and prints every firmware register
# KVM_GET_REG_LIST lists, with what the guest saw; then boots the
# destination with that file, where `kvm-fw restore` writes each register
# into a fresh VM and checks that its guest sees the same.
# Rows with a filter also install an SMCCC filter on the source (one range
# forwarded to the VMM, one denied), save it as the kernel reads it back,
# and restore it: a new destination must end up with the same ranges and
# the same guest view; the base kernel has no filter, so there the row
# expects the refusal (kvm-fw restore exits 3): the registers restored, the
# filter refused, the same guest view outside the filter's ranges.
# Rows with a state the base kernel cannot hold (PSCI 1.3, a non-zero
# VENDOR_HYP_BMAP_2) expect, on the base kernel, that one register refused
# with its errno and every other register restored.
# Prints TAP lines.
# Usage: scripts/migrate.sh   (make check: build/kernels/{base,patched} and
#                             build/selftests/{base,series}/bin)
set -euo pipefail
. scripts/lib.sh

res=build/results/migrate
rm -rf "$res"
mkdir -p "$res"

# name|source|destination|PSCI_VERSION STD_BMAP STD_HYP_BMAP VENDOR_HYP_BMAP
#   [|kvm-fw save options: bmap2=V, filter=SPEC [|the register refused: ID:strerror]]
# The filter: TRNG_VERSION and TRNG_FEATURES forwarded, VENDOR_HYP_KVM_FEATURES denied.
filter=filter=0x84000050:2:fwd,0x86000000:1:deny
rows=(
	"new->new, defaults|new|new|0x10001 0x1 0x1 0x3"
	"old->new, defaults|old|new|0x10001 0x1 0x1 0x3"
	"new->old, defaults|new|old|0x10001 0x1 0x1 0x3"
	"new->new, PSCI 0.2 and every bitmap bit cleared|new|new|0x2 0x0 0x0 0x0"
	"old->new, PSCI 0.2 and every bitmap bit cleared|old|new|0x2 0x0 0x0 0x0"
	"new->old, PSCI 0.2 and every bitmap bit cleared|new|old|0x2 0x0 0x0 0x0"
)
# and one bitmap bit cleared at a time, with PSCI 1.0, both ways
for bit in "TRNG|0x0 0x1 0x3" "PV_TIME|0x1 0x0 0x3" "FUNC_FEAT|0x1 0x1 0x2" "PTP|0x1 0x1 0x1"; do
	rows+=("old->new, PSCI 1.0, ${bit%%|*} cleared|old|new|0x10000 ${bit#*|}"
	       "new->old, PSCI 1.0, ${bit%%|*} cleared|new|old|0x10000 ${bit#*|}")
done
# and with an SMCCC filter (last, so the rows above keep their numbers)
rows+=("new->new, defaults, SMCCC filter|new|new|0x10001 0x1 0x1 0x3|$filter"
       "new->new, PSCI 0.2 and every bitmap bit cleared, SMCCC filter|new|new|0x2 0x0 0x0 0x0|$filter"
       "new->old, defaults, SMCCC filter (expected refusal)|new|old|0x10001 0x1 0x1 0x3|$filter")
# and the state of mainline's later interfaces: carried between new hosts,
# refused by an old one, which has neither PSCI 1.3 nor the register
rows+=("new->new, PSCI 1.3 and VENDOR_HYP_BMAP_2 = 0x3|new|new|0x10003 0x1 0x1 0x3|bmap2=0x3"
       "new->old, PSCI 1.3 (expected refusal)|new|old|0x10003 0x1 0x1 0x3||0x6030000000140000:Invalid argument"
       "new->old, VENDOR_HYP_BMAP_2 = 0x3 (expected refusal)|new|old|0x10001 0x1 0x1 0x3|bmap2=0x3|0x6030000000160003:No such file or directory")

kernel() { [ "$1" = old ] && echo build/kernels/base || echo build/kernels/patched; }
selftests() { [ "$1" = old ] && echo build/selftests/base/bin || echo build/selftests/series/bin; }

n=0
for row in "${rows[@]}"; do
	IFS='|' read -r name src dst config opts refused <<<"$row"
	fspec=$(tr ' ' '\n' <<<"$opts" | grep '^filter=' || true)
	n=$((n + 1))
	dir=$res/$n
	mkdir -p "$dir/state"

	echo "60 save /tests/kvm-fw save $config $opts" >"$dir/save.list"
	scripts/initramfs.sh "$dir/save.cpio" "$(kernel "$src")/gen_init_cpio" \
		"$dir/save.list" "$(selftests "$src"):"
	scripts/boot.sh "$(kernel "$src")/Image" "$dir/save.cpio" vhe \
		"$dir/save.log" 300 >/dev/null
	tr -d '\r' <"$dir/save.log" | sed -n 's/^# \(reg\|view\|filter\) /\1 /p' >"$dir/state/fwstate"

	echo "60 restore /tests/kvm-fw restore /tests/state/fwstate" >"$dir/restore.list"
	scripts/initramfs.sh "$dir/restore.cpio" "$(kernel "$dst")/gen_init_cpio" \
		"$dir/restore.list" "$(selftests "$dst"):" "$dir/state:state/"
	scripts/boot.sh "$(kernel "$dst")/Image" "$dir/restore.cpio" vhe \
		"$dir/restore.log" 300 >/dev/null

	regs=$(grep -c '^reg ' "$dir/state/fwstate" || true)
	log=$(tr -d '\r' <"$dir/restore.log")
	# The filter ranges asked for, saved by the source, read back by the destination.
	want=0
	[ -z "$fspec" ] || want=$(tr , '\n' <<<"${fspec#filter=}" | grep -c .)
	saved=$(grep -c '^filter ' "$dir/state/fwstate" || true)
	restored=$(grep -c '^# restored filter ' <<<"$log" || true)
	if [ "$regs" = 0 ]; then
		echo "not ok - migration $n: $name # the source saved nothing, see $dir/save.log"
	elif [ -n "$refused" ]; then
		# One register the destination cannot hold: refused, with its
		# errno; every other one restored.
		id=${refused%%:*} err=${refused#*:}
		ok=$(grep -c '^# restore 0x[0-9a-f]* = 0x[0-9a-f]*: ok$' <<<"$log" || true)
		if ! grep -q "^reg $id " "$dir/state/fwstate"; then
			echo "not ok - migration $n: $name # the source did not save $id, see $dir/save.log"
		elif grep -q "^# restore $id = 0x[0-9a-f]*: $err\$" <<<"$log" &&
		     [ "$ok" = $((regs - 1)) ] && grep -q '^not ok 1 restore' <<<"$log"; then
			echo "ok - migration $n: $name: $id refused ($err), the other $ok registers restored"
		else
			grep 'restore 0x.*: [^o]' <<<"$log" | sed 's|^|# |' || true
			echo "not ok - migration $n: $name # expected $id refused ($err) and $((regs - 1)) registers restored, $ok were; see $dir/restore.log"
		fi
	elif [ "$saved" != "$want" ]; then
		echo "not ok - migration $n: $name # the source saved $saved filter ranges of $want, see $dir/save.log"
	elif [ "$want" != 0 ] && [ "$dst" = old ]; then
		# No filter on the base kernel: the refusal is the expected answer.
		if grep -q '^not ok 1 restore # exit status 3' <<<"$log" &&
		   grep -q '^# filter cannot be restored here' <<<"$log"; then
			echo "ok - migration $n: $name: $regs registers restored, same guest view outside the filter; its $saved ranges refused: the base kernel has no SMCCC filter"
		else
			grep 'restore 0x.*: [^o]\|restore filter .*: [^o]\|MISMATCH' <<<"$log" | sed 's|^|# |' || true
			echo "not ok - migration $n: $name # expected the filter refused, the rest restored; see $dir/restore.log"
		fi
	elif grep -q '^ok 1 restore' <<<"$log" && [ "$restored" = "$saved" ]; then
		what="$regs registers"
		[ "$saved" = 0 ] || what+=" and $saved filter ranges"
		echo "ok - migration $n: $name: $what restored, same guest view"
	else
		grep 'restore 0x.*: [^o]\|restore filter .*: [^o]\|MISMATCH' <<<"$log" | sed 's|^|# |' || true
		[ "$saved" = 0 ] || echo "# $restored of the $saved filter ranges read back"
		echo "not ok - migration $n: $name # see $dir/restore.log"
	fi
done
