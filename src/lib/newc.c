// SPDX-License-Identifier: MIT
/* newc headers (see newc.h). */
#include "newc.h"

long long parse_hex(const char *text, int digits)
{
	unsigned long long value = 0;

	for (int i = 0; i < digits; i++) {
		char c = text[i];
		int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			    c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (digit < 0)
			return -1;
		value = value << 4 | (unsigned)digit;
	}
	return value >> 63 ? -1 : (long long)value;
}

int parse_newc_header(const char *header, unsigned long field[NEWC_FIELDS])
{
	for (int i = 0; i < 6; i++)
		if (header[i] != NEWC_MAGIC[i])
			return -1;
	for (int i = 0; i < NEWC_FIELDS; i++) {
		long long value = parse_hex(header + 6 + 8L * i, 8);

		if (value < 0)
			return -1;
		field[i] = (unsigned long)value;
	}
	return 0;
}
