#ifndef NEWSWATCH_XML_DOCUMENT_ARENA_H
#define NEWSWATCH_XML_DOCUMENT_ARENA_H

#include <stddef.h>

/*
 * libxml2's allocator for the reading of one HTML document (an article page, a feed item's HTML):
 * while a thread is inside a document scope (nw_xml_document_arena_enter ...
 * nw_xml_document_arena_leave), everything libxml2 allocates on that thread is cut from the
 * thread's slab in order, freeing it costs nothing, and leaving the outermost scope takes the
 * whole slab back at once.
 *
 * Why: a page's tree is tens of thousands of small nodes and strings that are built together and
 * freed together. Through malloc that was about an eighth of the page extractor's CPU (malloc,
 * free, consolidation, the page faults of a heap that grows and shrinks with every page).
 *
 * The rules that keep it safe:
 * - Outside a scope, or when the slab is full, or no slab is free, allocations are malloc's.
 * - Every slab lies in one address range reserved at first use and never given back, so a free of
 *   any pointer from a slab is recognised, on any thread and at any later time, and ignored; any
 *   other pointer goes to free(). libxml2 keeps a copy of the last error per thread, allocated in
 *   a scope and freed at the next error, long after: that free is one of these.
 * - Nothing libxml2 allocated inside a scope may be used after the scope is left (the caller's
 *   promise: the document is freed inside it).
 * - libxml2's global tables must exist before the first scope (xmlInitParser), or they would be
 *   cut from a slab.
 */

void *nw_xml_document_arena_malloc(size_t size);
void *nw_xml_document_arena_realloc(void *block, size_t size);
void nw_xml_document_arena_free(void *block);
char *nw_xml_document_arena_strdup(const char *text);

/** Enters a document scope on the calling thread (scopes nest). 1 when a slab serves it, 0 when
 * allocations stay malloc's (no slab free, or the arena is disabled in this build). */
int nw_xml_document_arena_enter(void);

/** Leaves the scope entered last; leaving the outermost one takes the slab's blocks back. */
void nw_xml_document_arena_leave(void);

/** 1 when `block` lies in a slab. */
int nw_xml_document_arena_owns(const void *block);

/**
 * 1 when `block` lies in the calling thread's slab and every allocation of the present scope came
 * from the slab: then whatever was built from `block` on is the slab's alone, and leaving the scope
 * takes it back without a free (a document need not be walked to be freed).
 */
int nw_xml_document_arena_holds_everything_since(const void *block);

/** Bytes the calling thread's slab hands out at present (0 outside a scope). */
size_t nw_xml_document_arena_used_bytes(void);

/**
 * 1 when the arena may serve libxml2 in this build, 0 under AddressSanitizer, whose allocator
 * must see every allocation and free to find an overflow or a use after free.
 */
int nw_xml_document_arena_enabled(void);

/** The most bytes one slab hands out; a page that needs more gets the rest from malloc. */
#define NW_XML_DOCUMENT_ARENA_SLAB_BYTES ((size_t)32 << 20)

#endif
