#!/bin/bash
# SPDX-License-Identifier: MIT
# Kernel feature tests for $ARCH (run by tests/check.sh): tools/nakedinit-run boots
# the programs' kernel (kernel/programs.config) hosting tests/launch/kernel.c, a C
# program linked statically with glibc that checks one feature a distribution's kernel
# offers programs (namespaces, cgroups, seccomp, io_uring, ...) for real; each test runs
# it for one feature, which must say "FEATURE: ok" and exit 0. Logs:
# $O/tests/$ARCH/kernel/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
: "${ARCH:?}"
TEST_GROUP="$ARCH: kernel"
logs=$O/tests/$ARCH/kernel
mkdir -p "$logs"

programs_ready || exit 0

# As build_probe builds tests/launch/probe.c.
kprog=$O/$ARCH/tests/kernel
if ! "$top/tools/need.sh" "to build the kernel tests' program" "$(libc_dev)" > "$logs/kernel.build.log" 2>&1 ||
	! $(m print-var-CC) -static -O2 -Wall -Wextra -Werror -pthread -o "$kprog" "$top/tests/launch/kernel.c" \
		>> "$logs/kernel.build.log" 2>&1; then
	fail kernel.c "does not build with $(m print-var-CC) -static (see $logs/kernel.build.log)"
	exit 0
fi

# feature NAME DESCRIPTION [OPTION...]: the program checks NAME, under nakedinit-run
# with the OPTIONs; a program stuck on a missing feature is stopped after 120 s.
feature() {
	local name=$1 description=$2
	shift 2
	launch_ok "$name" 0 "$description" "^$name: ok$" -- -t 120 "$@" "$kprog" "$name"
}

# CPUs: by default, a restored guest has as many as this command may use (nproc), up
# to the Makefile's CPUS_MAX; one that boots (--cold; every run where QEMU_WARM_START
# is not yes) has one.
default_cpus=$(nproc) cpus_max=$(m print-var-CPUS_MAX)
[ "$default_cpus" -le "$cpus_max" ] || default_cpus=$cpus_max
[ "$(m print-var-QEMU_WARM_START)" = yes ] || default_cpus=1
launch_ok cpus-default 0 "by default, a restored guest has the CPUs this command may use, up to CPUS_MAX (a booted one 1): $default_cpus" \
	"^cpus: ok$" -- -t 120 "$kprog" cpus "$default_cpus"
launch_ok cpus-cold 0 "by default, a guest that boots (--cold) has 1 CPU" "^cpus: ok$" \
	-- -t 120 --cold "$kprog" cpus 1
launch_ok cpus-1 0 "--cpus 1: sysconf and /proc/cpuinfo say 1" "^cpus: ok$" -- -t 120 --cpus 1 "$kprog" cpus 1
launch_ok cpus-2 0 "--cpus 2: two CPUs, two threads pinned to CPUs 0 and 1 spin at once" "^cpus: ok$" \
	-- -t 120 --cpus 2 "$kprog" cpus 2
feature hrtimers "high-resolution timers: CLOCK_MONOTONIC's resolution is 1 ns"
feature sysvipc "SysV IPC: shared memory, a semaphore and a message with a forked child"
feature mqueue "POSIX message queues: mq_open (in /dev/mqueue), mq_send, mq_receive"
feature namespaces "namespaces: mnt, uts, ipc, pid, net, user, cgroup and time, each unshared"
feature timens "time namespace: a monotonic offset shifts a child's clock"
feature cgroup "cgroup v2 on /sys/fs/cgroup: controllers enabled, memory.max's OOM kill, pids.max" -m 256
feature seccomp "seccomp: a BPF filter makes getppid fail with EPERM"
feature bpf "bpf(2): an array map, a socket filter that drops datagrams"
feature io_uring "io_uring: IORING_OP_READ of a file, through rings mapped by hand"
feature inotify "inotify: IN_CREATE for a file made in /tmp"
feature fanotify "fanotify: an open or close-write event in /tmp"
feature dnotify "dnotify: F_NOTIFY's signal for a file made in /tmp"
feature userfaultfd "userfaultfd: a missing page's fault resolved with UFFDIO_COPY"
feature perf "perf_event_open: software counters (task clock, page faults) count"
feature membarrier "membarrier: MEMBARRIER_CMD_PRIVATE_EXPEDITED registered and issued"
feature rseq "rseq: a registered area's cpu_id is the CPU's, a second registration EBUSY"
feature kcmp "kcmp: KCMP_FILE tells a dup'ed fd from another open"
feature fhandle "name_to_handle_at and open_by_handle_at of a /tmp file"
feature pi-futex "priority-inheritance futexes: a contended PTHREAD_PRIO_INHERIT mutex"
feature coredump "core dumps: a child killed by SIGSEGV leaves an ELF core"
feature config.gz "/proc/config.gz: the kernel's configuration, gzipped"
feature process_vm_readv "process_vm_readv: a forked child's memory read"
feature hugepages "huge pages: MAP_HUGETLB, a file in /dev/hugepages, MADV_HUGEPAGE"
feature ksm "KSM: ksmd merges identical MADV_MERGEABLE pages"
feature landlock "Landlock: a ruleset refuses writes outside the folder it allows"
feature keys "keyrings: add_key a user key, read it back, search for it"
feature xattr "tmpfs: a trusted.* extended attribute on a /tmp file"
feature overlayfs "overlayfs in /tmp: reads from below, writes copied up"
feature fuse "FUSE: a filesystem mounted on /dev/fuse gets the kernel's FUSE_INIT"
feature mount-api "the mount API: fsopen, fsconfig, fsmount, move_mount of a tmpfs"
feature binfmt_misc "binfmt_misc: a registered extension runs its interpreter"
feature packet "packet sockets: a raw frame sent on lo comes back"
feature veth "veth: a pair made through rtnetlink"
feature tun "tun: a device made with TUNSETIFF"
feature pidfd "pidfds: pidfd_open, pidfd_send_signal, poll, waitid(P_PIDFD)"
feature clone3 "clone3 with set_tid and CLONE_PIDFD"
exit 0
