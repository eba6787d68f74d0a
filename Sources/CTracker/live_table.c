// The live-object table: sharded open-addressing hash tables keyed by object address, filled by
// the allocation hook and emptied by the `free` interposer. A snapshot locks every shard (pausing
// allocation and deallocation of tracked memory), copies entries and object contents, and unlocks.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SHARD_COUNT 64
#define EMPTY 0
#define TOMBSTONE 1
#define COPY_LIMIT (256 * 1024)   // bytes of one object copied into a snapshot

_Atomic int cl_recording;
_Atomic int cl_tracking_frees;
_Atomic uint64_t cl_next_sequence = 1;

/// A test-and-set lock: one atomic exchange to take, one store to release (cheaper than a mutex
/// on the allocation path); yields while a snapshot holds it.
typedef struct { _Atomic int held; } cl_lock;

static inline void lock_take(cl_lock *lock) {
    for (int spins = 0; atomic_exchange_explicit(&lock->held, 1, memory_order_acquire); spins++) {
        while (atomic_load_explicit(&lock->held, memory_order_relaxed)) {
            if (++spins > 64) sched_yield(); else __builtin_ia32_pause();
        }
    }
}

static inline void lock_release(cl_lock *lock) { atomic_store_explicit(&lock->held, 0, memory_order_release); }

typedef struct {
    cl_lock lock;
    cl_entry *slots;
    size_t capacity;      // power of two (0 before first use)
    size_t used;          // live entries
    size_t tombstones;
    uint64_t bytes;
    char padding[64];
} cl_shard;

static cl_shard shards[SHARD_COUNT] = {
#define S {{0}, 0, 0, 0, 0, 0, {0}}
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
#undef S
};

static inline uint64_t hash_address(uintptr_t address) {
    uint64_t h = (uint64_t)(address >> 4) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

static inline cl_shard *shard_for(uint64_t hash) { return &shards[hash >> 58]; }

// Table memory comes from mmap so that growing a shard never calls malloc/free (free is ours).
static cl_entry *map_slots(size_t count) {
    void *memory = mmap(NULL, count * sizeof(cl_entry), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return memory == MAP_FAILED ? NULL : memory;
}

static void place(cl_entry *slots, size_t capacity, const cl_entry *entry) {
    size_t mask = capacity - 1;
    size_t index = hash_address(entry->address) & mask;
    while (slots[index].address > TOMBSTONE) index = (index + 1) & mask;
    slots[index] = *entry;
}

static int grow(cl_shard *shard) {
    size_t capacity = shard->capacity ? shard->capacity : 1024;
    if ((shard->used + 1) * 2 > capacity) capacity *= 2;   // else: rehash to clear tombstones
    cl_entry *slots = map_slots(capacity);
    if (!slots) return 0;
    for (size_t i = 0; i < shard->capacity; i++)
        if (shard->slots[i].address > TOMBSTONE) place(slots, capacity, &shard->slots[i]);
    if (shard->slots) munmap(shard->slots, shard->capacity * sizeof(cl_entry));
    shard->slots = slots;
    shard->capacity = capacity;
    shard->tombstones = 0;
    return 1;
}

void cl_table_insert(uintptr_t address, const void *metadata, size_t size, uint32_t site) {
    uint64_t hash = hash_address(address);
    cl_shard *shard = shard_for(hash);
    cl_entry entry = {address, metadata, size > UINT32_MAX ? UINT32_MAX : (uint32_t)size, site,
                      atomic_fetch_add_explicit(&cl_next_sequence, 1, memory_order_relaxed)};
    lock_take(&shard->lock);
    if ((shard->used + shard->tombstones + 1) * 4 > shard->capacity * 3 && !grow(shard)) {
        lock_release(&shard->lock);
        return;
    }
    size_t mask = shard->capacity - 1;
    size_t index = hash & mask;
    size_t firstFree = SIZE_MAX;
    while (shard->slots[index].address != EMPTY) {
        if (shard->slots[index].address == address) { firstFree = index; break; }  // stale: replace
        if (shard->slots[index].address == TOMBSTONE && firstFree == SIZE_MAX) firstFree = index;
        index = (index + 1) & mask;
    }
    if (firstFree == SIZE_MAX) firstFree = index;
    cl_entry *slot = &shard->slots[firstFree];
    if (slot->address == address) {
        shard->bytes -= slot->size;
        shard->used--;
    } else if (slot->address == TOMBSTONE) {
        shard->tombstones--;
    }
    *slot = entry;
    shard->used++;
    shard->bytes += entry.size;
    lock_release(&shard->lock);
}

/// Removes `address` if tracked.
static void table_remove(uintptr_t address) {
    uint64_t hash = hash_address(address);
    cl_shard *shard = shard_for(hash);
    lock_take(&shard->lock);
    if (shard->used == 0) { lock_release(&shard->lock); return; }
    size_t mask = shard->capacity - 1;
    size_t index = hash & mask;
    uint32_t size = 0;
    while (shard->slots[index].address != EMPTY) {
        if (shard->slots[index].address == address) {
            size = shard->slots[index].size;
            shard->slots[index].address = TOMBSTONE;
            shard->used--;
            shard->tombstones++;
            shard->bytes -= size;
            break;
        }
        index = (index + 1) & mask;
    }
    lock_release(&shard->lock);
}

// --- the free interposer: Swift releases object memory with free() (swift_slowDealloc) ---
extern void __libc_free(void *);

// Not instrumented by sanitizers: the dynamic loader frees memory before a sanitizer's runtime
// is initialised (a ThreadSanitizer build of cyclelint crashed in its first `free`).
__attribute__((disable_sanitizer_instrumentation))
void free(void *pointer) {
    if (pointer && atomic_load_explicit(&cl_tracking_frees, memory_order_relaxed)) table_remove((uintptr_t)pointer);
    __libc_free(pointer);
}

/// Our `free`, by an address that does not go through the GOT (which may point at another copy).
extern void cl_own_free(void *) __attribute__((alias("free"), visibility("hidden")));

int cl_free_is_ours(void) { return dlsym(RTLD_DEFAULT, "free") == (void *)cl_own_free; }

// fork() while another thread holds a shard lock would leave the child's lock held forever:
// take every lock around fork, as malloc implementations do.
static void before_fork(void) { for (int s = 0; s < SHARD_COUNT; s++) lock_take(&shards[s].lock); }
static void after_fork(void) { for (int s = SHARD_COUNT - 1; s >= 0; s--) lock_release(&shards[s].lock); }

void cl_table_prepare_for_fork(void) { pthread_atfork(before_fork, after_fork, after_fork); }

uint64_t cl_table_count(void) {
    uint64_t total = 0;
    for (int s = 0; s < SHARD_COUNT; s++) total += __atomic_load_n(&shards[s].used, __ATOMIC_RELAXED);
    return total;
}

uint64_t cyclelint_tracker_live_count(void) { return cl_table_count(); }
uint64_t cyclelint_tracker_next_sequence(void) { return atomic_load(&cl_next_sequence); }

/// Strong count from an object's refcount word: inline bits or the side table's.
static uint64_t strong_count(uint64_t bits) {
    const uint64_t useSlowRC = 1ULL << 63, sideTableMark = 1ULL << 62;
    if ((bits & useSlowRC) && (bits & sideTableMark)) {
        const uint64_t *sideTable = (const uint64_t *)((bits & (sideTableMark - 1)) << 3);
        if (!sideTable) return 0;
        bits = sideTable[1];   // HeapObjectSideTableEntry { object; refCounts }
        if (bits & useSlowRC) return UINT64_MAX;  // immortal
    } else if (bits & useSlowRC) {
        return UINT64_MAX;  // immortal
    }
    if (bits & (1ULL << 32)) return 0;  // deiniting
    return ((bits >> 33) & ((1ULL << 30) - 1)) + 1;
}

size_t cl_table_snapshot(cl_copy **copiesOut, unsigned char **storageOut) {
    *copiesOut = NULL;
    *storageOut = NULL;
    for (int attempt = 0; attempt < 8; attempt++) {
        size_t estimate = 0, bytesEstimate = 0;
        for (int s = 0; s < SHARD_COUNT; s++) {
            estimate += __atomic_load_n(&shards[s].used, __ATOMIC_RELAXED);
            bytesEstimate += __atomic_load_n(&shards[s].bytes, __ATOMIC_RELAXED);
        }
        estimate = estimate + estimate / 4 + 1024 * ((size_t)attempt + 1);
        bytesEstimate = bytesEstimate * 2 + estimate * 32 + ((size_t)attempt + 1) * (1 << 20);
        cl_copy *copies = calloc(estimate, sizeof(cl_copy));
        unsigned char *storage = malloc(bytesEstimate);
        if (!copies || !storage) { free(copies); free(storage); return 0; }
        for (int s = 0; s < SHARD_COUNT; s++) lock_take(&shards[s].lock);
        size_t count = 0, used = 0;
        int fits = 1;
        for (int s = 0; s < SHARD_COUNT && fits; s++) {
            cl_shard *shard = &shards[s];
            for (size_t i = 0; i < shard->capacity; i++) {
                cl_entry *entry = &shard->slots[i];
                if (entry->address <= TOMBSTONE) continue;
                // Tail-allocated storage (arrays) uses the whole malloc block, not just the request.
                size_t usable = malloc_usable_size((void *)entry->address);
                if (usable < entry->size) usable = entry->size;
                uint32_t length = usable < COPY_LIMIT ? (uint32_t)usable : COPY_LIMIT;
                if (count == estimate || used + length > bytesEstimate) { fits = 0; break; }
                copies[count].entry = *entry;
                copies[count].copied = length;
                memcpy(storage + used, (const void *)entry->address, length);
                copies[count].bytes = (const unsigned char *)(uintptr_t)used;  // rebased below
                copies[count].strong = entry->size >= 16 ? strong_count(((const uint64_t *)entry->address)[1]) : 0;
                used += (length + 7) & ~(size_t)7;
                count++;
            }
        }
        for (int s = SHARD_COUNT - 1; s >= 0; s--) lock_release(&shards[s].lock);
        if (!fits) { free(copies); free(storage); continue; }
        for (size_t i = 0; i < count; i++) copies[i].bytes = storage + (uintptr_t)copies[i].bytes;
        *copiesOut = copies;
        *storageOut = storage;
        return count;
    }
    return 0;
}

void cl_snapshot_free(cl_copy *copies, unsigned char *storage) {
    free(copies);
    free(storage);
}

void cl_table_site_usage(uint32_t siteCount, uint64_t *counts, uint64_t *bytes) {
    for (int s = 0; s < SHARD_COUNT; s++) lock_take(&shards[s].lock);
    for (int s = 0; s < SHARD_COUNT; s++) {
        cl_shard *shard = &shards[s];
        for (size_t i = 0; i < shard->capacity; i++) {
            const cl_entry *entry = &shard->slots[i];
            if (entry->address <= TOMBSTONE || entry->site == 0 || entry->site > siteCount) continue;
            counts[entry->site]++;
            bytes[entry->site] += entry->size;
        }
    }
    for (int s = SHARD_COUNT - 1; s >= 0; s--) lock_release(&shards[s].lock);
}
#endif
