#!/bin/bash
# A real VMM on our KVM: in the test VM, Debian's own qemu-system-aarch64
# (the arm64 package, with its loader and libraries) boots a nested (L2)
# guest with -accel kvm -cpu host: the same kernel Image, and
# tests/l2-init.c as its /init, which prints what the guest found
# (PSCI and SMCCC versions, KVM vendor services, TRNG hwrng, KVM PTP clock)
# and reboots. QEMU then resets the vCPUs and writes every register of its
# list back after the VM has run; the second boot must show the same, the
# default configuration's view (tests/vmm-run.c checks).
# Usage:
#   scripts/vmm.sh stage   fetch the arm64 packages (once, into
#                          build/vmm/debs) and stage QEMU, its libraries and
#                          the nested guest's files in build/vmm
#   scripts/vmm.sh NAME IMAGE GEN_INIT_CPIO MODE
#                          boot IMAGE in MODE with the staged QEMU, and print
#                          the TAP results vmm/NAME/MODE (console log in
#                          build/results/vmm-NAME-MODE.log)
set -euo pipefail
. scripts/lib.sh

stage=build/vmm
res=build/results
mkdir -p "$res" build/initramfs

if [ "$1" != stage ]; then
	name=$1 image=$2 gen=$3 mode=$4
	[ -f "$image" ] || die "no $image: build the $name kernel first"
	[ -f $stage/l1/qemu-system-aarch64 ] || die "nothing staged in $stage: scripts/vmm.sh stage"
	mkdir -p $stage/$name
	cp "$image" $stage/$name/Image
	"$gen" $stage/l2.list >$stage/$name/l2.cpio
	scripts/initramfs.sh build/initramfs/vmm-$name-$mode.cpio "$gen" \
		$stage/tests $stage/l1:vmm/ $stage/$name:vmm/ >&2
	log=$res/vmm-$name-$mode.log
	scripts/boot.sh "$image" build/initramfs/vmm-$name-$mode.cpio "$mode" "$log" 900 >&2
	desc="vmm/$name/$mode: Debian's QEMU boots an L2 guest, reboots it, same default view"
	if grep -a -q '^ok 1 vmm-reboot' "$log"; then
		echo "ok - $desc"
	else
		tr -d '\r' <"$log" | grep -a -E '^# (L2\| l2-view|boot|  expected|QEMU)' || true
		echo "not ok - $desc"
	fi
	splats=$(grep -a -c -E "$kernel_report" "$log" || true)
	if [ "$splats" = 0 ]; then
		echo "ok - vmm/$name/$mode: no kernel report on the console"
	else
		echo "not ok - vmm/$name/$mode: no kernel report on the console # $splats lines, see $log"
	fi
	exit 0
fi

if [ ! -x $stage/root/usr/bin/qemu-system-aarch64 ]; then
	echo "vmm: fetching Debian's qemu-system-arm for arm64 and what it depends on" >&2
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		{ $sudo dpkg --add-architecture arm64 && $sudo apt-get update -qq; }
	pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances \
		qemu-system-arm:arm64 | grep -E '^[^ <].*:arm64$' | sort -u)
	rm -rf $stage/debs $stage/root
	mkdir -p $stage/debs $stage/root
	(cd $stage/debs && apt-get download -q $pkgs >/dev/null)
	for deb in $stage/debs/*.deb; do dpkg-deb -x "$deb" $stage/root; done
fi

# L1's payload: QEMU, its loader, the libraries it needs (the closure of
# its DT_NEEDED entries), /init and vmm-run, and L2's initramfs.
l1=$stage/l1
rm -rf $l1
mkdir -p $l1/lib
cp $stage/root/usr/bin/qemu-system-aarch64 $l1/
cp -L $stage/root/lib/ld-linux-aarch64.so.1 $l1/
queue=($l1/qemu-system-aarch64)
declare -A seen=()
while [ ${#queue[@]} -gt 0 ]; do
	for lib in $(aarch64-linux-gnu-readelf -d "${queue[0]}" |
		     sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		[ -z "${seen[$lib]:-}" ] || continue
		seen[$lib]=1
		src=
		for dir in lib usr/lib; do
			[ -e $stage/root/$dir/aarch64-linux-gnu/"$lib" ] &&
				src=$stage/root/$dir/aarch64-linux-gnu/$lib
		done
		[ -n "$src" ] || die "vmm: $lib, needed by QEMU, is in no fetched package"
		cp -L "$src" $l1/lib/
		queue+=("$l1/lib/$lib")
	done
	queue=("${queue[@]:1}")
done
cc=(aarch64-linux-gnu-gcc -static -O2 -Wall -Werror)
"${cc[@]}" -o $l1/init tests/init.c
"${cc[@]}" -o $l1/vmm-run tests/vmm-run.c
"${cc[@]}" -o $stage/l2-init tests/l2-init.c
cat >$stage/l2.list <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $PWD/$stage/l2-init 0755 0 0
EOF
echo "600 vmm-reboot /tests/vmm/vmm-run /tests/vmm" >$stage/tests
