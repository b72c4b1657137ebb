/* SPDX-License-Identifier: MIT */
/* The library under test. */
long square(long n);
