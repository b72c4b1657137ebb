// SPDX-License-Identifier: MIT
/* compute: a long computation that makes no system calls (a sieve, three sorts), to
 * compare a kept guest with qemu-user on work TCG translates alone (docs/benchmarks.md,
 * "Kept guests"). Built statically with each architecture's CC. */
#include <stdio.h>
#include <stdlib.h>

#define SIEVE	20000000
#define SORTED	2000000

static int compare(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	char *sieve = calloc(SIEVE, 1);
	unsigned *v = malloc(SORTED * sizeof(*v)), seed = 1;
	size_t primes = 0;

	if (!sieve || !v) {
		free(sieve);
		free(v);
		return 1;
	}
	for (size_t i = 2; i < SIEVE; i++)
		if (!sieve[i]) {
			primes++;
			for (size_t j = i * 2; j < SIEVE; j += i)
				sieve[j] = 1;
		}
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < SORTED; i++)
			v[i] = seed = seed * 1103515245 + 12345;
		qsort(v, SORTED, sizeof(*v), compare);
	}
	printf("%zu primes; %u\n", primes, v[SORTED / 2]);
	free(sieve);
	free(v);
	return 0;
}
