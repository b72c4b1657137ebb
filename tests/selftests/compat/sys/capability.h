/* SPDX-License-Identifier: MIT */
/*
 * tests/selftests/compat/sys/capability.h: the part of libcap's <sys/capability.h>
 * the selftests use (seccomp_bpf, clone3_cap_checkpoint_restore,
 * memfd_secret): a process's
 * capability sets read, changed and written with capget(2)/capset(2). Debian has no
 * libcap for riscv64 in its cross packages, so every architecture builds with this one
 * instead, the same on all three.
 */
#ifndef NAKEDINIT_SELFTESTS_CAPABILITY_H
#define NAKEDINIT_SELFTESTS_CAPABILITY_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

typedef int cap_value_t;
typedef enum { CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE } cap_flag_t;
typedef enum { CAP_CLEAR, CAP_SET } cap_flag_value_t;

struct nakedinit_cap {
	struct __user_cap_header_struct head;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
};
typedef struct nakedinit_cap *cap_t;

static inline cap_t cap_get_proc(void)
{
	cap_t caps = calloc(1, sizeof(*caps));

	if (!caps)
		return NULL;
	caps->head.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &caps->head, caps->data)) {
		free(caps);
		return NULL;
	}
	return caps;
}

static inline cap_t cap_init(void)
{
	cap_t caps = calloc(1, sizeof(*caps));

	if (caps)
		caps->head.version = _LINUX_CAPABILITY_VERSION_3;
	return caps;
}

static inline int cap_set_proc(cap_t caps)
{
	caps->head.pid = 0;
	return syscall(SYS_capset, &caps->head, caps->data) ? -1 : 0;
}

static inline int cap_clear(cap_t caps)
{
	if (!caps) {
		errno = EINVAL;
		return -1;
	}
	memset(caps->data, 0, sizeof(caps->data));
	return 0;
}

static inline int cap_set_flag(cap_t caps, cap_flag_t set, int n, const cap_value_t *values,
			       cap_flag_value_t value)
{
	int i;

	for (i = 0; i < n; i++) {
		struct __user_cap_data_struct *d;
		__u32 *word, bit;

		if (!caps || values[i] < 0 || values[i] >= 32 * _LINUX_CAPABILITY_U32S_3) {
			errno = EINVAL;
			return -1;
		}
		d = &caps->data[values[i] / 32];
		word = set == CAP_EFFECTIVE ? &d->effective :
		       set == CAP_PERMITTED ? &d->permitted : &d->inheritable;
		bit = 1U << (values[i] % 32);
		*word = value == CAP_SET ? (*word | bit) : (*word & ~bit);
	}
	return 0;
}

static inline int cap_free(void *p)
{
	free(p);
	return 0;
}

#endif
