// SPDX-License-Identifier: MIT
#include "squares.h"

long square(long n)
{
	return n * n;
}
