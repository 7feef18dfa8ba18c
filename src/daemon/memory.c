/* SPDX-License-Identifier: MIT */
/*
 * memory.c - how netledgerd asks the C library to hold its heap: a
 * daemon that runs for months keeps what a burst of sockets made it
 * allocate unless it gives it back.
 */
#ifdef NLGD_HAVE_MALLOPT
#include <malloc.h>
#endif

#include "daemon/run.h"

/* The arrays of every socket's reading (megabytes at 10 000 connections)
 * are freed and made again. glibc's threshold for a mapping of their own
 * rises to the size of the first one freed, so the next ones come from the
 * heap and leave it fragmented; a fixed threshold keeps them in mappings
 * that go back to the system when freed. Not lower: the arrays of
 * pointers a sample makes and frees (320 KiB) would then cost a mapping
 * and its page faults each. */
void Nlgd_memory_tune(void)
{
#ifdef NLGD_HAVE_MALLOPT
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}

/* Free pages inside the heap (the first sample's, a reconciling dump's)
 * stay resident until asked for: glibc only ever gives back its top. At
 * 10 000 connections this returns some 400 KiB, for a walk of the free
 * lists once per flush. */
void Nlgd_memory_give_back(void)
{
#ifdef NLGD_HAVE_MALLOPT
	malloc_trim(0);
#endif
}
