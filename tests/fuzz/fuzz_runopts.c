// SPDX-License-Identifier: MIT
/* libFuzzer target: the runner's command line (tools/run/options.c: parse_options
 * and check_values), built for the host from the very source nakedinit-run runs.
 *
 * The input is split at NUL bytes into words, each its own heap block (so ASan sees
 * a read past any word's end), and given as argv after "nakedinit-run". Checked:
 * each call returns 0 or -1; -1 comes with a message; after success PROGRAM's index
 * is within argv, at the first word that is not an option (or after "--"), and
 * every value is a word of argv or a part of one. Any mismatch aborts, which
 * libFuzzer reports as a crash with the input saved.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/run.h"

#define WORDS_MAX 64

static int within(const char *value, char **argv, int argc)
{
	if (!value)
		return 1;
	for (int i = 0; i < argc; i++)
		if (value >= argv[i] && value <= argv[i] + strlen(argv[i]))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[WORDS_MAX + 2], error[512];
	int argc = 0;
	size_t at = 0;
	struct options o = { 0 };

	argv[argc++] = strdup("nakedinit-run");
	while (at < size && argc <= WORDS_MAX) {
		const uint8_t *end = memchr(data + at, '\0', size - at);
		size_t n = end ? (size_t)(end - (data + at)) : size - at;

		argv[argc++] = strndup((const char *)data + at, n);
		at += n + 1;
	}
	argv[argc] = NULL;
	error[0] = '\0';
	int rc = parse_options(argc, argv, &o, error, sizeof(error));
	if (rc != 0 && (rc != -1 || !error[0]))
		abort();
	if (rc == 0 && !o.help && !o.version) {
		if (o.program < 1 || o.program > argc)
			abort();
		if (o.program < argc && argv[o.program][0] == '-' && argv[o.program][1] && strcmp(argv[o.program - 1], "--") != 0)
			abort();
		if (!within(o.arch, argv, argc) || !within(o.kernel, argv, argc) || !within(o.memory, argv, argc) ||
		    !within(o.cpus, argv, argc) || (!within(o.seconds, argv, argc) && strcmp(o.seconds, "0") != 0))
			abort();
		error[0] = '\0';
		rc = check_values(&o, argc, error, sizeof(error));
		if (rc != 0 && (rc != -1 || !error[0]))
			abort();
	}
	options_free(&o);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
