#ifndef CTRACKER_H
#define CTRACKER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Installs the `swift_allocObject` hook in this process (idempotent). Returns 1 when the
/// tracker is active, 0 when it refused; `cyclelint_tracker_error()` then says why.
int cyclelint_tracker_install(void);

/// 1 when the allocation hook is installed.
int cyclelint_tracker_is_active(void);

/// Opens a recording window (nestable): new objects are recorded until the matching end.
/// Frees are tracked whenever the hook is installed, so recorded objects never go stale.
void cyclelint_tracker_begin_recording(void);
void cyclelint_tracker_end_recording(void);

/// While on, allocations of the calling thread are not recorded: a snapshot's own arrays (which
/// hold every object's address) must not become tracked objects that reference a concurrent
/// snapshot's garbage.
void cyclelint_tracker_pause_this_thread(int paused);

/// Why the tracker is not active (static string, or a message kept for the process lifetime);
/// NULL when it is active or was never asked to install.
const char *cyclelint_tracker_error(void);

/// Records a frame-pointer backtrace (allocation site) for every tracked object when on.
void cyclelint_tracker_set_backtraces(int on);

/// The sequence number the next tracked allocation will get (allocations are numbered from 1).
uint64_t cyclelint_tracker_next_sequence(void);

/// How many tracked objects are alive now.
uint64_t cyclelint_tracker_live_count(void);

/// One live Swift heap object in a heap graph.
typedef struct {
    uintptr_t address;
    uint64_t size;
    /// Strong reference count (inline or from the side table); 0 while deiniting.
    uint64_t strong;
    /// Allocation sequence number.
    uint64_t sequence;
    /// Metadata kind: 0 class, 0x400 closure context / fixed box, 0x500 generic box, 0x501 error box,
    /// 0x502 task.
    uint32_t kind;
    /// Allocation site id (0: unknown or backtraces off).
    uint32_t site;
    /// Words in the process's roots (writable memory outside tracked objects, thread stacks and
    /// registers) that point into it; meaningful when the graph's `rootsScanned` is 1.
    uint32_t roots;
    /// 1 when its class is defined in a toolchain library (stdlib, Foundation, Dispatch, XCTest,
    /// Swift Testing): such an object's unbalanced retain is the library's, not the program's.
    uint32_t toolchainClass;
    /// Type name ("" for closure contexts, which are named from what they capture).
    const char *type;
    /// Edges of this object: `edges[firstEdge ..< firstEdge + edgeCount]`.
    uint32_t firstEdge;
    uint32_t edgeCount;
} cyclelint_object;

/// A strong reference from one object's payload to another live object.
typedef struct {
    uint32_t from;
    uint32_t to;
    /// Byte offset in the source object where the reference was found.
    uint32_t offset;
    /// Field or capture name when known (class field name, "capture", ...), else "".
    const char *via;
} cyclelint_edge;

/// A snapshot of the live tracked heap with its strong-reference graph.
typedef struct {
    cyclelint_object *objects;
    size_t objectCount;
    cyclelint_edge *edges;
    size_t edgeCount;
    /// 1 when every root was read (all other threads stopped, the memory map readable).
    int rootsScanned;
    /// Opaque storage for names.
    void *names;
} cyclelint_graph;

/// Takes a snapshot (allocation paused while the live set and object contents are copied), then
/// builds the reference graph outside the locks. Returns NULL when the tracker is inactive.
cyclelint_graph *cyclelint_graph_create(void);

/// Releases a graph from `cyclelint_graph_create`.
void cyclelint_graph_destroy(cyclelint_graph *graph);

/// Frames of an allocation site (innermost first). Returns the number written to `frames`.
int cyclelint_site_frames(uint32_t site, uintptr_t *frames, int capacity);

/// Live objects and bytes currently attributed to a site.
void cyclelint_site_usage(uint32_t site, uint64_t *count, uint64_t *bytes);

/// Number of allocation sites recorded so far (site ids are 1 ... count).
uint32_t cyclelint_site_count(void);

/// Writes the trace report format (see docs/runtime.md) for a graph to `fd`.
void cyclelint_write_graph(int fd, const cyclelint_graph *graph);

#ifdef __cplusplus
}
#endif
#endif
