// SPDX-License-Identifier: MIT
/* mounts: the filesystems a system mounts before its programs start, /dev's links,
 * cgroup controllers, the host name, the loopback network, the shared folders. */
#include "launch/launch.h"

/* Makes folder path, and those it is in, as mkdir -p does: 0, or a negative errno. */
long make_folders(const char *path)
{
	char prefix[PATH_MAX];
	unsigned long length = 0;
	long err = 0;

	for (; path[length]; length++)
		if (length + 1 == sizeof(prefix))
			return -ENAMETOOLONG;
	for (unsigned long i = 1; i <= length && (err == 0 || err == -EEXIST); i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		for (unsigned long j = 0; j < i; j++)
			prefix[j] = path[j];
		prefix[i] = '\0';
		err = sys_mkdirat(AT_FDCWD, prefix, 0755);
	}
	return err == -EEXIST ? 0 : err;
}

/* Mounts each of list (MOUNTS' format); a failure stops the launcher if required. */
void mount_filesystems(const char *list, int required)
{
	char detail[LINE_DETAIL_MAX];

	for (const char *type = list, *target; *type; type = target) {
		long err;

		for (target = type; *target++;)
			;
		err = make_folders(target);
		if (err == 0)
			err = sys_mount(type, target, type, 0, NULL);
		/* EBUSY: it is mounted there already, which is just as good. */
		if (err < 0 && err != -EBUSY) {
			*put_str(put_str(put_str(detail, type), " on "), target) = '\0';
			if (required)
				fail("mount ", detail, err);
			say("not mounted: ", detail, err);
		}
		while (*target++)
			;
	}
}

void make_dev_links(void)
{
	for (const char *target = DEV_LINKS, *link; *target; target = link) {
		long err;

		for (link = target; *link++;)
			;
		err = sys_symlinkat(target, AT_FDCWD, link);
		if (err < 0 && err != -EEXIST)
			fail("symlink ", link, err);
		while (*link++)
			;
	}
}

void enable_controllers(void)
{
	long fd = sys_openat(AT_FDCWD, CGROUP_CONTROL, O_WRONLY | O_CLOEXEC, 0), err = fd;

	if (fd >= 0) {
		err = sys_write((int)fd, CGROUP_CONTROLLERS, sizeof(CGROUP_CONTROLLERS) - 1);
		sys_close((int)fd);
	}
	if (err < 0)
		say("cgroup controllers not enabled: ", CGROUP_CONTROL, err);
}

/* The host name HOSTNAME gives, as an ordinary system's start-up sets it; without
 * the file, the kernel's "(none)". */
void set_hostname(void)
{
	char name[65];	/* the kernel's limit, 64, and the newline */
	long fd = sys_openat(AT_FDCWD, HOSTNAME, O_RDONLY | O_CLOEXEC, 0), n, err;

	if (fd < 0)
		return;
	n = sys_read((int)fd, name, sizeof(name));
	sys_close((int)fd);
	if (n > 0 && name[n - 1] == '\n')
		n--;
	err = n > 0 ? sys_sethostname(name, (unsigned long)n) : -EINVAL;
	if (err < 0)
		say("hostname not set: ", HOSTNAME, err);
}

/* The shared folders, each where the argument file says; nodev: a device node in
 * one opens none of the guest's devices. A read-only one is read-only on the host
 * too (QEMU's readonly): mounting it again read-write writes nothing. */
void mount_shares(const struct argfile *args)
{
	char tag[sizeof(TAG_PREFIX) + 20], detail[LINE_DETAIL_MAX];

	for (unsigned long i = 0; i < args->shares; i++) {
		const struct share *share = &args->share[i];
		long err = make_folders(share->guest);

		*put_decimal(put_str(tag, TAG_PREFIX), i) = '\0';
		if (err == 0)
			err = sys_mount(tag, share->guest, "9p", MS_NODEV | (share->read_only ? MS_RDONLY : 0),
					SHARE_OPTIONS);
		if (err < 0) {
			*put_clipped(put_str(put_str(detail, tag), " on "), share->guest, 128) = '\0';
			fail("mount share ", detail, err);
		}
	}
}

/* Brings the loopback device up, as every system does before its programs start:
 * the kernel then gives it 127.0.0.1 (and ::1). Any socket takes the device
 * ioctls; a Unix one needs no more of the kernel than the launcher has. Without
 * it (a kernel with no network, -k), the console says so and the program runs. */
void bring_up_loopback(void)
{
	struct ifreq lo = { .ifr_name = "lo" };
	long fd = sys_socket(AF_UNIX, SOCK_DGRAM | O_CLOEXEC, 0), err;

	if (fd < 0) {
		err = fd;
	} else {
		err = sys_ioctl((int)fd, SIOCGIFFLAGS, (unsigned long)&lo);
		lo.ifr_flags |= IFF_UP;
		if (err == 0)
			err = sys_ioctl((int)fd, SIOCSIFFLAGS, (unsigned long)&lo);
		sys_close((int)fd);
	}
	if (err < 0)
		say("no loopback network: ", "lo", err);
}
