// Builds the strong-reference graph of a snapshot: a conservative scan of every copied object's
// payload for (masked, possibly interior) pointers to other live objects, skipping the words its
// field layout (field_layout.c) says hold no strong reference and weak and unowned captures,
// with field and capture names on the edges.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// x86_64: Swift's spare bits are the top 4 and low 3; user space ends below 2^47.
#define POINTER_MASK 0x00007FFFFFFFFFF8ULL

typedef struct { const void *metadata; char *name; int toolchainClass; } cl_name_entry;
typedef struct { cl_name_entry *entries; size_t capacity; size_t count; char **extra; size_t extraCount; } cl_names;

/// The object's type name, and in `*toolchainClass` whether its class comes from a toolchain
/// library (both cached per metadata).
static const char *name_for(cl_names *names, const cl_copy *copy, int *toolchainClass) {
    uint32_t kind = cl_metadata_kind(copy->entry.metadata);
    *toolchainClass = 0;
    if (kind == 0x501) {   // error boxes are named by their payload type: not cacheable per metadata
        char *name = cl_type_name(copy->entry.metadata, copy->bytes, copy->copied);
        names->extra = realloc(names->extra, (names->extraCount + 1) * sizeof(char *));
        names->extra[names->extraCount++] = name;
        return name ? name : "";
    }
    if (names->count * 2 >= names->capacity) {
        size_t capacity = names->capacity ? names->capacity * 2 : 256;
        cl_name_entry *entries = calloc(capacity, sizeof(cl_name_entry));
        for (size_t i = 0; i < names->capacity; i++) {
            if (!names->entries[i].metadata) continue;
            size_t slot = ((uintptr_t)names->entries[i].metadata >> 3) & (capacity - 1);
            while (entries[slot].metadata) slot = (slot + 1) & (capacity - 1);
            entries[slot] = names->entries[i];
        }
        free(names->entries);
        names->entries = entries;
        names->capacity = capacity;
    }
    size_t slot = ((uintptr_t)copy->entry.metadata >> 3) & (names->capacity - 1);
    while (names->entries[slot].metadata && names->entries[slot].metadata != copy->entry.metadata)
        slot = (slot + 1) & (names->capacity - 1);
    if (!names->entries[slot].metadata) {
        names->entries[slot].metadata = copy->entry.metadata;
        names->entries[slot].name = cl_type_name(copy->entry.metadata, copy->bytes, copy->copied);
        names->entries[slot].toolchainClass = cl_class_is_from_toolchain_library(copy->entry.metadata);
        names->count++;
    }
    *toolchainClass = names->entries[slot].toolchainClass;
    return names->entries[slot].name ? names->entries[slot].name : "";
}

/// Index of the object containing `address`, or -1.
static long find_object(const cl_copy *copies, size_t count, uintptr_t address) {
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (copies[mid].entry.address <= address) low = mid + 1; else high = mid;
    }
    if (low == 0) return -1;
    const cl_entry *entry = &copies[low - 1].entry;
    return address < entry->address + entry->size ? (long)(low - 1) : -1;
}

__attribute__((noinline)) cyclelint_graph *cyclelint_graph_create(void) {
    // First, before this function uses them: the caller's callee-saved registers (a reference
    // may live only there) and where its frames begin.
    cl_caller_roots caller;
    CL_CAPTURE_CALLER_ROOTS(&caller);
    return cl_graph_create(&caller);
}

cyclelint_graph *cl_graph_create(const cl_caller_roots *caller) {
    if (!cyclelint_tracker_is_active()) return NULL;
    cl_copy *copies;
    unsigned char *storage;
    int rootsScanned;
    size_t count = cl_table_snapshot(&copies, &storage, &rootsScanned, caller);   // sorted by address
    cyclelint_graph *graph = calloc(1, sizeof *graph);
    cl_names *names = calloc(1, sizeof *names);
    graph->names = names;
    graph->rootsScanned = rootsScanned;
    if (count == 0) { cl_snapshot_free(copies, 0, storage); return graph; }
    graph->objects = calloc(count, sizeof(cyclelint_object));
    graph->objectCount = count;
    size_t edgeCapacity = count * 2 + 16;
    graph->edges = malloc(edgeCapacity * sizeof(cyclelint_edge));
    for (size_t i = 0; i < count; i++) {
        const cl_copy *copy = &copies[i];
        cyclelint_object *object = &graph->objects[i];
        object->address = copy->entry.address;
        object->size = copy->entry.size;
        object->strong = copy->strong;
        object->roots = copy->roots;
        object->sequence = copy->entry.sequence;
        object->site = copy->entry.site;
        object->kind = cl_metadata_kind(copy->entry.metadata);
        int toolchainClass;
        object->type = name_for(names, copy, &toolchainClass);
        object->toolchainClass = (uint32_t)toolchainClass;
        object->firstEdge = (uint32_t)graph->edgeCount;
        uint32_t limit = cl_scan_limit(copy->entry.metadata, copy->bytes, copy->copied);
        for (uint32_t offset = 16; offset + 8 <= limit; offset += 8) {
            uintptr_t value;
            memcpy(&value, copy->bytes + offset, sizeof value);
            value &= POINTER_MASK;
            if (value < 4096) continue;
            long target = find_object(copies, count, value);
            if (target < 0) continue;
            if ((size_t)target == i && value != object->address) continue;  // pointer into itself
            const char *via = "";
            if (object->kind == 0 || object->kind == 0x400 || object->kind == 0x500) {
                int strong;
                via = cl_field_at(copy->entry.metadata, copy->bytes, copy->copied, offset, &strong);
                if (!strong) continue;
            }
            if (object->kind == 0x400) {
                if (!cl_capture_is_strong(copy->entry.metadata, copies[target].entry.metadata)) continue;
                via = "capture";
            }
            if (graph->edgeCount == edgeCapacity) {
                edgeCapacity *= 2;
                graph->edges = realloc(graph->edges, edgeCapacity * sizeof(cyclelint_edge));
            }
            graph->edges[graph->edgeCount++] = (cyclelint_edge){(uint32_t)i, (uint32_t)target, offset, via};
        }
        object->edgeCount = (uint32_t)(graph->edgeCount - object->firstEdge);
    }
    cl_snapshot_free(copies, count, storage);
    return graph;
}

void cyclelint_graph_destroy(cyclelint_graph *graph) {
    if (!graph) return;
    cl_names *names = graph->names;
    if (names) {
        for (size_t i = 0; i < names->capacity; i++) free(names->entries[i].name);
        for (size_t i = 0; i < names->extraCount; i++) free(names->extra[i]);
        free(names->entries);
        free(names->extra);
        free(names);
    }
    free(graph->objects);
    free(graph->edges);
    free(graph);
}

/// Writes `text` with tabs and newlines replaced, so that a field never breaks the line format.
static void put_clean(FILE *file, const char *text) {
    for (; text && *text; text++) fputc(*text == '\t' || *text == '\n' ? ' ' : *text, file);
}

void cyclelint_write_graph(int fd, const cyclelint_graph *graph) {
    int copy = dup(fd);
    FILE *file = copy >= 0 ? fdopen(copy, "w") : NULL;
    if (!file) return;
    if (graph && graph->rootsScanned) fputs("roots-scanned\n", file);
    for (size_t i = 0; graph && i < graph->objectCount; i++) {
        const cyclelint_object *o = &graph->objects[i];
        fprintf(file, "object %zu %lx %lu %lu %lu %x %u %u %u\t", i, (unsigned long)o->address, (unsigned long)o->size,
                (unsigned long)o->strong, (unsigned long)o->sequence, o->kind, o->site, o->roots, o->toolchainClass);
        put_clean(file, o->type);
        fputc('\n', file);
    }
    for (size_t i = 0; graph && i < graph->edgeCount; i++) {
        const cyclelint_edge *e = &graph->edges[i];
        fprintf(file, "edge %u %u %u\t", e->from, e->to, e->offset);
        put_clean(file, e->via);
        fputc('\n', file);
    }
    fclose(file);
}
#endif
