// SPDX-License-Identifier: MIT
/* Host unit tests of src/lib/newc.c, which the launcher reads a warm start's archive with. */
#include <string.h>

#include "lib/newc.h"
#include "unit.h"

static void test_hex(void)
{
	CHECK(parse_hex("0000002a", 8) == 42, "0000002a");
	CHECK(parse_hex("DeadBeef", 8) == 0xdeadbeef, "DeadBeef: mixed case");
	CHECK(parse_hex("7fffffffffffffff", 16) == 0x7fffffffffffffffLL, "the largest 16 digits");
	CHECK(parse_hex("8000000000000000", 16) == -1, "2^63: -1, not a negative number");
	CHECK(parse_hex("0000 02a", 8) == -1, "a space");
	CHECK(parse_hex("-000002a", 8) == -1, "a sign");
	CHECK(parse_hex("0x00002a", 8) == -1, "0x");
	CHECK(parse_hex("", 0) == 0, "no digits: 0");
	end_group("newc: hex fields: 8 or 16 digits exactly, nothing strtoul would also take");
}

static void test_header(void)
{
	/* A file "bin/x" of 5 bytes, mode 0100755, as tools/mkcpio.c writes it. */
	const char *good = "070701" "00000002" "000081ED" "00000000" "00000000" "00000001"
			   "00000000" "00000005" "00000000" "00000000" "00000000" "00000000"
			   "00000006" "00000000";
	char bad[NEWC_HEADER + 1];
	unsigned long field[NEWC_FIELDS];

	CHECK(strlen(good) == NEWC_HEADER, "the sample is %zu bytes", strlen(good));
	CHECK(parse_newc_header(good, field) == 0, "a good header refused");
	CHECK(field[NEWC_INO] == 2 && field[NEWC_MODE] == 0100755 && field[NEWC_FILESIZE] == 5 &&
	      field[NEWC_NAMESIZE] == 6, "fields: ino %lu mode %lo size %lu namesize %lu", field[NEWC_INO],
	      field[NEWC_MODE], field[NEWC_FILESIZE], field[NEWC_NAMESIZE]);
	memcpy(bad, good, sizeof(bad));
	bad[5] = '7';	/* 070707: odc, which the kernel refuses too */
	CHECK(parse_newc_header(bad, field) == -1, "the odc magic taken");
	memcpy(bad, good, sizeof(bad));
	bad[NEWC_HEADER - 1] = 'g';
	CHECK(parse_newc_header(bad, field) == -1, "a field with a 'g' taken");
	CHECK(newc_padding(110) == 2 && newc_padding(112) == 0 && newc_padding(1) == 3, "padding to 4");
	end_group("newc: headers: the magic, 13 fields of 8 hex digits; padding to 4 bytes");
}

int main(void)
{
	test_hex();
	test_header();
	return failures != 0;
}
