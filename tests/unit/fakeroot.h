/* SPDX-License-Identifier: MIT */
/* fakeroot.h - files under a fake /proc or /sys root, for unit tests. */
#ifndef NLG_TEST_FAKEROOT_H
#define NLG_TEST_FAKEROOT_H

/* Writes text to ROOT/REL; the test fails if it cannot. */
void Nlg_fake_put(const char *root, const char *rel, const char *text);

/* Makes ROOT/REL and the directories above it that are missing. */
void Nlg_fake_mkdirs(const char *root, const char *rel);

#endif
