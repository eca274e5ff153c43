#include "xml_document_arena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * 32 slabs of 32 MiB, reserved as one range without access (address space, not memory), made
 * writable a mebibyte at a time as a slab first reaches it. A thread takes a slab at its first scope
 * and gives it back when it exits. Each block has a 16-byte header holding its size (for realloc)
 * and starts on 16 bytes, as malloc's do.
 */
enum { SLAB_COUNT = 32, HEADER = 16, ALIGN = 16 };
#define SLAB_BYTES NW_XML_DOCUMENT_ARENA_SLAB_BYTES
#define COMMIT_STEP ((size_t)1 << 20)
/* What a slab keeps in memory between pages; the rest is handed back to the kernel, so a thread
 * that once read a huge page does not hold its memory for ever. */
#define KEPT_BYTES ((size_t)4 << 20)

static char *region;
static size_t region_bytes;
static pthread_once_t region_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;
static _Atomic uint32_t free_slabs;
/* How far each slab is writable; read and written only by the thread that holds the slab (the
 * slab changes hands through free_slabs, with release and acquire). */
static size_t slab_writable[SLAB_COUNT];

struct thread_slab {
    int slab; /* -1: none */
    int depth;
    int registered;
    /* Set when an allocation in the present scope went to malloc. */
    int spilled;
    size_t used;
};

static __thread struct thread_slab current = { -1, 0, 0, 0, 0 };

static void release_slab(void *value);

static void reserve_region(void) {
    void *range = mmap(NULL, (size_t)SLAB_COUNT * SLAB_BYTES, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (range == MAP_FAILED) return;
    if (pthread_key_create(&exit_key, release_slab) != 0) {
        munmap(range, (size_t)SLAB_COUNT * SLAB_BYTES);
        return;
    }
    region = range;
    region_bytes = (size_t)SLAB_COUNT * SLAB_BYTES;
    atomic_store_explicit(&free_slabs, UINT32_MAX, memory_order_release);
}

static inline char *slab_base(int slab) {
    return region + (size_t)slab * SLAB_BYTES;
}

static void release_slab(void *value) {
    struct thread_slab *owner = value;
    if (owner->slab < 0) return;
    int slab = owner->slab;
    if (slab_writable[slab] > 0) madvise(slab_base(slab), slab_writable[slab], MADV_DONTNEED);
    owner->slab = -1;
    owner->used = 0;
    owner->registered = 0;
    atomic_fetch_or_explicit(&free_slabs, (uint32_t)1 << slab, memory_order_release);
}

static int take_slab(void) {
    uint32_t slabs = atomic_load_explicit(&free_slabs, memory_order_acquire);
    while (slabs != 0) {
        int slab = __builtin_ctz(slabs);
        uint32_t taken = slabs & ~((uint32_t)1 << slab);
        if (atomic_compare_exchange_weak_explicit(&free_slabs, &slabs, taken, memory_order_acquire,
                                                  memory_order_acquire)) {
            return slab;
        }
    }
    return -1;
}

/* Present when the process carries AddressSanitizer's runtime: `make test-asan` sanitizes the
 * Swift code only (-Xswiftc -sanitize=address), so this file is not compiled for it, but the
 * runtime is linked in all the same. */
extern void __asan_init(void) __attribute__((weak));

int nw_xml_document_arena_enabled(void) {
#if defined(__SANITIZE_ADDRESS__)
    return 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 0;
#endif
#endif
    return __asan_init == NULL;
}

int nw_xml_document_arena_enter(void) {
    if (current.depth > 0) {
        current.depth++;
        return current.slab >= 0;
    }
    current.depth = 1;
    if (!nw_xml_document_arena_enabled()) return 0;
    if (current.slab < 0) {
        pthread_once(&region_once, reserve_region);
        if (!region) return 0;
        int slab = take_slab();
        if (slab < 0) return 0;
        current.slab = slab;
        current.used = 0;
        /* The destructor runs only for threads that set a value. */
        if (!current.registered) {
            if (pthread_setspecific(exit_key, &current) != 0) {
                release_slab(&current);
                return 0;
            }
            current.registered = 1;
        }
    }
    return 1;
}

void nw_xml_document_arena_leave(void) {
    if (current.depth == 0) return;
    if (--current.depth > 0 || current.slab < 0) return;
    if (current.used > KEPT_BYTES) {
        madvise(slab_base(current.slab) + KEPT_BYTES, current.used - KEPT_BYTES, MADV_DONTNEED);
    }
    current.used = 0;
    current.spilled = 0;
}

int nw_xml_document_arena_holds_everything_since(const void *block) {
    if (current.depth == 0 || current.slab < 0 || current.spilled) return 0;
    char *base = slab_base(current.slab);
    return (const char *)block >= base && (const char *)block < base + current.used;
}

static inline size_t block_bytes(size_t size) {
    return HEADER + ((size + ALIGN - 1) & ~(size_t)(ALIGN - 1));
}

/* Makes the slab writable up to `end` bytes; 0 when the kernel refuses. */
static int make_writable(int slab, size_t end) {
    size_t writable = slab_writable[slab];
    if (end <= writable) return 1;
    size_t target = (end + COMMIT_STEP - 1) & ~(COMMIT_STEP - 1);
    if (target > SLAB_BYTES) target = SLAB_BYTES;
    if (mprotect(slab_base(slab) + writable, target - writable, PROT_READ | PROT_WRITE) != 0) return 0;
    slab_writable[slab] = target;
    return 1;
}

void *nw_xml_document_arena_malloc(size_t size) {
    if (current.depth > 0 && current.slab >= 0 && size < SLAB_BYTES) {
        size_t need = block_bytes(size);
        size_t end = current.used + need;
        if (end <= SLAB_BYTES && make_writable(current.slab, end)) {
            char *header = slab_base(current.slab) + current.used;
            *(size_t *)header = size;
            current.used = end;
            return header + HEADER;
        }
    }
    if (current.depth > 0) current.spilled = 1;
    return malloc(size);
}

int nw_xml_document_arena_owns(const void *block) {
    return (uintptr_t)block - (uintptr_t)region < region_bytes;
}

void nw_xml_document_arena_free(void *block) {
    if (nw_xml_document_arena_owns(block)) return;
    free(block);
}

void *nw_xml_document_arena_realloc(void *block, size_t size) {
    if (!block) return nw_xml_document_arena_malloc(size);
    if (!nw_xml_document_arena_owns(block)) {
        if (current.depth > 0) current.spilled = 1;
        return realloc(block, size);
    }
    char *header = (char *)block - HEADER;
    size_t old = *(size_t *)header;
    /* The slab's last block grows in place: libxml2's buffers double as they fill. */
    if (current.depth > 0 && current.slab >= 0 && header + block_bytes(old) == slab_base(current.slab) + current.used) {
        size_t end = (size_t)(header - slab_base(current.slab)) + block_bytes(size);
        if (end <= SLAB_BYTES && make_writable(current.slab, end)) {
            *(size_t *)header = size;
            current.used = end;
            return block;
        }
    }
    void *moved = nw_xml_document_arena_malloc(size);
    if (moved) memcpy(moved, block, old < size ? old : size);
    return moved;
}

char *nw_xml_document_arena_strdup(const char *text) {
    if (!text) return NULL;
    size_t length = strlen(text) + 1;
    char *copy = nw_xml_document_arena_malloc(length);
    if (copy) memcpy(copy, text, length);
    return copy;
}

size_t nw_xml_document_arena_used_bytes(void) {
    return current.depth > 0 ? current.used : 0;
}
