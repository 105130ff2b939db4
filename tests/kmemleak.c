// SPDX-License-Identifier: GPL-2.0
/*
 * kmemleak around the debug kernel's suite (make check lists it first and
 * last in the debug boot's /etc/tests).
 *
 * make check installs it as kmemleak-baseline and kmemleak-check: with no
 * argument, the action is the part of its name after the last '-'.
 *
 *   kmemleak baseline   stop the automatic scans, scan, print what is
 *                       unreferenced after the boot (as diagnostics), and
 *                       clear it: it is not the tests' doing.
 *   kmemleak check      scan twice, print every unreferenced object, and
 *                       fail (kselftest TAP, one result per allocation
 *                       site, with the task that allocated) if a
 *                       backtrace of one has a frame of KVM's code: each
 *                       of the series' paths runs under a KVM ioctl, so
 *                       its leaks do; so do 6.1's own KVM's, which fail
 *                       all the same. Pages (alloc_pages(), such as
 *                       stage-2 tables) are not tracked by kmemleak.
 *
 * Exits 4 (skip) on a kernel without kmemleak (CONFIG_DEBUG_KMEMLEAK).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define MAX_SITES	32

static int command(const char *cmd)
{
	int fd = open(KMEMLEAK, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, cmd, strlen(cmd));
	close(fd);
	if (n != (ssize_t)strlen(cmd)) {
		printf("write %s to %s: %s\n", cmd, KMEMLEAK, strerror(errno));
		return -1;
	}
	return 0;
}

/* The site of a KVM object: its innermost frame in KVM, kvm_*() or __kvm_*(). */
static struct site {
	char name[128];
	char comm[32];	/* the task of its first object */
	int objects;
	long bytes;
} sites[MAX_SITES];
static int nr_sites, others;

/* "    [<0000000012345678>] kvm_foo+0x1c/0x40": "kvm_foo", or NULL. */
static const char *kvm_symbol(const char *line, char *name, size_t size)
{
	const char *sym = strstr(line, "] ");

	if (!sym)
		return NULL;
	snprintf(name, size, "%s", sym + 2);
	name[strcspn(name, "+ \n")] = '\0';
	if (strncmp(name, "kvm_", 4) && strncmp(name, "__kvm_", 6))
		return NULL;
	return name;
}

static void count(const char *name, const char *comm, long size)
{
	int i;

	if (!name) {
		others++;
		return;
	}
	for (i = 0; i < nr_sites && strcmp(sites[i].name, name); i++)
		;
	if (i == nr_sites) {
		if (nr_sites == MAX_SITES) {
			i = MAX_SITES - 1;
			snprintf(sites[i].name, sizeof(sites[i].name), "more sites");
		} else {
			snprintf(sites[nr_sites].name, sizeof(sites[0].name), "%s", name);
			snprintf(sites[nr_sites++].comm, sizeof(sites[0].comm), "%s", comm);
		}
	}
	sites[i].objects++;
	sites[i].bytes += size;
}

/* Print the report, each line as it is, and sort its objects. */
static int read_report(void)
{
	FILE *f = fopen(KMEMLEAK, "r");
	char line[512], frame[128], comm[32] = "";
	int in_trace = 0, objects = 0;
	long size = 0;
	int kvm = 0;

	if (!f) {
		printf("open %s: %s\n", KMEMLEAK, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		fputs(line, stdout);
		if (!strncmp(line, "unreferenced object", 19)) {
			if (objects)
				count(kvm ? frame : NULL, comm, size);
			objects++;
			kvm = in_trace = 0;
			size = strstr(line, "(size ") ? atol(strstr(line, "(size ") + 6) : 0;
		} else if (!strncmp(line, "  comm \"", 8)) {
			/* 'comm "name", pid ...': the task's name, 15 bytes at most. */
			size_t len = strcspn(line + 8, "\"");

			if (len >= sizeof(comm))
				len = sizeof(comm) - 1;
			memcpy(comm, line + 8, len);
			comm[len] = '\0';
		} else if (strstr(line, "backtrace:")) {
			in_trace = 1;
		} else if (in_trace && !kvm && kvm_symbol(line, frame, sizeof(frame))) {
			kvm = 1;
		}
	}
	if (objects)
		count(kvm ? frame : NULL, comm, size);
	fclose(f);
	return objects;
}

int main(int argc, char **argv)
{
	const char *action = argc == 2 ? argv[1] : strrchr(argv[0], '-');
	int i, n;

	if (action && argc == 1)
		action++;
	if (argc > 2 || !action || (strcmp(action, "baseline") && strcmp(action, "check"))) {
		fprintf(stderr, "usage: %s baseline|check\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (access(KMEMLEAK, F_OK))
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	if (access(KMEMLEAK, F_OK)) {
		printf("1..0 # SKIP no %s (CONFIG_DEBUG_KMEMLEAK)\n", KMEMLEAK);
		return 4;
	}

	if (!strcmp(action, "baseline")) {
		/* The scans of this program only: they are slow under TCG. */
		if (command("scan=off") || command("scan"))
			return 1;
		n = read_report();
		if (n < 0 || command("clear"))
			return 1;
		printf("%d unreferenced objects after the boot (%d sites under KVM), cleared\n",
		       n, nr_sites);
		return 0;
	}

	/* kmemleak reports objects older than 5 s: the last test's too. */
	sleep(6);
	/* Twice: an object whose pointer was in flight is found the second time. */
	if (command("scan") || command("scan"))
		return 1;
	n = read_report();
	if (n < 0)
		return 1;
	printf("1..%d\n", nr_sites ? nr_sites : 1);
	for (i = 0; i < nr_sites; i++)
		printf("not ok %d unreferenced, allocated under %s by %s: %d objects, %ld bytes\n",
		       i + 1, sites[i].name, sites[i].comm, sites[i].objects, sites[i].bytes);
	if (!nr_sites)
		printf("ok 1 no unreferenced object allocated under KVM (%d others)\n", others);
	return nr_sites ? 1 : 0;
}
