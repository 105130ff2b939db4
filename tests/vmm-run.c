// SPDX-License-Identifier: GPL-2.0
/*
 * A VMM nobody here wrote, on our KVM: runs Debian's qemu-system-aarch64
 * (with its own loader and libraries from DIR) in the test VM, which boots
 * a nested guest (DIR/Image, DIR/l2.cpio: tests/l2-init.c as its /init)
 * with -accel kvm -cpu host. The guest prints its view of the hypervisor
 * ("l2-view: ...") and reboots; QEMU resets the vCPUs and writes every
 * register of its list back after the VM has run, and the guest prints its
 * view again. Both views must be the default configuration's. (QEMU 7.2
 * goes on when a register write fails at reset, so a refused write shows
 * here only if it changes what the guest sees; the rule that same-value
 * writes pass after the first run is asserted by aarch64/smccc_services.)
 *
 * Usage: vmm-run DIR
 * Exit: 0 if both views match, 1 otherwise (QEMU's output is echoed).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXPECTED	"psci=1.1 smccc=1.1 kvm-services=0x00000003 trng=yes ptp=yes"
#define VIEW		"l2-view: "

int main(int argc, char *argv[])
{
	char loader[256], libs[256], qemu[256], image[256], initrd[256];
	char line[1024], views[2][1024];
	int pipefd[2], nviews = 0, status, i;
	FILE *out;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 1;
	}
	snprintf(loader, sizeof(loader), "%s/ld-linux-aarch64.so.1", argv[1]);
	snprintf(libs, sizeof(libs), "%s/lib", argv[1]);
	snprintf(qemu, sizeof(qemu), "%s/qemu-system-aarch64", argv[1]);
	snprintf(image, sizeof(image), "%s/Image", argv[1]);
	snprintf(initrd, sizeof(initrd), "%s/l2.cpio", argv[1]);

	char *cmd[] = {
		loader, "--library-path", libs, qemu,
		"-M", "virt,gic-version=3", "-accel", "kvm", "-cpu", "host",
		"-smp", "1", "-m", "256M", "-nodefaults", "-no-user-config",
		"-display", "none", "-serial", "stdio", "-nic", "none",
		"-kernel", image, "-initrd", initrd,
		"-append", "console=ttyAMA0 panic=-1", NULL,
	};

	if (pipe(pipefd))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(loader, cmd);
		perror("exec qemu");
		_exit(127);
	}
	close(pipefd[1]);
	out = fdopen(pipefd[0], "r");

	printf("L1: %s -accel kvm -cpu host (L2: %s, %s)\n", qemu, image, initrd);
	while (nviews < 2 && fgets(line, sizeof(line), out)) {
		line[strcspn(line, "\r\n")] = '\0';
		printf("L2| %s\n", line);
		fflush(stdout);
		if (!strncmp(line, VIEW, strlen(VIEW)))
			snprintf(views[nviews++], sizeof(views[0]), "%s",
				 line + strlen(VIEW));
	}

	/* The second boot has been seen: stop QEMU rather than reboot again. */
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);

	if (nviews < 2) {
		printf("QEMU stopped after %d view(s) of 2 (status 0x%x)\n",
		       nviews, status);
		return 1;
	}
	for (i = 0; i < 2; i++) {
		if (strcmp(views[i], EXPECTED)) {
			printf("boot %d: %s\n  expected: %s\n", i + 1, views[i],
			       EXPECTED);
			return 1;
		}
	}
	printf("both boots: %s\n", EXPECTED);
	return 0;
}
