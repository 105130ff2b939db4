// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-fw: the firmware view KVM gives a VMM and a guest.
 *
 * kvm-fw report
 *	The KVM mode, whether the SMCCC filter exists, the firmware
 *	pseudo-registers of a fresh VM (KVM_GET_REG_LIST) with their values,
 *	and the answer a guest gets from each hypercall service through HVC
 *	and SMC.
 * kvm-fw save PSCI_VERSION STD_BMAP STD_HYP_BMAP VENDOR_HYP_BMAP [bmap2=V] [filter=SPEC]
 *	Migration source: a VM with that firmware configuration (and
 *	VENDOR_HYP_BMAP_2 = V, written last, if given) runs its guest once;
 *	then every firmware register KVM_GET_REG_LIST lists is printed as
 *	"reg ID VALUE", and what the guest saw as "view N X" (x0, or the
 *	result register the call is read from).
 *	SPEC is BASE:NR:ACTION[,BASE:NR:ACTION...], ACTION handle, deny or
 *	fwd (or 0, 1, 2): each range is written with KVM_SET_DEVICE_ATTR
 *	(KVM_ARM_VM_SMCCC_FILTER) before the first run, in that order.  After
 *	the run, where the kernel reads the filter back
 *	(KVM_ARM_VM_SMCCC_FILTER_RANGES), each of its ranges is printed as
 *	"filter BASE NR ACTION"; where it cannot, a line says so, and with a
 *	filter given that fails the save (the state would lack it).
 * kvm-fw restore FILE
 *	Migration destination: a fresh VM gets each "reg" of FILE back with
 *	KVM_SET_ONE_REG, then each "filter" with KVM_SET_DEVICE_ATTR (each
 *	errno is printed), its guest makes the same calls, and what it sees
 *	must match the "view" lines; the filter read back must be the one
 *	saved (printed as "restored filter BASE NR ACTION"; a kernel that
 *	cannot read it back is said so, and only the views check it there).
 *	Exit 0 if all of it worked.  Exit 3 on a kernel without the SMCCC
 *	filter (the base 6.1: no device attributes on the VM fd) when FILE
 *	has "filter" lines but everything else restored: the registers are
 *	back and every "view" outside the filter's ranges matches, the filter
 *	cannot be restored there (a VMM must not migrate such a VM to that
 *	kernel); the views inside its ranges are printed but not compared.
 *	Exit 1 for anything else that failed.
 *
 * A call the filter forwards (KVM_EXIT_HYPERCALL) is answered by this VMM
 * with x0 = FWD_MARK | the low 16 bits of the function id (0x4657xxxx,
 * "FW"), and the guest resumes past its HVC or SMC; a call the filter
 * denies returns NOT_SUPPORTED (-1) to the guest.
 *
 * Plain ioctls, no selftest library, so the same binary runs on the base and
 * the patched kernel.  The guest is a loop of a few instructions that makes
 * the call and reports x0 with an MMIO write; the host sets the function id
 * and conduit before each resume.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

/* Mainline numbers, for base headers that lack them. */
#ifndef KVM_ARM_VM_SMCCC_CTRL
#define KVM_ARM_VM_SMCCC_CTRL	0
#define KVM_ARM_VM_SMCCC_FILTER	0
#endif

/*
 * The filter's read-back, provisional (the patched kernel only); the local
 * structs have the uapi layout of struct kvm_smccc_filter and struct
 * kvm_smccc_range_list, under names that cannot clash with the header's.
 */
#ifndef KVM_ARM_VM_SMCCC_FILTER_RANGES
#define KVM_ARM_VM_SMCCC_FILTER_RANGES	0x1000
#endif

struct fw_filter {
	uint32_t base;
	uint32_t nr_functions;
	uint8_t action;
	uint8_t pad[15];
};

struct fw_range_list {
	uint32_t nr;
	uint32_t pad;
	struct fw_filter ranges[];
};

#define MAX_FILTER	64
#define FWD_MARK	0x46570000ULL

static const char *const action_names[] = { "HANDLE", "DENY", "FWD_TO_USER" };

#define CODE_GPA	0x100000ULL
#define MMIO_GPA	0x10000000ULL
#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 (offsetof(struct kvm_regs, x) / sizeof(uint32_t)))
#define XREG(n)		CORE_REG(regs.regs[n])

/*
 * loop:	cbnz x9, 1f
 *		hvc #0
 *		b 2f
 * 1:		smc #0
 * 2:		str x0, [x10]		// MMIO exit: the host reads x0
 *		b loop
 */
static const uint32_t guest_code[] = {
	0xb5000069, 0xd4000002, 0x14000002, 0xd4000003, 0xf9000140, 0x17fffffb,
};

struct call {
	const char *name;
	uint32_t fn;
	uint64_t arg;
	int varies;	/* the answer changes between calls: not a "view" */
	int reg;	/* the result register read: x0 if 0 */
};

/* What a guest probes: discovery first, then each service's own call. */
static const struct call calls[] = {
	{ "SMCCC_VERSION",			0x80000000, 0 },
	{ "ARCH_FEATURES(WORKAROUND_1)",	0x80000001, 0x80008000 },
	{ "ARCH_FEATURES(WORKAROUND_2)",	0x80000001, 0x80007fff },
	{ "ARCH_FEATURES(WORKAROUND_3)",	0x80000001, 0x80003fff },
	{ "PSCI_VERSION",			0x84000000, 0 },
	{ "PSCI_FEATURES(SYSTEM_SUSPEND64)",	0x8400000a, 0xc400000e },
	{ "TRNG_VERSION",			0x84000050, 0 },
	{ "TRNG_FEATURES(TRNG_RND64)",		0x84000051, 0xc4000053 },
	{ "ARCH_FEATURES(PV_TIME_FEATURES)",	0x80000001, 0xc5000020 },
	{ "PV_TIME_FEATURES(PV_TIME_ST)",	0xc5000020, 0xc5000021 },
	{ "VENDOR_HYP_CALL_UID (w0)",		0x8600ff01, 0 },
	{ "VENDOR_HYP_KVM_FEATURES",		0x86000000, 0 },
	{ "VENDOR_HYP_KVM_PTP (virtual)",	0x86000001, 0, 1 },
	/* Last, so that the views of the rows above keep their numbers. */
	{ "VENDOR_HYP_KVM_FEATURES (w2)",	0x86000000, 0, 0, 2 },
	{ "PSCI_FEATURES(SYSTEM_OFF2)",		0x8400000a, 0xc4000015 },
};

static const struct {
	uint64_t id;
	const char *name;
} fw_regs[] = {
	{ 0x6030000000140000ULL, "PSCI_VERSION" },
	{ 0x6030000000140001ULL, "SMCCC_ARCH_WORKAROUND_1" },
	{ 0x6030000000140002ULL, "SMCCC_ARCH_WORKAROUND_2" },
	{ 0x6030000000140003ULL, "SMCCC_ARCH_WORKAROUND_3" },
	{ 0x6030000000160000ULL, "STD_BMAP" },
	{ 0x6030000000160001ULL, "STD_HYP_BMAP" },
	{ 0x6030000000160002ULL, "VENDOR_HYP_BMAP" },
	{ 0x6030000000160003ULL, "VENDOR_HYP_BMAP_2" },
};

static int vcpu_fd;
static struct kvm_run *run;

static void fail(const char *what)
{
	printf("kvm-fw: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t get_reg(uint64_t id)
{
	uint64_t val = 0;
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)&val };

	if (ioctl(vcpu_fd, KVM_GET_ONE_REG, &reg))
		fail("KVM_GET_ONE_REG");
	return val;
}

static void set_reg(uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)&val };

	if (ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg))
		fail("KVM_SET_ONE_REG");
}

/*
 * Make one call through HVC (smc == 0) or SMC, return the guest's x0 (or
 * the register the call names).  A forwarded call is answered with
 * FWD_MARK | the low 16 bits of its id in x0.
 */
static int64_t guest_call(const struct call *c, int smc)
{
	set_reg(XREG(0), c->fn);
	set_reg(XREG(1), c->arg);
	set_reg(XREG(2), 0);
	set_reg(XREG(3), 0);
	set_reg(XREG(9), smc);
	if (ioctl(vcpu_fd, KVM_RUN, NULL))
		fail("KVM_RUN");
	if (run->exit_reason == KVM_EXIT_HYPERCALL) {
		if (run->hypercall.nr != c->fn) {
			printf("kvm-fw: %s forwarded as function 0x%llx\n", c->name,
			       (unsigned long long)run->hypercall.nr);
			exit(1);
		}
		/* The PC is past the HVC/SMC: only x0 to give. */
		set_reg(XREG(0), FWD_MARK | (c->fn & 0xffff));
		if (ioctl(vcpu_fd, KVM_RUN, NULL))
			fail("KVM_RUN after KVM_EXIT_HYPERCALL");
	}
	if (run->exit_reason != KVM_EXIT_MMIO || run->mmio.phys_addr != MMIO_GPA) {
		printf("kvm-fw: unexpected exit %u for %s\n", run->exit_reason, c->name);
		exit(1);
	}
	return (int64_t)get_reg(XREG(c->reg));
}

static void print_mode(void)
{
	static char log[1 << 16];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);
	char *line;

	log[n > 0 ? n : 0] = '\0';
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		char *kvm = strstr(line, "kvm [");

		char *end = strstr(line, " mode initialized successfully");

		if (kvm && end) {
			*end = '\0';
			printf("KVM mode: %s\n", strchr(kvm, ':') + 2);
			return;
		}
	}
	printf("KVM mode: unknown (no \"mode initialized\" message in the kernel log)\n");
}

static const char *ret_name(int64_t r)
{
	static char buf[32];

	switch (r) {
	case -1: return "NOT_SUPPORTED";
	case -2: return "NOT_REQUIRED";
	case -3: return "INVALID_PARAMETER";
	}
	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)r);
	return buf;
}

#define ARRAY_LEN(a)	(int)(sizeof(a) / sizeof((a)[0]))

static int is_fw_reg(uint64_t id)
{
	uint64_t coproc = id & KVM_REG_ARM_COPROC_MASK;

	return coproc == (0x14ULL << KVM_REG_ARM_COPROC_SHIFT) ||
	       coproc == (0x16ULL << KVM_REG_ARM_COPROC_SHIFT);
}

/* A VM with one PSCI 0.2+ vCPU whose guest is the call loop; returns the VM fd. */
static int create_vm(void)
{
	struct kvm_userspace_memory_region mem = {
		.guest_phys_addr = CODE_GPA, .memory_size = 0x10000,
	};
	struct kvm_vcpu_init init;
	int kvm, vm, run_size;
	void *code;

	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0)
		fail("open /dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		fail("KVM_CREATE_VM");

	code = mmap(NULL, mem.memory_size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED)
		fail("mmap");
	memcpy(code, guest_code, sizeof(guest_code));
	mem.userspace_addr = (uint64_t)code;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mem))
		fail("KVM_SET_USER_MEMORY_REGION");

	vcpu_fd = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0)
		fail("KVM_CREATE_VCPU");
	if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init))
		fail("KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1 << KVM_ARM_VCPU_PSCI_0_2;
	if (ioctl(vcpu_fd, KVM_ARM_VCPU_INIT, &init))
		fail("KVM_ARM_VCPU_INIT");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
	if (run == MAP_FAILED)
		fail("mmap kvm_run");

	/* EL1h, interrupts masked, MMU off: the code runs at its physical address. */
	set_reg(CORE_REG(regs.pstate), 0x3c5);
	set_reg(CORE_REG(regs.pc), CODE_GPA);
	set_reg(XREG(10), MMIO_GPA);
	return vm;
}

static struct kvm_reg_list *reg_list(void)
{
	struct kvm_reg_list *list = calloc(1, sizeof(*list) + 4096 * sizeof(uint64_t));

	list->n = 4096;
	if (ioctl(vcpu_fd, KVM_GET_REG_LIST, list))
		fail("KVM_GET_REG_LIST");
	return list;
}

/* "BASE:NR:ACTION,...": the ranges in f[], their count, or -1. */
static int parse_filter(const char *spec, struct fw_filter *f)
{
	const char *p = spec;
	int n = 0;

	while (*p) {
		unsigned long long base, nr;
		char act[16], *end;
		int i, a = -1;

		if (n == MAX_FILTER)
			return -1;
		base = strtoull(p, &end, 0);
		if (end == p || *end != ':')
			return -1;
		p = end + 1;
		nr = strtoull(p, &end, 0);
		if (end == p || *end != ':')
			return -1;
		p = end + 1;
		for (i = 0; i < (int)sizeof(act) - 1 && p[i] && p[i] != ','; i++)
			act[i] = p[i];
		act[i] = '\0';
		p += i;
		if (*p == ',')
			p++;
		if (!strcmp(act, "handle") || !strcmp(act, "0"))
			a = 0;
		else if (!strcmp(act, "deny") || !strcmp(act, "1"))
			a = 1;
		else if (!strcmp(act, "fwd") || !strcmp(act, "2"))
			a = 2;
		if (a < 0 || base > 0xffffffffULL || nr > 0xffffffffULL)
			return -1;
		memset(&f[n], 0, sizeof(f[n]));
		f[n].base = base;
		f[n].nr_functions = nr;
		f[n].action = a;
		n++;
	}
	return n;
}

/* Write one range of the filter; 0 or the errno. */
static int set_filter(int vm, const struct fw_filter *f)
{
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
		.addr = (uint64_t)f,
	};

	return ioctl(vm, KVM_SET_DEVICE_ATTR, &attr) ? errno : 0;
}

/*
 * Read the filter back into a malloc'ed list (KVM_GET_REG_LIST's
 * convention: -E2BIG gives the count, retried with that room); NULL with
 * errno set if the kernel cannot.
 */
static struct fw_range_list *get_filter(int vm)
{
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER_RANGES,
	};
	struct fw_range_list *list = NULL;
	uint32_t room = 0;
	int tries;

	if (ioctl(vm, KVM_HAS_DEVICE_ATTR, &attr))
		return NULL;
	for (tries = 0; tries < 4; tries++) {
		free(list);
		list = calloc(1, sizeof(*list) + room * sizeof(list->ranges[0]));
		if (!list)
			fail("calloc");
		list->nr = room;
		attr.addr = (uint64_t)list;
		if (!ioctl(vm, KVM_GET_DEVICE_ATTR, &attr))
			return list;
		if (errno != E2BIG || list->nr <= room)
			fail("KVM_GET_DEVICE_ATTR(KVM_ARM_VM_SMCCC_FILTER_RANGES)");
		room = list->nr;
	}
	printf("kvm-fw: the filter kept growing while read back\n");
	exit(1);
}

/* The action of the filter range of f[0..n) that covers fn, or -1. */
static int filter_action(const struct fw_filter *f, int n, uint32_t fn)
{
	int i;

	for (i = 0; i < n; i++)
		if (fn >= f[i].base && fn - f[i].base < f[i].nr_functions)
			return f[i].action;
	return -1;
}

static void print_range(const char *prefix, const struct fw_filter *f)
{
	printf("%sfilter 0x%08x %u %u %s\n", prefix, f->base, f->nr_functions, f->action,
	       f->action < ARRAY_LEN(action_names) ? action_names[f->action] : "?");
}

static int report(void)
{
	struct kvm_device_attr filter = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	struct kvm_reg_list *list;
	int vm, i, j;

	print_mode();
	vm = create_vm();
	printf("SMCCC filter (KVM_HAS_DEVICE_ATTR on the VM fd): %s\n",
	       ioctl(vm, KVM_HAS_DEVICE_ATTR, &filter) ? "absent" : "present");

	printf("\nFirmware registers of a fresh VM (KVM_GET_REG_LIST, PSCI 0.2+ vCPU):\n");
	list = reg_list();
	for (i = 0; i < (int)list->n; i++) {
		uint64_t id = list->reg[i];
		const char *name = "(unknown)";

		if (!is_fw_reg(id))
			continue;
		for (j = 0; j < ARRAY_LEN(fw_regs); j++)
			if (fw_regs[j].id == id)
				name = fw_regs[j].name;
		printf("  0x%016llx %-24s = 0x%llx\n", (unsigned long long)id, name,
		       (unsigned long long)get_reg(id));
	}

	printf("\nWhat a guest sees (x0 after the call):\n");
	printf("  %-34s %-18s %s\n", "call", "HVC", "SMC");
	for (i = 0; i < ARRAY_LEN(calls); i++) {
		char hvc[32];

		snprintf(hvc, sizeof(hvc), "%s", ret_name(guest_call(&calls[i], 0)));
		printf("  %-34s %-18s %s\n", calls[i].name, hvc,
		       ret_name(guest_call(&calls[i], 1)));
	}
	printf("  (PV_TIME_ST is NOT_SUPPORTED until the VMM gives the vCPU a stolen-time IPA.)\n");
	return 0;
}

/*
 * The guest's view is what it gets through HVC, the conduit KVM guests are
 * told to use: the base kernel answers no SMC at all, so SMC answers differ
 * between kernels by design and are not part of what must migrate.
 */
static int save(char **argv, const char *bmap2, const char *spec)
{
	static const uint64_t ids[] = {
		0x6030000000140000ULL, 0x6030000000160000ULL,
		0x6030000000160001ULL, 0x6030000000160002ULL,
	};
	static const char *const how[] = {
		"  [filter: HANDLE]", "  [filter: DENY]", "  [filter: FWD_TO_USER, the VMM answers]",
	};
	struct kvm_device_attr has = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	struct fw_filter filter[MAX_FILTER];
	struct fw_range_list *ranges;
	struct kvm_reg_list *list;
	int vm, i, nf = 0, err;

	if (spec) {
		nf = parse_filter(spec, filter);
		if (nf <= 0) {
			printf("kvm-fw: bad filter spec \"%s\" (BASE:NR:ACTION,..., ACTION handle, deny or fwd)\n",
			       spec);
			return 2;
		}
	}
	vm = create_vm();
	for (i = 0; i < ARRAY_LEN(ids); i++)
		set_reg(ids[i], strtoull(argv[i], NULL, 0));
	if (bmap2)
		set_reg(0x6030000000160003ULL, strtoull(bmap2, NULL, 0));
	if (nf && ioctl(vm, KVM_HAS_DEVICE_ATTR, &has)) {
		printf("kvm-fw: this kernel has no SMCCC filter (KVM_HAS_DEVICE_ATTR(KVM_ARM_VM_SMCCC_FILTER): %s): no VM with a filter to save\n",
		       strerror(errno));
		return 1;
	}
	for (i = 0; i < nf; i++) {
		err = set_filter(vm, &filter[i]);
		print_range("set ", &filter[i]);
		if (err) {
			printf("kvm-fw: KVM_SET_DEVICE_ATTR(KVM_ARM_VM_SMCCC_FILTER): %s\n", strerror(err));
			return 1;
		}
	}
	for (i = 0; i < ARRAY_LEN(calls); i++) {
		int a = filter_action(filter, nf, calls[i].fn);

		if (!calls[i].varies)
			printf("view %d 0x%llx %s%s\n", i,
			       (unsigned long long)guest_call(&calls[i], 0), calls[i].name,
			       a < 0 ? "" : how[a]);
	}

	/* After the first run, as a VMM saves a running VM. */
	list = reg_list();
	for (i = 0; i < (int)list->n; i++)
		if (is_fw_reg(list->reg[i]))
			printf("reg 0x%016llx 0x%llx\n", (unsigned long long)list->reg[i],
			       (unsigned long long)get_reg(list->reg[i]));

	/* The filter as the kernel has it, not as it was asked for. */
	ranges = get_filter(vm);
	if (!ranges) {
		if (!nf)
			return 0;
		printf("filter not saved: this kernel cannot read the SMCCC filter back (KVM_HAS_DEVICE_ATTR(KVM_ARM_VM_SMCCC_FILTER_RANGES): %s)\n",
		       strerror(errno));
		return 1;
	}
	for (i = 0; i < (int)ranges->nr; i++)
		print_range("", &ranges->ranges[i]);
	if ((int)ranges->nr != nf) {
		printf("kvm-fw: %u filter ranges read back, %d written\n", ranges->nr, nf);
		return 1;
	}
	return 0;
}

static int restore(const char *path)
{
	struct kvm_device_attr has = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
	};
	unsigned long long id, val;
	FILE *f = fopen(path, "r");
	struct fw_filter filter[MAX_FILTER];
	struct fw_range_list *ranges;
	char line[256];
	int bad = 0, n, vm, nf = 0, no_filter = 0, err, i;
	unsigned int base, nr, action;

	if (!f)
		fail(path);
	vm = create_vm();
	while (fgets(line, sizeof(line), f)) {
		struct kvm_one_reg reg = { .addr = (uint64_t)&val };

		if (sscanf(line, "filter %x %u %u", &base, &nr, &action) == 3) {
			if (nf == MAX_FILTER) {
				printf("kvm-fw: more than %d filter lines in %s\n", MAX_FILTER, path);
				return 1;
			}
			memset(&filter[nf], 0, sizeof(filter[nf]));
			filter[nf].base = base;
			filter[nf].nr_functions = nr;
			filter[nf].action = action;
			nf++;
			continue;
		}
		if (sscanf(line, "reg %llx %llx", &id, &val) != 2)
			continue;
		reg.id = id;
		if (ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg)) {
			printf("restore 0x%016llx = 0x%llx: %s\n", id, val, strerror(errno));
			bad++;
		} else {
			printf("restore 0x%016llx = 0x%llx: ok\n", id, val);
		}
	}

	/* The filter, before the first run, as the source's kernel had it. */
	if (nf && ioctl(vm, KVM_HAS_DEVICE_ATTR, &has)) {
		printf("this kernel has no SMCCC filter (KVM_HAS_DEVICE_ATTR(KVM_ARM_VM_SMCCC_FILTER): %s)\n",
		       strerror(errno));
		no_filter = 1;
	}
	for (i = 0; i < nf; i++) {
		err = set_filter(vm, &filter[i]);
		printf("restore filter 0x%08x %u %u: %s\n", filter[i].base,
		       filter[i].nr_functions, filter[i].action, err ? strerror(err) : "ok");
		/* Where there is no filter at all, a refusal is the answer expected. */
		if (err && !no_filter)
			bad++;
		if (!err && no_filter) {
			printf("kvm-fw: a filter range written where KVM_HAS_DEVICE_ATTR said none\n");
			bad++;
		}
	}
	if (no_filter)
		printf("filter cannot be restored here: the registers restore, the filter cannot; a VMM must not migrate a VM with an SMCCC filter to this kernel\n");

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		int64_t now;
		int covered;

		if (sscanf(line, "view %d %llx", &n, &val) != 2 || n < 0 || n >= ARRAY_LEN(calls))
			continue;
		now = guest_call(&calls[n], 0);
		covered = no_filter && filter_action(filter, nf, calls[n].fn) >= 0;
		printf("guest %-34s source 0x%llx here 0x%llx%s\n", calls[n].name, val,
		       (unsigned long long)now,
		       covered ? "  (in the filter's ranges, not here: not compared)" :
		       (uint64_t)now == val ? "" : "  MISMATCH");
		bad += !covered && (uint64_t)now != val;
	}
	fclose(f);

	/* The filter this VM has now must be the one saved. */
	ranges = no_filter ? NULL : get_filter(vm);
	if (ranges) {
		for (i = 0; i < (int)ranges->nr; i++)
			print_range("restored ", &ranges->ranges[i]);
		if ((int)ranges->nr != nf ||
		    memcmp(ranges->ranges, filter, nf * sizeof(filter[0]))) {
			printf("filter read back: %u ranges, the source saved %d  MISMATCH\n",
			       ranges->nr, nf);
			bad++;
		} else if (nf) {
			printf("filter read back: %u ranges, the same the source saved\n", ranges->nr);
		}
	} else if (!no_filter && nf) {
		printf("filter not verified: this kernel cannot read it back (KVM_HAS_DEVICE_ATTR(KVM_ARM_VM_SMCCC_FILTER_RANGES): %s)\n",
		       strerror(errno));
	}

	if (bad) {
		printf("restore FAILED\n");
		return 1;
	}
	if (no_filter) {
		printf("restore refused the filter: every register restored, same guest view outside its ranges\n");
		return 3;
	}
	printf("restore ok: every register restored, same guest view\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 6 && argc <= 8 && !strcmp(argv[1], "save")) {
		const char *bmap2 = NULL, *spec = NULL;
		int i;

		for (i = 6; i < argc; i++) {
			if (!strncmp(argv[i], "bmap2=", 6) && !bmap2)
				bmap2 = argv[i] + 6;
			else if (!strncmp(argv[i], "filter=", 7) && !spec)
				spec = argv[i] + 7;
			else
				break;
		}
		if (i == argc)
			return save(argv + 2, bmap2, spec);
	}
	if (argc == 3 && !strcmp(argv[1], "restore"))
		return restore(argv[2]);
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "report")))
		return report();
	printf("usage: kvm-fw [report] | save PSCI STD STD_HYP VENDOR_HYP [bmap2=V] [filter=BASE:NR:ACTION,...] | restore FILE\n");
	return 2;
}
