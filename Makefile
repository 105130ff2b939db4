# KVM/arm64 hypercall services: a patch series on Debian's Linux 6.1.
#
#   make            build the patched kernel and selftests, boot once, report
#   make check      prove the series (patches/): see scripts/check.sh
#   make tree       build/linux = base + patches/, to work in
#   make export     write build/linux's commits back to patches/
#   make kernel     build build/linux's kernel, in build/linux/out
#   make selftests  build its kvm selftests, in build/selftests/linux
#   make run        boot the patched kernel with a shell
#   make bench      instruction counts of the SMCCC call paths: patched, base
#                   and mainline (scripts/bench.sh)
#   make vmm-check  Debian's QEMU boots a nested guest on the patched and base
#                   kernels, in each KVM mode (scripts/vmm.sh)
#   make kselftest  the standard kselftest install of the patched tree's kvm
#                   selftests, as build/kselftest/kselftest-kvm-arm64.tar.gz,
#                   to run on a real arm64 host
#   make deps       apt-get what the harness needs (scripts/deps.sh)
#   make clean      remove build output; keep the source trees and build/ccache
#   make help       print this list
#
# Everything built lives in build/; only patches/ and the harness land.

include base.mk
export BASE_PACKAGE BASE_VERSION BASE_SHA256 BASE_TARBALL PEER_PACKAGE

IMAGE     := build/linux/out/arch/arm64/boot/Image
GEN_CPIO  := build/linux/out/usr/gen_init_cpio

.PHONY: all report deps tree export kernel selftests check bench vmm-check kselftest run clean help

all: report

help:
	@sed -n '/^#   make/,/^#$$/s/^#   //p' $(firstword $(MAKEFILE_LIST))

deps:
	@scripts/deps.sh $(BASE_PACKAGE)=$(BASE_VERSION)

tree: deps
	@scripts/tree.sh

export:
	@scripts/export.sh

kernel: tree
	@. scripts/lib.sh && scripts/kernel.sh build/linux $$kernel_config

selftests: kernel
	@scripts/selftests.sh build/linux build/selftests/linux

report: selftests
	@scripts/initramfs.sh build/initramfs/report.cpio $(GEN_CPIO) report build/selftests/linux/bin:
	@scripts/boot.sh $(IMAGE) build/initramfs/report.cpio vhe build/results/report.log 300 >/dev/null
	@echo
	@echo "What the patched kernel ($$(git -C build/linux describe --tags)) offers, VHE mode:"
	@grep -a '^# ' build/results/report.log | grep -v ' took [0-9]*s$$' | sed 's/^# \{0,1\}/  /'
	@grep -a -q '^ok 1 kvm-report' build/results/report.log || \
		{ echo "kvm-report failed: see build/results/report.log"; exit 1; }

check:
	@scripts/check.sh

bench: selftests
	@scripts/deps.sh $(PEER_PACKAGE)
	@scripts/bench.sh

vmm-check: kernel
	@. scripts/lib.sh && base_kernel
	@scripts/vmm.sh patched=build/linux base=build/base

kselftest: kernel
	@scripts/kselftest.sh build/linux build/kselftest

build/busybox/bin/busybox:
	@echo "run: fetching Debian's busybox-static for arm64"
	@sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		dpkg --print-foreign-architectures | grep -qx arm64 || \
		{ $$sudo dpkg --add-architecture arm64 && $$sudo apt-get update -qq; }
	@rm -rf build/busybox && mkdir -p build/busybox
	@cd build/busybox && apt-get download -q busybox-static:arm64 && \
		dpkg-deb -x busybox-static_*_arm64.deb .

run: selftests build/busybox/bin/busybox
	@scripts/initramfs.sh build/initramfs/run.cpio $(GEN_CPIO) shell build/selftests/linux/bin:
	@scripts/boot.sh $(IMAGE) build/initramfs/run.cpio shell -

clean:
	rm -rf build/*/out build/*/out-debug build/*/out-x86 build/boundary build/selftests \
		build/initramfs build/results build/vmm build/busybox build/kselftest
