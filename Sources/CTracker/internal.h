// Private declarations shared by the tracker's C files.
#ifndef CTRACKER_INTERNAL_H
#define CTRACKER_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "CTracker.h"

/// Return addresses kept per allocation site: deep enough that a test function is usually on
/// the stack of what it allocated (`cyclelint verify` attributes leaks by it).
#define CL_MAX_FRAMES 24

/// One recorded live object.
typedef struct {
    uintptr_t address;      // 0: empty slot, 1: tombstone
    const void *metadata;
    uint32_t size;
    uint32_t site;
    uint64_t sequence;
} cl_entry;

/// A copied object: entry plus a copy of its memory and strong count, taken while paused.
typedef struct {
    cl_entry entry;
    uint64_t strong;
    uint32_t copied;        // bytes copied into `bytes`
    uint32_t roots;         // words in the process's roots that point into it (roots.c)
    uintptr_t sideTable;    // address of its refcount side table, 0 when it has none
    const unsigned char *bytes;
} cl_copy;

/// A range of addresses [start, end).
typedef struct { uintptr_t start, end; } cl_range;

/// The calling thread's part of the roots, captured where the tracker was entered: its stack
/// from the caller's frame up (the tracker's own frames hold only stale words) and the
/// callee-saved registers as the caller left them.
typedef struct {
    uintptr_t stackFrom;
    uintptr_t registers[6];
} cl_caller_roots;

/// Fills a `cl_caller_roots` at the start of a tracker entry point (a `noinline` function, before
/// it uses the callee-saved registers): the registers, and its frame as where the caller's begin.
#define CL_CAPTURE_CALLER_ROOTS(roots)                                                           \
    do {                                                                                         \
        __asm__ volatile("mov %%rbx, 0(%0)\n\tmov %%rbp, 8(%0)\n\tmov %%r12, 16(%0)\n\t"          \
                         "mov %%r13, 24(%0)\n\tmov %%r14, 32(%0)\n\tmov %%r15, 40(%0)"              \
                         : : "r"((roots)->registers) : "memory");                              \
        (roots)->stackFrom = (uintptr_t)__builtin_frame_address(0);                              \
    } while (0)

// live_table.c
/// Record new allocations (a preloaded session, or an open in-process recording window).
extern _Atomic int cl_recording;
/// Remove freed objects from the table: on from installation, so that the table never holds
/// an object that was freed while recording was off.
extern _Atomic int cl_tracking_frees;
void cl_table_insert(uintptr_t address, const void *metadata, size_t size, uint32_t site);
/// Copies the live set (and object contents, sorted by address) with allocation paused and the
/// other threads stopped, and counts each object's references from the roots; `*rootsScanned`
/// is 0 when the roots could not all be read (then `roots` means nothing). Caller frees both
/// arrays with `cl_snapshot_free`.
size_t cl_table_snapshot(cl_copy **copies, unsigned char **storage, int *rootsScanned, const cl_caller_roots *caller);
void cl_snapshot_free(cl_copy *copies, size_t count, unsigned char *storage);
uint64_t cl_table_count(void);
/// Registers fork handlers that keep the table's locks consistent in a forked child.
void cl_table_prepare_for_fork(void);
/// 1 when the process-wide `free` is this copy's interposer (another copy of the tracker, or
/// another allocator shim, would hide frees from us).
int cl_free_is_ours(void);
extern _Atomic uint64_t cl_next_sequence;

// sites.c
extern _Atomic int cl_backtraces;
uint32_t cl_site_capture(void);
/// Live objects and bytes per site (arrays indexed by site id, `siteCount + 1` long), counted
/// from the live table with allocation paused.
void cl_table_site_usage(uint32_t siteCount, uint64_t *counts, uint64_t *bytes);

// types_seen.c
/// Remembers that an object of `metadata` was allocated (cheap when the type was seen before).
void cl_note_type(const void *metadata);
/// Calls `visit` once for each metadata noted so far.
void cl_each_noted_type(void (*visit)(const void *metadata, void *context), void *context);

// reflection.c
/// Kind of a heap metadata (0 for classes).
uint32_t cl_metadata_kind(const void *metadata);
/// A malloc'd type name for a class or box metadata, or NULL.
char *cl_type_name(const void *metadata, const unsigned char *object, uint32_t copied);
/// 1 when a class is defined in one of the toolchain's libraries (the standard library and
/// runtime, Foundation, Dispatch, XCTest, Swift Testing), from where its descriptor lies.
int cl_class_is_from_toolchain_library(const void *metadata);
/// The same for any context descriptor (a class's, a struct's, an enum's).
int cl_descriptor_is_from_toolchain_library(const void *descriptor);
/// The address a 32-bit relative pointer at `field` points to, or NULL when it is 0.
const void *cl_relative(const void *field);
/// Length of a mangled name, stepping over symbolic references.
size_t cl_mangled_length(const unsigned char *name);
/// 0 for a mangled field or capture type that is a weak, unowned or unowned(unsafe) reference.
int cl_mangled_is_strong(const unsigned char *name);
/// A class metadata's nominal type descriptor, or NULL when `metadata` is not a Swift class.
const uint32_t *cl_class_descriptor(const void *metadata);

// field_layout.c
/// Field information for a word at `offset` in an object with `metadata` (copied into `bytes`,
/// where an existential's dynamic type is read): returns the field's
/// name ("" if unknown; nested struct fields as `outer.inner`, array elements as `element` or
/// the element's field) and sets *strong to 0 when the word holds no strong reference (a weak,
/// unowned or unowned(unsafe) reference, or plain data, anywhere inside struct, enum and tuple
/// fields, array elements and boxed values whose metadata is readable).
const char *cl_field_at(const void *metadata, const unsigned char *bytes, uint32_t copied, uint32_t offset, int *strong);
/// Bytes of a copied object worth scanning: an array storage's initialised elements only (its
/// spare capacity may hold stale pointers), otherwise all of `copied`.
uint32_t cl_scan_limit(const void *metadata, const unsigned char *bytes, uint32_t copied);
/// For closure contexts: 0 when an edge to an object whose class metadata is `target`
/// is held by an unowned/weak capture only.
int cl_capture_is_strong(const void *contextMetadata, const void *targetMetadata);

// world_stop.c
/// Stops every other thread (each waits in a signal handler, its registers saved on its stack).
/// Returns 0 when some thread could not be stopped; call `cl_world_resume` either way.
int cl_world_stop(void);
void cl_world_resume(void);

// roots.c
/// Sorts copies by address without allocating.
void cl_sort_copies(cl_copy *copies, size_t count);
/// Sets each (sorted) copy's `roots`: words pointing into it in every writable mapping except
/// the objects, the `excluded` ranges and the calling thread's stack below `caller->stackFrom`,
/// plus the caller's registers. Returns 0 when the memory map could not be read. Allocates
/// nothing with malloc.
int cl_count_root_references(cl_copy *copies, size_t count, const cl_range *excluded, size_t excludedCount,
                             const cl_caller_roots *caller);

// heap_graph.c
/// `cyclelint_graph_create` for a caller whose roots an entry point captured.
cyclelint_graph *cl_graph_create(const cl_caller_roots *caller);

// hook.c
extern void *(*cl_original_alloc)(const void *, size_t, size_t);
const char *cl_swift_core_path(void);

// elf_symbols.c
/// Looks up local or global symbols in a shared object's `.symtab` on disk.
/// Returns the number of names found; `values` get the link-time addresses (0 when missing).
int cl_elf_lookup(const char *path, const char *const *names, uintptr_t *values, int count);

#endif
