// Tracks Swift tasks: they are not allocated through swift_allocObject but by
// swift_task_create (malloc'd task plus initial context), so we interpose that entry point.
// Child tasks (async let, task groups) may live in their parent's task allocator and are skipped.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <dlfcn.h>
#include <malloc.h>

typedef struct { void *task; void *context; } cl_task_and_context;
typedef cl_task_and_context (*cl_task_create_fn)(size_t, void *, const void *, void *, void *) __attribute__((swiftcall));

enum { TASK_IS_CHILD = 1u << 8 };

__attribute__((swiftcall)) cl_task_and_context
swift_task_create(size_t flags, void *options, const void *resultType, void *entry, void *context) {
    static cl_task_create_fn real;
    if (!real) real = (cl_task_create_fn)dlsym(RTLD_NEXT, "swift_task_create");
    cl_task_and_context result = real(flags, options, resultType, entry, context);
    if (result.task && !(flags & TASK_IS_CHILD) && atomic_load_explicit(&cl_recording, memory_order_relaxed)) {
        uint32_t site = atomic_load_explicit(&cl_backtraces, memory_order_relaxed) ? cl_site_capture() : 0;
        cl_table_insert((uintptr_t)result.task, *(const void *const *)result.task, malloc_usable_size(result.task), site);
    }
    return result;
}
#endif
