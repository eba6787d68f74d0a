// The set of types allocated while recording: `cyclelint verify` tells a finding whose types no
// test allocated ("not exercised") from one whose code ran without leaking ("not reproduced").
// A lock-free open-addressing set of metadata pointers, with a per-thread last-type cache.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#include "internal.h"

#include <sys/mman.h>

#define TYPE_SLOTS (1u << 16)

static _Atomic(const void *) *slots;
static _Atomic int slots_state;   // 0 unmapped, 1 mapping, 2 ready, -1 failed
static __thread const void *last_type __attribute__((tls_model("initial-exec")));

static int ensure_slots(void) {
    int state = atomic_load_explicit(&slots_state, memory_order_acquire);
    if (state == 2) return 1;
    if (state == 0) {
        int expected = 0;
        if (atomic_compare_exchange_strong(&slots_state, &expected, 1)) {
            void *memory = mmap(NULL, sizeof(*slots) * TYPE_SLOTS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (memory == MAP_FAILED) { atomic_store(&slots_state, -1); return 0; }
            slots = memory;
            atomic_store_explicit(&slots_state, 2, memory_order_release);
            return 1;
        }
    }
    return 0;   // another thread is mapping (this allocation's type may go unnoted) or mapping failed
}

void cl_note_type(const void *metadata) {
    if (!metadata || metadata == last_type || !ensure_slots()) return;
    last_type = metadata;
    uint32_t mask = TYPE_SLOTS - 1;
    uint32_t index = (uint32_t)(((uintptr_t)metadata >> 3) * 0x9E3779B1u) & mask;
    for (uint32_t probes = 0; probes < TYPE_SLOTS; probes++, index = (index + 1) & mask) {
        const void *current = atomic_load_explicit(&slots[index], memory_order_relaxed);
        if (current == metadata) return;
        if (current == NULL) {
            const void *expected = NULL;
            if (atomic_compare_exchange_strong(&slots[index], &expected, metadata) || expected == metadata) return;
        }
    }
}

void cl_each_noted_type(void (*visit)(const void *metadata, void *context), void *context) {
    if (atomic_load_explicit(&slots_state, memory_order_acquire) != 2) return;
    for (uint32_t index = 0; index < TYPE_SLOTS; index++) {
        const void *metadata = atomic_load_explicit(&slots[index], memory_order_relaxed);
        if (metadata) visit(metadata, context);
    }
}
#endif
