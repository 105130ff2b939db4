#!/bin/bash
# Boot a kernel and initramfs on QEMU's virt machine with EL2 (so KVM runs
# nested under TCG) in one KVM mode, and save the console to LOG.
# Usage: scripts/boot.sh IMAGE CPIO MODE LOG [TIMEOUT]
#   MODE: a KVM mode of tests/modes.txt (its kernel command line);
#   LOG "-": interactive, the console is this terminal (make run).
# ICOUNT=1 in the environment: one CPU under -icount shift=4,sleep=off -seed 1,
# where the virtual counter (62.5 MHz) advances one tick per instruction and
# every run is the same (scripts/bench.sh); and random.trust_cpu=on, so that
# the RNG is seeded from RNDR (deterministic under -seed) as a distro's 6.1
# is (CONFIG_RANDOM_TRUST_CPU=y; 6.12 trusts the CPU by default): unseeded,
# every TRNG call of a guest would be a pool extraction.
set -euo pipefail

image=$1 cpio=$2 mode=$3 log=$4 timeout=${5:-1200}
arg=$(scripts/matrix.sh cmdline "$mode")

smp=(-smp 2)
if [ -n "${ICOUNT:-}" ]; then
	smp=(-smp 1 -icount shift=4,sleep=off -seed 1)
	arg+=" random.trust_cpu=on"
fi
qemu=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 -cpu max
      "${smp[@]}" -m 2G -nographic -nic none -no-reboot
      -kernel "$image" -initrd "$cpio" -append "console=ttyAMA0 panic=-1 $arg")
if [ "$log" = - ]; then
	exec "${qemu[@]}"
fi
mkdir -p "$(dirname "$log")"
echo "boot: $image ($mode), console in $log"
rc=0
timeout "$timeout" "${qemu[@]}" </dev/null >"$log" 2>&1 || rc=$?
[ $rc -ne 124 ] || echo "Bail out! the VM did not power off within ${timeout}s" >>"$log"
exit 0
