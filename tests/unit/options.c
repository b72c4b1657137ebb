// SPDX-License-Identifier: MIT
/* Host unit tests of src/lib/options.c: the init's command-line parser. */
#include <string.h>

#include "lib/options.h"
#include "unit.h"

/* parse_options on one environment word (plus the kernel's usual two). */
static const char *parse_one(const char *word, struct options *opts)
{
	char *envp[] = { "HOME=/", (char *)word, "TERM=linux", NULL };

	return parse_options(envp, opts);
}

static void test_options(void)
{
	static const char *const bad[] = { "bytes=", "bytes=0", "bytes=513", "bytes=-1",
		"bytes=+5", "bytes=12x", "bytes= 8", "bytes=99999999999999999999999",
		"bytes=0x10", "disk=", "disk=vda", "disk=dev/vda", "disk=/dev/sda,", "disk=,/dev/sda",
		"disk=/dev/sda,,/dev/vda", "disk=/dev/sda,vda", "diskwait=", "diskwait=-1",
		"diskwait=3601", "diskwait=1s", "out=", "out=dev/kmsg", "out=/dev/a,/dev/b" };
	char long_path[300] = "disk=/";
	struct options opts;
	char *none[] = { NULL };

	CHECK(parse_options(none, &opts) == NULL, "empty environment rejected");
	CHECK(strcmp(opts.disk, "/dev/vda") == 0 && opts.bytes == 8, "defaults: %s %ld",
	      opts.disk, opts.bytes);

	CHECK(parse_one("bytes=1", &opts) == NULL && opts.bytes == 1, "bytes=1: %ld", opts.bytes);
	CHECK(parse_one("bytes=512", &opts) == NULL && opts.bytes == 512, "bytes=512");
	CHECK(parse_one("bytes=036", &opts) == NULL && opts.bytes == 36, "bytes=036");
	CHECK(parse_one("disk=/dev/vdb", &opts) == NULL && strcmp(opts.disk, "/dev/vdb") == 0 &&
		      opts.bytes == 8, "disk=/dev/vdb");
	CHECK(parse_one("bytesize=3", &opts) == NULL && opts.bytes == 8, "bytesize= is not bytes=");
	CHECK(parse_one("disks=/x", &opts) == NULL && strcmp(opts.disk, "/dev/vda") == 0,
	      "disks= is not disk=");
	CHECK(parse_one("bytes", &opts) == NULL, "a word without = is not an option");
	CHECK(parse_one("disk=/dev/sda,/dev/nvme0n1,/dev/vda", &opts) == NULL &&
	      strcmp(opts.disk, "/dev/sda,/dev/nvme0n1,/dev/vda") == 0, "a list of disks");
	CHECK(opts.diskwait == 0 && opts.out == NULL, "defaults: diskwait %ld", opts.diskwait);
	CHECK(parse_one("diskwait=0", &opts) == NULL && opts.diskwait == 0, "diskwait=0");
	CHECK(parse_one("diskwait=3600", &opts) == NULL && opts.diskwait == 3600, "diskwait=3600");
	CHECK(parse_one("out=/dev/kmsg", &opts) == NULL && strcmp(opts.out, "/dev/kmsg") == 0,
	      "out=/dev/kmsg");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(parse_one(bad[i], &opts) == bad[i] || (parse_one(bad[i], &opts) &&
		      strcmp(parse_one(bad[i], &opts), bad[i]) == 0), "%s accepted", bad[i]);

	memset(long_path + 6, 'a', 254);
	long_path[260] = '\0';	/* "/" + 254 = 255 characters: the longest allowed */
	CHECK(parse_one(long_path, &opts) == NULL && strlen(opts.disk) == 255, "255-char path refused");
	long_path[260] = 'a';
	long_path[261] = '\0';
	CHECK(parse_one(long_path, &opts) != NULL, "256-char path accepted");
	char list[600] = "disk=/dev/vda,/";

	memset(list + 15, 'a', 254);	/* a second path of 255 characters: the longest */
	CHECK(parse_one(list, &opts) == NULL, "255-char second path refused");
	list[15 + 254] = 'a';
	CHECK(parse_one(list, &opts) != NULL, "256-char second path accepted");

	char *both[] = { "disk=/dev/vdc", "bytes=16", "bytes=x", NULL };
	CHECK(parse_options(both, &opts) == both[2], "the first bad word is reported");
	char *later[] = { "bytes=16", "bytes=20", NULL };
	CHECK(parse_options(later, &opts) == NULL && opts.bytes == 20, "the last value wins");
	end_group("options");
}

int main(void)
{
	test_options();
	return failures != 0;
}
