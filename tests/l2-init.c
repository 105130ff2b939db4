// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the nested (L2) guest that scripts/vmm.sh boots with Debian's
 * QEMU on our KVM. It prints what the guest kernel found in its hypervisor
 * as one line, from the guest's own view:
 *
 *   l2-view: psci=1.1 smccc=1.1 kvm-services=0x00000003 trng=yes ptp=yes
 *
 *   psci, smccc    the versions the kernel logged at boot (PSCI_VERSION,
 *                  SMCCC_VERSION)
 *   kvm-services   the KVM vendor services it detected (KVM_FEATURES);
 *                  "none" if it logged none
 *   trng           the SMCCC TRNG hwrng registered (TRNG through HVC)
 *   ptp            the KVM PTP clock registered and read (PTP through HVC)
 *
 * and then reboots: QEMU resets the vCPUs, writes every register of its
 * list back into KVM, and boots the guest again, which prints its view
 * again. vmm-run, on the L1 side, stops QEMU after the second view.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#define SYSLOG_ACTION_READ_ALL	3
#define FD_TO_CLOCKID(fd)	((~(clockid_t)(fd) << 3) | 3)

static char klog[1 << 17];

/* The text after @key on the first kernel log line that has it. */
static const char *logged(const char *key)
{
	const char *p = strstr(klog, key);

	return p ? p + strlen(key) : NULL;
}

static int file_has(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	int found;

	if (!f)
		return 0;
	found = fgets(buf, sizeof(buf), f) && strstr(buf, text);
	fclose(f);
	return found;
}

/* A ptp clock named "KVM virtual PTP" that gives a time. */
static int kvm_ptp_works(void)
{
	char path[64], dev[32];
	struct timespec ts;
	int i, fd, ok;

	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/sys/class/ptp/ptp%d/clock_name", i);
		if (!file_has(path, "KVM virtual PTP"))
			continue;
		snprintf(dev, sizeof(dev), "/dev/ptp%d", i);
		fd = open(dev, O_RDONLY);
		if (fd < 0)
			return 0;
		ok = !clock_gettime(FD_TO_CLOCKID(fd), &ts) && ts.tv_sec > 0;
		close(fd);
		return ok;
	}
	return 0;
}

int main(void)
{
	unsigned int major = 0, minor = 0, smajor = 0, sminor = 0;
	unsigned long s0, s1, s2, s3;
	const char *p;
	char services[16] = "none";
	int n;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);

	n = klogctl(SYSLOG_ACTION_READ_ALL, klog, sizeof(klog) - 1);
	klog[n > 0 ? n : 0] = '\0';

	p = logged("psci: PSCIv");
	if (p)
		sscanf(p, "%u.%u", &major, &minor);
	p = logged("psci: SMC Calling Convention v");
	if (p)
		sscanf(p, "%u.%u", &smajor, &sminor);
	p = logged("hypervisor services detected (");
	if (p && sscanf(p, "%lx %lx %lx %lx", &s0, &s1, &s2, &s3) == 4)
		snprintf(services, sizeof(services), "0x%08lx", s3);

	printf("l2-view: psci=%u.%u smccc=%u.%u kvm-services=%s trng=%s ptp=%s\n",
	       major, minor, smajor, sminor, services,
	       file_has("/sys/class/misc/hw_random/rng_available", "smccc_trng") ?
	       "yes" : "no",
	       kvm_ptp_works() ? "yes" : "no");
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 1;
}
