#!/bin/bash
# The migration matrix, between the base kernel ("old") and the patched one
# ("new"), with the kernels and selftests make check built. Each row boots
# the source kernel, where `kvm-fw save` configures a VM's firmware
# registers, runs its guest and prints every firmware register
# KVM_GET_REG_LIST lists, with what the guest saw; then boots the
# destination with that file, where `kvm-fw restore` writes each register
# into a fresh VM and checks that its guest sees the same.
# Prints TAP lines (also kept in build/results/migrate.tap).
# Usage: scripts/migrate.sh
set -euo pipefail
. scripts/lib.sh

res=build/results/migrate
mkdir -p "$res"
exec > >(tee build/results/migrate.tap)

# name, source, destination, PSCI_VERSION STD_BMAP STD_HYP_BMAP VENDOR_HYP_BMAP
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

kernel() { [ "$1" = old ] && echo build/base || echo build/series; }
selftests() { [ "$1" = old ] && echo build/selftests/base/bin || echo build/selftests/series/bin; }

n=0
for row in "${rows[@]}"; do
	IFS='|' read -r name src dst config <<<"$row"
	n=$((n + 1))
	dir=$res/$n
	mkdir -p "$dir/state"

	echo "60 save /tests/kvm-fw save $config" >"$dir/save.list"
	scripts/initramfs.sh "$dir/save.cpio" "$(kernel "$src")/out/usr/gen_init_cpio" \
		"$dir/save.list" "$(selftests "$src"):"
	scripts/boot.sh "$(kernel "$src")/out/arch/arm64/boot/Image" "$dir/save.cpio" vhe \
		"$dir/save.log" 300 >/dev/null
	tr -d '\r' <"$dir/save.log" | sed -n 's/^# \(reg\|view\) /\1 /p' >"$dir/state/fwstate"

	echo "60 restore /tests/kvm-fw restore /tests/state/fwstate" >"$dir/restore.list"
	scripts/initramfs.sh "$dir/restore.cpio" "$(kernel "$dst")/out/usr/gen_init_cpio" \
		"$dir/restore.list" "$(selftests "$dst"):" "$dir/state:state/"
	scripts/boot.sh "$(kernel "$dst")/out/arch/arm64/boot/Image" "$dir/restore.cpio" vhe \
		"$dir/restore.log" 300 >/dev/null

	regs=$(grep -c '^reg ' "$dir/state/fwstate" || true)
	if [ "$regs" = 0 ]; then
		echo "not ok - migration $n: $name # the source saved nothing, see $dir/save.log"
	elif tr -d '\r' <"$dir/restore.log" | grep -q '^ok 1 restore'; then
		echo "ok - migration $n: $name: $regs registers restored, same guest view"
	else
		tr -d '\r' <"$dir/restore.log" | grep 'restore 0x.*: [^o]\|MISMATCH' | sed 's/^# /# /'
		echo "not ok - migration $n: $name # see $dir/restore.log"
	fi
done
