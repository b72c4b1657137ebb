/* The library under test. */
long square(long n);
