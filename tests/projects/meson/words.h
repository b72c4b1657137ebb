/* SPDX-License-Identifier: MIT */
/* The library under test: the number of words (runs of non-blanks) in text. */
int count_words(const char *text);
