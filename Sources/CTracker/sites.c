// Allocation sites: a cheap frame-pointer backtrace per allocation, deduplicated into site ids,
// with live count/bytes per site kept up to date by the allocation hook and the free interposer.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SITE_CAPACITY (1u << 18)
#define INDEX_SLOTS (1u << 20)

typedef struct {
    uint64_t hash;
    uint32_t depth;
    uintptr_t frames[CL_MAX_FRAMES];
} cl_site;

_Atomic int cl_backtraces;
static cl_site *sites;                 // index 0 unused
static _Atomic uint32_t *site_index;   // hash slots holding site ids
static _Atomic uint32_t site_count;
static pthread_mutex_t site_lock = PTHREAD_MUTEX_INITIALIZER;

// Bounds of the current thread's stack, so that a frame walk never leaves it.
static __thread uintptr_t stack_low __attribute__((tls_model("initial-exec")));
static __thread uintptr_t stack_high __attribute__((tls_model("initial-exec")));
// The last site this thread recorded: loops allocate from one place again and again.
static __thread uint32_t last_site __attribute__((tls_model("initial-exec")));

static void learn_stack_bounds(void) {
    pthread_attr_t attributes;
    void *address;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attributes) == 0) {
        if (pthread_attr_getstack(&attributes, &address, &size) == 0) {
            stack_low = (uintptr_t)address;
            stack_high = (uintptr_t)address + size;
        }
        pthread_attr_destroy(&attributes);
    }
    if (!stack_high) stack_high = 1;  // unknown: walks stop immediately
}

static int ensure_tables(void) {
    if (__atomic_load_n(&site_index, __ATOMIC_ACQUIRE)) return 1;
    pthread_mutex_lock(&site_lock);
    if (!site_index) {
        void *s = mmap(NULL, sizeof(cl_site) * SITE_CAPACITY, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        void *i = mmap(NULL, sizeof(uint32_t) * INDEX_SLOTS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (s != MAP_FAILED && i != MAP_FAILED) {
            sites = s;
            __atomic_store_n(&site_index, (_Atomic uint32_t *)i, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&site_lock);
    return site_index != NULL;
}

__attribute__((noinline)) uint32_t cl_site_capture(void) {
    if (!stack_high) learn_stack_bounds();
    uintptr_t frames[CL_MAX_FRAMES];
    uint32_t depth = 0;
    // Walk the frame-pointer chain from here up to the Swift code that allocated.
    uintptr_t *fp = (uintptr_t *)__builtin_frame_address(0);
    int skip = 1;   // the return into our hook; runtime frames are dropped when symbolicating
    while (depth < CL_MAX_FRAMES) {
        uintptr_t address = (uintptr_t)fp;
        if (address < stack_low || address + 16 > stack_high || (address & 7)) break;
        uintptr_t next = fp[0], returnAddress = fp[1];
        if (!returnAddress) break;
        if (skip > 0) skip--; else frames[depth++] = returnAddress;
        if (next <= address) break;
        fp = (uintptr_t *)next;
    }
    if (depth == 0 || !ensure_tables()) return 0;
    uint32_t cached = last_site;
    if (cached && sites[cached].depth == depth && memcmp(sites[cached].frames, frames, depth * sizeof(uintptr_t)) == 0)
        return cached;
    uint64_t hash = 1469598103934665603ULL;
    for (uint32_t i = 0; i < depth; i++) hash = (hash ^ frames[i]) * 1099511628211ULL;
    hash ^= hash >> 31;
    uint32_t mask = INDEX_SLOTS - 1;
    for (int locked = 0; locked < 2; locked++) {
        if (locked) pthread_mutex_lock(&site_lock);
        for (uint32_t slot = (uint32_t)hash & mask, probes = 0; probes < INDEX_SLOTS; slot = (slot + 1) & mask, probes++) {
            uint32_t id = atomic_load_explicit(&site_index[slot], memory_order_acquire);
            if (id == 0) {
                if (!locked) break;
                uint32_t newID = atomic_load(&site_count) + 1;
                if (newID >= SITE_CAPACITY) { pthread_mutex_unlock(&site_lock); return 0; }
                cl_site *site = &sites[newID];
                site->hash = hash;
                site->depth = depth;
                memcpy(site->frames, frames, depth * sizeof(uintptr_t));
                atomic_store(&site_count, newID);
                atomic_store_explicit(&site_index[slot], newID, memory_order_release);
                pthread_mutex_unlock(&site_lock);
                last_site = newID;
                return newID;
            }
            cl_site *site = &sites[id];
            if (site->hash == hash && site->depth == depth && memcmp(site->frames, frames, depth * sizeof(uintptr_t)) == 0) {
                if (locked) pthread_mutex_unlock(&site_lock);
                last_site = id;
                return id;
            }
        }
    }
    pthread_mutex_unlock(&site_lock);
    return 0;
}

void cyclelint_tracker_set_backtraces(int on) { atomic_store(&cl_backtraces, on ? 1 : 0); }

uint32_t cyclelint_site_count(void) { return atomic_load(&site_count); }

int cyclelint_site_frames(uint32_t site, uintptr_t *frames, int capacity) {
    if (site == 0 || site > atomic_load(&site_count)) return 0;
    int depth = (int)sites[site].depth < capacity ? (int)sites[site].depth : capacity;
    memcpy(frames, sites[site].frames, (size_t)depth * sizeof(uintptr_t));
    return depth;
}

void cyclelint_site_usage(uint32_t site, uint64_t *count, uint64_t *bytes) {
    *count = 0;
    *bytes = 0;
    uint32_t sites = atomic_load(&site_count);
    if (site == 0 || site > sites) return;
    uint64_t *counts = calloc(sites + 1, sizeof(uint64_t)), *sizes = calloc(sites + 1, sizeof(uint64_t));
    if (counts && sizes) {
        cl_table_site_usage(sites, counts, sizes);
        *count = counts[site];
        *bytes = sizes[site];
    }
    free(counts);
    free(sizes);
}
#endif
