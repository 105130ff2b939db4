// SPDX-License-Identifier: GPL-2.0
/*
 * PID 1 of the test VM.
 *
 * Mounts the pseudo filesystems, runs every command listed in /etc/tests,
 * one at a time, and prints one TAP line per command on the console.  The
 * commands' own output is echoed as TAP diagnostics ("# ..."), so the host
 * can tell results, test output and kernel messages apart.  Then it powers
 * the VM off.
 *
 * /etc/tests (scripts/matrix.sh wrote it for this VM's kernel and KVM
 * mode): one command per line, "<timeout-seconds> <name> <argv...>", or
 * "skip <name> <reason...>" for a test reported skipped without running.
 * Exit code 4 is the kselftest code for "skipped": it is reported as
 * "ok ... # SKIP <reason>", the reason being the last line the command
 * printed.
 *
 * With /etc/shell in the initramfs it starts /bin/sh instead (make run).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS	256
#define MAX_ARGS	64
#define KSFT_SKIP	4

struct test {
	int timeout;	/* 0: skipped, argv[0] the reason */
	char *name;
	char *argv[MAX_ARGS + 1];
};

static struct test tests[MAX_TESTS];

static void setup(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mkdir("/tmp", 01777);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mkdir("/dev/hugepages", 0755);
	mount("hugetlbfs", "/dev/hugepages", "hugetlbfs", 0, NULL);

	/* Our stdio goes to the console whatever the kernel handed us. */
	int fd = open("/dev/console", O_RDWR);

	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	setenv("PATH", "/bin:/tests", 1);
	setenv("HOME", "/tmp", 1);
	chdir("/tests");
}

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static int read_tests(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0;

	if (!f) {
		printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) && n < MAX_TESTS) {
		struct test *t = &tests[n];
		char *save, *tok;
		int argc = 0;

		tok = strtok_r(line, " \t\n", &save);
		if (!tok || tok[0] == '#')
			continue;
		/* A timeout that is not a positive number is a bad line. */
		t->timeout = strcmp(tok, "skip") ? (atoi(tok) > 0 ? atoi(tok) : -1) : 0;
		t->name = strdup(strtok_r(NULL, " \t\n", &save) ?: "?");
		if (!t->timeout) {
			/* The rest of the line is the reason. */
			tok = strtok_r(NULL, "\n", &save);
			t->argv[argc++] = strdup(tok ?: "no reason given");
		}
		while ((tok = strtok_r(NULL, " \t\n", &save))) {
			if (argc == MAX_ARGS) {
				printf("Bail out! over %d arguments for %s in %s\n",
				       MAX_ARGS, t->name, path);
				return -1;
			}
			t->argv[argc++] = strdup(tok);
		}
		t->argv[argc] = NULL;
		if (t->timeout < 0 || !argc) {
			printf("Bail out! bad line for %s in %s\n", t->name, path);
			return -1;
		}
		n++;
	}
	fclose(f);
	return n;
}

/* Echo the child's output as TAP diagnostics, remember its last line. */
static void echo_output(char *buf, size_t *len, char *last, size_t lastsz, int flush)
{
	char *start = buf, *nl;

	while ((nl = memchr(start, '\n', buf + *len - start)) || (flush && start < buf + *len)) {
		size_t l = nl ? (size_t)(nl - start) : (size_t)(buf + *len - start);

		printf("# %.*s\n", (int)l, start);
		if (l)
			snprintf(last, lastsz, "%.*s", (int)l, start);
		start += l + (nl ? 1 : 0);
	}
	*len = buf + *len - start;
	memmove(buf, start, *len);
}

/* The kselftest lib ends a skip with "1..0 # SKIP <why>": keep the why. */
static const char *skip_reason(const char *last)
{
	const char *why = strstr(last, "# SKIP");

	if (why)
		last = why + strlen("# SKIP");
	while (*last == ' ' || *last == '-')
		last++;
	return *last ? last : "no reason printed";
}

static void run_test(int nr, struct test *t)
{
	char buf[8192], last[256] = "";
	struct timespec t0, t1;
	int pipefd[2], status = 0, timed_out = 0;
	size_t len = 0;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pipe(pipefd)) {
		printf("not ok %d %s # pipe: %s\n", nr, t->name, strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(t->argv[0], t->argv);
		fprintf(stderr, "exec %s: %s\n", t->argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);

	for (;;) {
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		long elapsed_ms;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (elapsed_ms >= t->timeout * 1000L) {
			timed_out = 1;
			kill(-pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, t->timeout * 1000L - elapsed_ms) <= 0)
			continue;
		n = read(pipefd[0], buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			break;
		len += n;
		echo_output(buf, &len, last, sizeof(last), len == sizeof(buf) - 1);
	}
	echo_output(buf, &len, last, sizeof(last), 1);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("# %s took %lds\n", t->name, (long)(t1.tv_sec - t0.tv_sec));
	if (timed_out)
		printf("not ok %d %s # timed out after %ds\n", nr, t->name, t->timeout);
	else if (WIFSIGNALED(status))
		printf("not ok %d %s # killed by signal %d\n", nr, t->name, WTERMSIG(status));
	else if (WEXITSTATUS(status) == 0)
		printf("ok %d %s\n", nr, t->name);
	else if (WEXITSTATUS(status) == KSFT_SKIP)
		printf("ok %d %s # SKIP %s\n", nr, t->name, skip_reason(last));
	else
		printf("not ok %d %s # exit status %d\n", nr, t->name, WEXITSTATUS(status));
}

int main(void)
{
	int i, n;

	setup();

	if (!access("/etc/shell", F_OK)) {
		char *sh[] = { "/bin/sh", NULL };
		pid_t pid;

		pid = fork();
		if (pid == 0) {
			char *install[] = { "/bin/busybox", "--install", "-s", "/bin", NULL };

			execv(install[0], install);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
		printf("Test VM shell: /dev/kvm is here, the selftests are in /tests.\n"
		       "Type poweroff -f (or press Ctrl-a x) to leave.\n");
		setsid();
		execv("/bin/cttyhack", (char *[]){ "/bin/cttyhack", "/bin/sh", NULL });
		execv(sh[0], sh);
		printf("Bail out! no shell: %s\n", strerror(errno));
		power_off();
	}

	n = read_tests("/etc/tests");
	if (n >= 0) {
		printf("TAP version 13\n1..%d\n", n);
		for (i = 0; i < n; i++) {
			if (tests[i].timeout)
				run_test(i + 1, &tests[i]);
			else
				printf("ok %d %s # SKIP %s\n",
				       i + 1, tests[i].name, tests[i].argv[0]);
		}
	}
	power_off();
	return 0;
}
