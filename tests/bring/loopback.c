// SPDX-License-Identifier: MIT
/* loopback: what tests/bring.sh runs to see the guest's network: a TCP server on
 * 127.0.0.1 and on localhost (as getaddrinfo finds it), each connected to by the
 * same process, a line sent and received back. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Listens on addr, connects to it, sends a line through; 0 if it came. */
static int round_trip(const struct sockaddr *addr, socklen_t size, int family)
{
	struct sockaddr_storage bound;
	socklen_t bound_size = sizeof(bound);
	char got[16] = "";
	int server = socket(family, SOCK_STREAM, 0), client = socket(family, SOCK_STREAM, 0), peer = -1;
	int ok = server >= 0 && client >= 0 && bind(server, addr, size) == 0 && listen(server, 1) == 0 &&
		 getsockname(server, (struct sockaddr *)&bound, &bound_size) == 0 &&
		 connect(client, (struct sockaddr *)&bound, bound_size) == 0 &&
		 (peer = accept(server, NULL, NULL)) >= 0 &&
		 write(client, "ping\n", 5) == 5 && read(peer, got, sizeof(got) - 1) == 5;

	for (int i = 0, fds[3] = { peer, client, server }; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return !ok || strcmp(got, "ping\n") != 0;
}

int main(void)
{
	struct sockaddr_in v4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	const struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *found = NULL;
	int bad = round_trip((struct sockaddr *)&v4, sizeof(v4), AF_INET);

	printf("127.0.0.1: %s\n", bad ? "FAILED" : "ok");
	if (getaddrinfo("localhost", "0", &hints, &found) != 0 || !found)
		return printf("localhost: not found\n"), 1;
	for (const struct addrinfo *a = found; a; a = a->ai_next) {
		int failed = round_trip(a->ai_addr, a->ai_addrlen, a->ai_family);

		printf("localhost (%s): %s\n", a->ai_family == AF_INET6 ? "IPv6" : "IPv4", failed ? "FAILED" : "ok");
		bad |= failed;
	}
	freeaddrinfo(found);
	return bad;
}
