#!/bin/bash
# make bench: what each way of answering a guest's SMCCC call costs, on the
# patched kernel (build/linux), the base 6.1 kernel (build/base) and a
# mainline peer (build/peer: Debian's $PEER_PACKAGE, same config fragment).
# Each kernel boots once in VHE mode under QEMU icount (boot.sh, ICOUNT=1)
# and runs the bench group of tests/suite.txt (aarch64/smccc_perf_test and
# aarch64/reg_scope -b, built from build/linux so every kernel runs the
# same binaries). Under icount the guest's counter
# ticks once per executed instruction: the numbers are instruction counts,
# the same on every run. Prints the table, also kept in build/results/bench.txt.
set -euo pipefail
. scripts/lib.sh

res=build/results
mkdir -p "$res" build/initramfs

if [ ! -f build/peer/Makefile ]; then
	tarball=/usr/src/$PEER_PACKAGE.tar.xz
	[ -f "$tarball" ] || die "no $tarball: run make deps"
	echo "bench: unpacking $tarball into build/peer"
	rm -rf build/peer build/peer.tmp
	mkdir build/peer.tmp
	tar -xf "$tarball" -C build/peer.tmp
	mv build/peer.tmp/"$PEER_PACKAGE" build/peer
	rmdir build/peer.tmp
fi
base_kernel
scripts/kernel.sh build/peer $kernel_config

scripts/matrix.sh list bench vhe build/selftests/linux/bin: >build/initramfs/bench.list
scripts/initramfs.sh build/initramfs/bench.cpio build/linux/out/usr/gen_init_cpio \
	build/initramfs/bench.list build/selftests/linux/bin:

kernels=(patched base peer)
declare -A tree=([patched]=build/linux [base]=build/base [peer]=build/peer)
for k in "${kernels[@]}"; do
	ICOUNT=1 scripts/boot.sh "${tree[$k]}/out/arch/arm64/boot/Image" \
		build/initramfs/bench.cpio vhe "$res/bench-$k.log" 1800
	nr_tests=$(wc -l <build/initramfs/bench.list)
	[ "$(grep -a -c '^ok [0-9]* ' "$res/bench-$k.log")" = "$nr_tests" ] ||
		die "the benchmark failed on the $k kernel: see $res/bench-$k.log"
done

# "smccc_perf: <op> calls=<n> ticks=<t> ..." -> "<kernel> <op> <ticks/call>"
for k in "${kernels[@]}"; do
	grep -a -o 'smccc_perf: [a-z0-9_]* calls=[0-9]* ticks=[0-9]*' "$res/bench-$k.log" |
		awk -v k=$k '{ split($3, c, "="); split($4, t, "="); print k, $2, t[2] / c[2] }'
done >"$res/bench.data"

# "reg_scope: save_restore vcpus=<n> scope=<s> ioctls=<i> ticks=<t>"
# -> "<kernel> <n> <s> <i> <t>"
for k in "${kernels[@]}"; do
	grep -a -o 'reg_scope: save_restore vcpus=[0-9]* scope=[a-z]* ioctls=[0-9]* ticks=[0-9]*' \
		"$res/bench-$k.log" | tr '=' ' ' | awk -v k=$k '{ print k, $4, $6, $8, $10 }'
done >"$res/bench-regs.data"

peer_version=$(make -s -C build/peer kernelversion)
hz=$(grep -a -o -m1 'smccc_perf: counter [0-9]* Hz' "$res/bench-patched.log" | awk '{ print $3 }')
[ "$hz" = 62500000 ] ||
	echo "warning: the guest counter runs at ${hz:-?} Hz, not 62.5 MHz: ticks are not instructions" >&2
{
	echo "SMCCC call paths: guest counter ticks per call ($hz Hz at 16 ns an instruction: ticks = instructions)"
	echo "$(qemu-system-aarch64 --version | head -1), -icount shift=4,sleep=off -seed 1, VHE"
	echo "patched: $(git -C build/linux describe --tags) ($(git -C build/linux rev-list --count base..HEAD) patches on Debian $BASE_PACKAGE $BASE_VERSION)"
	echo "base:    Debian $BASE_PACKAGE $BASE_VERSION"
	echo "peer:    Debian $PEER_PACKAGE $(dpkg-query -W -f='${Version}' "$PEER_PACKAGE") (Linux $peer_version)"
	echo
	awk -f - "$res/bench.data" <<'EOF'
{ v[$1, $2] = $3; if (!($2 in seen)) { seen[$2] = 1; ops[++n] = $2 } }
function cell(k, op) { return ((k, op) in v) ? sprintf("%10.1f", v[k, op]) : sprintf("%10s", "n/a") }
function ratio(a, b) { return (a != "" && b != "" && b > 0) ? sprintf("%8.3f", a / b) : sprintf("%8s", "n/a") }
function get(k, op) { return ((k, op) in v) ? v[k, op] : "" }
function row(name, goal, a, b) {
	printf "%-36s %6s %s %s %s\n", name, goal, ratio(get("patched", a), get("patched", b)),
		ratio(get("base", a), get("base", b)), ratio(get("peer", a), get("peer", b))
}
END {
	printf "%-20s %10s %10s %10s\n", "operation", "patched", "base", "peer"
	for (i = 1; i <= n; i++)
		printf "%-20s %s %s %s\n", ops[i], cell("patched", ops[i]), cell("base", ops[i]), cell("peer", ops[i])
	print ""
	printf "%-36s %6s %8s %8s %8s\n", "ratio", "goal", "patched", "base", "peer"
	printf "%-36s %6s %s\n", "a: version, patched / base", "<=1.005",
		ratio(get("patched", "version"), get("base", "version"))
	printf "%-36s %6s %s\n", "a: psci_version, patched / base", "<=1.005",
		ratio(get("patched", "psci_version"), get("base", "psci_version"))
	printf "%-36s %6s %s\n", "a: trng_rnd64, patched / base", "<=1.005",
		ratio(get("patched", "trng_rnd64"), get("base", "trng_rnd64"))
	split("1 64 4096", r, " ")
	for (i = 1; i <= 3; i++)
		row("b: version_f" r[i] " / version", i == 1 ? "<=1.01" : "", "version_f" r[i], "version")
	for (i = 1; i <= 3; i++)
		row("   psci_version_f" r[i] " / psci", "", "psci_version_f" r[i], "psci_version")
	row("SMC / HVC: version_smc / version", "", "version_smc", "version")
	row("   wa1_smc / wa1", "", "wa1_smc", "wa1")
	row("c: forward_regs / mmio", "<=1.00", "forward_regs", "mmio")
	row("   forward / mmio", "", "forward", "mmio")
	row("   forward_bare / mmio", "", "forward_bare", "mmio")
	row("d: forward_crosvm / forward_regs", "", "forward_crosvm", "forward_regs")
}
EOF
	echo
	echo "Saving and restoring every register of a VM (aarch64/reg_scope -b),"
	echo "without and with KVM_CAP_ARM_REG_SCOPE: ioctls, ticks, on/off ratios"
	awk -f - "$res/bench-regs.data" <<'EOF'
{ io[$1, $2, $3] = $4; t[$1, $2, $3] = $5; if (!($1 in seen)) { seen[$1] = 1; ks[++n] = $1 } }
function cell(a, k, v, s) { return ((k, v, s) in a) ? sprintf("%10d", a[k, v, s]) : sprintf("%10s", "n/a") }
function ratio(a, k, v) {
	if (!((k, v, "on") in a) || !((k, v, "off") in a))
		return sprintf("%8s", "n/a")
	return sprintf("%8.3f", a[k, v, "on"] / a[k, v, "off"])
}
END {
	printf "%-8s %5s %21s %21s %17s\n", "", "", "scope off", "scope on", "on / off"
	printf "%-8s %5s %10s %10s %10s %10s %8s %8s\n", "kernel", "vCPUs",
		"ioctls", "ticks", "ioctls", "ticks", "ioctls", "ticks"
	split("1 8 64", vs, " ")
	for (i = 1; i <= n; i++)
		for (j = 1; j <= 3; j++)
			printf "%-8s %5d %s %s %s %s %s %s\n", ks[i], vs[j],
				cell(io, ks[i], vs[j], "off"), cell(t, ks[i], vs[j], "off"),
				cell(io, ks[i], vs[j], "on"), cell(t, ks[i], vs[j], "on"),
				ratio(io, ks[i], vs[j]), ratio(t, ks[i], vs[j])
}
EOF
} | tee "$res/bench.txt"
