// SPDX-License-Identifier: MIT
/* kept: what a run in a kept guest leaves, and what the next run must not find
 * (tests/kept.sh). "leave" makes a System V shared memory segment, listens on
 * TCP port PORT and leaves a process behind; "check" prints, one line each,
 * whether it finds any of them; "hog" takes 200 MiB, a MiB at a time, each written
 * (anonymous memory: no swap, so the memory cgroup's limit stops it at once).
 * Plain C, static: it runs on every architecture. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define KEY	0x4e4b4954
#define PORT	5000

static int tcp(int listening)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	if (listening)
		return bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(fd, 1) == 0 ? fd : -1;
	return connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 ? fd : -1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "leave")) {
		int id = shmget(KEY, 4096, IPC_CREAT | 0600);

		if (id < 0 || tcp(1) < 0) {
			perror("leave");
			return 1;
		}
		if (fork() == 0) {	/* holds the port, and stays */
			setsid();
			pause();
		}
		puts("left");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "check")) {
		printf("shm segment: %s\n", shmget(KEY, 0, 0) >= 0 ? "found" : errno == ENOENT ? "none" : "error");
		printf("port %d: %s\n", PORT, tcp(0) >= 0 ? "listening" : "closed");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "hog")) {
		static char *held[200];	/* held until it is stopped */

		for (int i = 0; i < 200; i++) {
			if (!(held[i] = malloc(1 << 20)))
				return 1;
			memset(held[i], 1, 1 << 20);
		}
		puts("survived");
		return 0;
	}
	fputs("usage: kept leave|check|hog\n", stderr);
	return 2;
}
