// Where an object's strong references can be: a layout of its words from the Swift field
// metadata. A class's stored fields (and its superclasses'), followed into struct, tuple and
// single-payload enum fields (Optional among them) down to their leaves, each leaf marked strong
// or not by its type (plain data and weak, unowned or unowned(unsafe) references hold nothing
// strongly); an array storage's elements by the element type's layout; a box's value by the boxed
// type's; a closure context's captures by their types. A word whose type cannot be read stays a possible strong reference (the conservative
// scan). Layouts are built once per metadata and cached.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

enum {
    KIND_CLASS = 0, KIND_STRUCT = 0x200, KIND_ENUM = 0x201, KIND_OPTIONAL = 0x202, KIND_TUPLE = 0x301,
    KIND_EXISTENTIAL = 0x303, KIND_HEAP_LOCAL_VARIABLE = 0x400, KIND_GENERIC_BOX = 0x500,
    CONTEXT_KIND_STRUCT = 17, CONTEXT_KIND_ENUM = 18, CONTEXT_IS_GENERIC = 0x80,
    VALUE_WITNESS_NON_POD = 0x10000, VALUE_WITNESS_NON_INLINE = 0x20000, VALUE_WITNESS_ALIGNMENT_MASK = 0xFF,
    /// ExistentialTypeFlags: set for a container that is not class-bound; the special protocol (Error).
    EXISTENTIAL_OPAQUE = 0x80000000u, EXISTENTIAL_SPECIAL_PROTOCOL = 0x3F000000u,
    /// An opaque existential container: a 3-word value buffer, then the dynamic type's metadata.
    EXISTENTIAL_BUFFER = 3 * sizeof(void *),
    FIELD_RECORD_IS_INDIRECT_CASE = 0x1,
    MAX_NESTING = 12,
    /// A class instance's header (metadata pointer and reference counts).
    HEAP_OBJECT_HEADER = 16,
    /// Array storage: header, `count`, `capacityAndFlags`; elements follow.
    ARRAY_COUNT_OFFSET = 16,
};
static const uint32_t UNKNOWN_EXTENT = UINT32_MAX;

/// A run of bytes [offset, offset + size) with one ownership. `size` UNKNOWN_EXTENT: up to the
/// next entry.
/// An opaque existential (`Any`, `any P`) is `existential`: its dynamic type, stored in the
/// container, says what its inline buffer holds.
typedef struct { uint32_t offset, size; int strong, existential; const char *name; } cl_field;
typedef struct { cl_field *fields; uint32_t count, capacity; } cl_layout;

static void add_field(cl_layout *layout, uint32_t offset, uint32_t size, int strong, const char *name) {
    if (layout->count == layout->capacity) {
        layout->capacity = layout->capacity ? layout->capacity * 2 : 8;
        layout->fields = realloc(layout->fields, layout->capacity * sizeof(cl_field));
    }
    layout->fields[layout->count++] = (cl_field){offset, size, strong, 0, name ? name : ""};
}

static int compare_fields(const void *a, const void *b) {
    uint32_t x = ((const cl_field *)a)->offset, y = ((const cl_field *)b)->offset;
    return x < y ? -1 : x > y;
}

/// The entry covering `offset` (the last one starting at or before it), or NULL.
static const cl_field *field_covering(const cl_layout *layout, uint32_t offset) {
    uint32_t low = 0, high = layout->count;
    while (low < high) {
        uint32_t mid = (low + high) / 2;
        if (layout->fields[mid].offset <= offset) low = mid + 1; else high = mid;
    }
    return low ? &layout->fields[low - 1] : NULL;
}

// --- value witnesses: size, stride, alignment, whether a type is plain data ---

static const unsigned char *witnesses(const void *type) { return ((const unsigned char *const *)type)[-1]; }
static size_t type_size(const void *type) { size_t v; memcpy(&v, witnesses(type) + 8 * sizeof(void *), sizeof v); return v; }
static size_t type_stride(const void *type) { size_t v; memcpy(&v, witnesses(type) + 9 * sizeof(void *), sizeof v); return v; }
static uint32_t type_flags(const void *type) { uint32_t v; memcpy(&v, witnesses(type) + 10 * sizeof(void *), sizeof v); return v; }

static uintptr_t kind_word(const void *type) { return *(const uintptr_t *)type; }

/// 1 for a value type the runtime says is plain bits (no references): an `Int` that equals an
/// object's address, like a dictionary storage's hashing seed, is then not taken for a reference.
static int type_is_plain_data(const void *type) {
    uintptr_t kind = kind_word(type);
    if (kind == KIND_CLASS || kind > 0x7FF || !witnesses(type)) return 0;
    return (type_flags(type) & VALUE_WITNESS_NON_POD) == 0;
}

typedef const void *(*cl_type_by_name_fn)(const char *, size_t, const void *, const void *const *) __attribute__((swiftcall));

/// The metadata a field's mangled type names in `context` with its generic `arguments`, or NULL.
static const void *resolve_type(const unsigned char *mangled, const void *context, const void *const *arguments) {
    static cl_type_by_name_fn typeByName;
    if (!typeByName) typeByName = (cl_type_by_name_fn)dlsym(RTLD_DEFAULT, "swift_getTypeByMangledNameInContext");
    if (!typeByName || !mangled) return NULL;
    const uint32_t *descriptor = context;
    if (descriptor && (descriptor[0] & CONTEXT_IS_GENERIC) && !arguments) return NULL;
    const void *type = typeByName((const char *)mangled, cl_mangled_length(mangled), context, arguments);
    // Some imported types (a DispatchWorkItem's block) come without value witnesses: unknown.
    return type && witnesses(type) ? type : NULL;
}

/// `outer.inner`, or `outer` alone when the field belongs to a toolchain type (the standard
/// library's `Array._buffer._storage` is just the user's `children`).
static const char *nested_name(const char *outer, const char *inner, int named) {
    if (!named || !inner || !*inner) return outer;
    if (!outer || !*outer) return inner;
    char *joined;
    return asprintf(&joined, "%s.%s", outer, inner) < 0 ? outer : joined;
}

static void add_value(cl_layout *layout, const void *type, uint32_t base, const char *name, int depth);

/// Records of a nominal type descriptor's field descriptor: count, size and first record.
static const unsigned char *field_records(const uint32_t *descriptor, uint32_t *count, uint16_t *recordSize) {
    const uint32_t *fieldDescriptor = cl_relative(&descriptor[4]);
    if (!fieldDescriptor) return NULL;
    *recordSize = ((const uint16_t *)fieldDescriptor)[5];
    *count = fieldDescriptor[3];
    return (const unsigned char *)(fieldDescriptor + 4);
}

/// One stored field (a class's or a struct's) at `offset`: a reference-storage leaf, or its
/// type's layout.
static void add_stored_field(cl_layout *layout, const unsigned char *record, const uint32_t *context,
                             const void *const *arguments, uint32_t offset, const char *name, int depth) {
    const unsigned char *mangled = cl_relative(record + 4);
    const void *type = resolve_type(mangled, context, arguments);
    if (!cl_mangled_is_strong(mangled)) {
        // weak / unowned / unowned(unsafe): the referent type's size is the storage's
        add_field(layout, offset, type ? (uint32_t)type_size(type) : (uint32_t)sizeof(void *), 0, name);
        return;
    }
    if (!type) { add_field(layout, offset, UNKNOWN_EXTENT, 1, name); return; }
    if (type_size(type) == 0) return;
    add_value(layout, type, offset, name, depth);
}

static int add_struct(cl_layout *layout, const void *type, uint32_t base, const char *name, int depth) {
    const uint32_t *descriptor = ((const void *const *)type)[1];
    if (!descriptor || (descriptor[0] & 0x1F) != CONTEXT_KIND_STRUCT) return 0;
    uint32_t numFields = descriptor[5], vectorOffset = descriptor[6], records;
    uint16_t recordSize;
    const unsigned char *record = field_records(descriptor, &records, &recordSize);
    if (!record || !numFields || !vectorOffset || records < numFields) return 0;
    const uint32_t *offsets = (const uint32_t *)((const void *const *)type + vectorOffset);
    const void *const *arguments = (const void *const *)type + 2;   // value metadata: kind, description, arguments
    int named = !cl_descriptor_is_from_toolchain_library(descriptor);
    for (uint32_t i = 0; i < numFields; i++, record += recordSize)
        add_stored_field(layout, record, descriptor, arguments, base + offsets[i],
                         nested_name(name, cl_relative(record + 8), named), depth + 1);
    return 1;
}

/// An enum with exactly one payload case (Optional, `Result`-like enums with one payload, …)
/// keeps its payload at offset 0; several payloads overlap and are left to the word scan.
static int add_enum_payload(cl_layout *layout, const void *type, uint32_t base, const char *name, int depth) {
    const uint32_t *descriptor = ((const void *const *)type)[1];
    if (!descriptor || (descriptor[0] & 0x1F) != CONTEXT_KIND_ENUM || (descriptor[5] & 0xFFFFFF) != 1) return 0;
    uint32_t records;
    uint16_t recordSize;
    const unsigned char *record = field_records(descriptor, &records, &recordSize);
    if (!record || !records) return 0;
    uint32_t flags;
    memcpy(&flags, record, sizeof flags);
    if (flags & FIELD_RECORD_IS_INDIRECT_CASE) return 0;   // the payload is a box reference
    const unsigned char *mangled = cl_relative(record + 4);
    if (!cl_mangled_is_strong(mangled)) return 0;
    const void *payload = resolve_type(mangled, descriptor, (const void *const *)type + 2);
    if (!payload) return 0;
    if (type_size(payload) > 0) add_value(layout, payload, base, name, depth + 1);
    return 1;
}

/// TupleTypeMetadata { kind; size_t count; const char *labels; { const Metadata *type; size_t offset; } elements[]; }
static int add_tuple(cl_layout *layout, const void *type, uint32_t base, const char *name, int depth) {
    const uintptr_t *words = type;
    size_t count = words[1];
    for (size_t i = 0; i < count; i++) {
        const void *element = (const void *)words[3 + 2 * i];
        uint32_t offset = (uint32_t)words[4 + 2 * i];
        if (!element || !witnesses(element)) { add_field(layout, base + offset, UNKNOWN_EXTENT, 1, name); continue; }
        if (type_size(element) > 0) add_value(layout, element, base + offset, name, depth + 1);
    }
    return 1;
}

/// The layout of a value of `type` stored at `base`.
static void add_value(cl_layout *layout, const void *type, uint32_t base, const char *name, int depth) {
    uint32_t size = (uint32_t)type_size(type);
    if (type_is_plain_data(type)) { add_field(layout, base, size, 0, name); return; }
    if (depth < MAX_NESTING) {
        uintptr_t kind = kind_word(type);
        if (kind == KIND_STRUCT && add_struct(layout, type, base, name, depth)) return;
        if ((kind == KIND_ENUM || kind == KIND_OPTIONAL) && add_enum_payload(layout, type, base, name, depth)) return;
        if (kind == KIND_TUPLE && add_tuple(layout, type, base, name, depth)) return;
    }
    if (kind_word(type) == KIND_EXISTENTIAL) {
        // ExistentialTypeMetadata { kind; uint32_t flags; uint32_t numProtocols; … }
        uint32_t flags = *(const uint32_t *)((const char *)type + 8);
        if ((flags & EXISTENTIAL_OPAQUE) && !(flags & EXISTENTIAL_SPECIAL_PROTOCOL) && size >= EXISTENTIAL_BUFFER + 8) {
            add_field(layout, base, size, 1, name);
            layout->fields[layout->count - 1].existential = 1;
            return;
        }
        if (size > sizeof(void *)) {   // class-bound or Error: one reference, then witness tables
            add_field(layout, base, sizeof(void *), 1, name);
            add_field(layout, base + sizeof(void *), size - sizeof(void *), 0, name);
            return;
        }
    }
    add_field(layout, base, size, 1, name);   // a class reference, an existential, a closure, …
}

// --- per-metadata layouts ---

typedef struct cl_object_layout {
    const void *metadata;
    cl_layout fields;
    /// Tail-allocated elements (array storage): where they start, their stride and layout.
    int hasElements;
    uint32_t elementStart, elementStride;
    cl_layout elements;
    struct cl_object_layout *next;
} cl_object_layout;

/// Generic arguments of a class metadata level, NULL when it has none or they cannot be found.
static const void *const *class_arguments(const void *metadata, const uint32_t *descriptor) {
    if (!(descriptor[0] & CONTEXT_IS_GENERIC)) return NULL;
    int32_t offset = (int32_t)descriptor[7] - (int32_t)descriptor[8];   // positive size - immediate members
    return offset > 0 ? (const void *const *)metadata + offset : NULL;
}

static void add_class_fields(cl_object_layout *layout, const void *metadata) {
    const void *current = metadata;
    for (int depth = 0; current && depth < 32; depth++) {
        const uint32_t *descriptor = cl_class_descriptor(current);
        if (!descriptor) break;
        int resilientSuperclass = ((descriptor[0] >> 16) & (1u << 13)) != 0;
        uint32_t numFields = descriptor[9], vectorOffset = descriptor[10], records;
        uint16_t recordSize;
        const unsigned char *record = field_records(descriptor, &records, &recordSize);
        if (record && !resilientSuperclass && numFields) {
            const uintptr_t *offsets = (const uintptr_t *)current + vectorOffset;
            const void *const *arguments = class_arguments(current, descriptor);
            for (uint32_t i = 0; i < records && i < numFields; i++, record += recordSize) {
                const char *name = cl_relative(record + 8);
                add_stored_field(&layout->fields, record, descriptor, arguments, (uint32_t)offsets[i], name ? name : "", 0);
            }
        }
        current = ((const void *const *)current)[1];   // superclass
    }
}

/// `_ContiguousArrayStorage<Element>`, the storage of every Swift array: its elements' type.
static const void *array_element_type(const void *metadata) {
    const uint32_t *descriptor = cl_class_descriptor(metadata);
    if (!descriptor || !(descriptor[0] & CONTEXT_IS_GENERIC)) return NULL;
    const char *name = cl_relative(&descriptor[2]);
    if (!name || strcmp(name, "_ContiguousArrayStorage") != 0 || !cl_descriptor_is_from_toolchain_library(descriptor)) return NULL;
    const void *const *arguments = class_arguments(metadata, descriptor);
    return arguments ? arguments[0] : NULL;
}

/// A closure context's or a fixed-layout box's captured values, laid out in the order of its
/// capture descriptor, each at its type's alignment (as the reflection library reads them).
/// Contexts with generic bindings, and captures whose type cannot be resolved (a box reference,
/// a generic parameter), end the layout there: the rest is scanned as words.
static void add_captures(cl_layout *layout, const void *metadata) {
    // HeapLocalVariableMetadata { kind; uint32_t OffsetToFirstCapture; const CaptureDescriptor *CaptureDescription; }
    // CaptureDescriptor { uint32_t NumCaptureTypes, NumMetadataSources, NumBindings; int32_t CaptureTypes[]; … }
    uint32_t offset = *(const uint32_t *)((const char *)metadata + 8);
    const uint32_t *captures = ((const void *const *)metadata)[2];
    if (!captures || captures[1] || captures[2]) return;
    for (uint32_t i = 0; i < captures[0] && i < 256; i++) {
        const unsigned char *mangled = cl_relative(&captures[3 + i]);
        const void *type = mangled ? resolve_type(mangled, NULL, NULL) : NULL;
        if (!type) { add_field(layout, offset, UNKNOWN_EXTENT, 1, "capture"); return; }
        uint32_t alignMask = type_flags(type) & VALUE_WITNESS_ALIGNMENT_MASK;
        offset = (offset + alignMask) & ~alignMask;
        uint32_t size = (uint32_t)type_size(type);
        if (!cl_mangled_is_strong(mangled)) add_field(layout, offset, size, 0, "capture");
        else if (size > 0) add_value(layout, type, offset, "capture", 0);
        offset += size;
    }
}

static cl_object_layout *build_layout(const void *metadata) {
    cl_object_layout *layout = calloc(1, sizeof *layout);
    layout->metadata = metadata;
    uint32_t kind = cl_metadata_kind(metadata);
    if (kind == KIND_CLASS && cl_class_descriptor(metadata)) {
        add_class_fields(layout, metadata);
        const void *element = array_element_type(metadata);
        if (element && witnesses(element)) {
            uint32_t instanceSize = *(const uint32_t *)((const char *)metadata + 24);
            uint32_t alignMask = type_flags(element) & VALUE_WITNESS_ALIGNMENT_MASK;
            layout->hasElements = 1;
            layout->elementStart = (instanceSize + alignMask) & ~alignMask;
            layout->elementStride = (uint32_t)type_stride(element);
            if (type_size(element) > 0) add_value(&layout->elements, element, 0, "", 0);
        }
    } else if (kind >= KIND_STRUCT && kind < KIND_HEAP_LOCAL_VARIABLE) {
        if (type_size(metadata) > 0) add_value(&layout->fields, metadata, 0, "", 0);   // an existential's dynamic type
    } else if (kind == KIND_HEAP_LOCAL_VARIABLE) {
        add_captures(&layout->fields, metadata);
    } else if (kind == KIND_GENERIC_BOX) {
        // GenericBoxHeapMetadata { kind; unsigned Offset; const Metadata *BoxedType; }: a captured `var`
        uint32_t offset = *(const uint32_t *)((const char *)metadata + 8);
        const void *boxed = ((const void *const *)metadata)[2];
        if (boxed && witnesses(boxed) && type_size(boxed) > 0) add_value(&layout->fields, boxed, offset, "", 0);
    }
    if (layout->fields.count) qsort(layout->fields.fields, layout->fields.count, sizeof(cl_field), compare_fields);
    if (layout->elements.count) qsort(layout->elements.fields, layout->elements.count, sizeof(cl_field), compare_fields);
    return layout;
}

#define LAYOUT_BUCKETS 1024
static cl_object_layout *layout_cache[LAYOUT_BUCKETS];
static pthread_mutex_t layout_lock = PTHREAD_MUTEX_INITIALIZER;

static const cl_object_layout *layout_of(const void *metadata) {
    size_t bucket = ((uintptr_t)metadata >> 4) % LAYOUT_BUCKETS;
    pthread_mutex_lock(&layout_lock);
    cl_object_layout *layout = layout_cache[bucket];
    while (layout && layout->metadata != metadata) layout = layout->next;
    if (!layout) {
        layout = build_layout(metadata);
        layout->next = layout_cache[bucket];
        layout_cache[bucket] = layout;
    }
    pthread_mutex_unlock(&layout_lock);
    return layout;
}

/// Reads `length` bytes at `address` without faulting: 0 when they are not readable.
static int read_safely(uintptr_t address, void *buffer, size_t length) {
    struct iovec local = {buffer, length}, remote = {(void *)address, length};
    return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)length;
}

static const cl_object_layout *layout_of(const void *metadata);

/// Whether the word at `offset` inside an opaque existential container (at `base` in the copied
/// object) may be a strong reference: the buffer holds the dynamic type's value inline (its
/// layout decides) or a reference to a heap box; the type and witness-table words hold none.
static int existential_word_is_strong(const unsigned char *bytes, uint32_t copied, uint32_t base, uint32_t offset) {
    uint32_t relative = offset - base;
    if (relative >= EXISTENTIAL_BUFFER) return 0;
    if (base + EXISTENTIAL_BUFFER + 8 > copied) return 1;
    uintptr_t type, witnessTable;
    uint32_t flags;
    memcpy(&type, bytes + base + EXISTENTIAL_BUFFER, sizeof type);
    // An empty Optional<any P> keeps an extra inhabitant (a small value) in the type word.
    if (type < 4096 || !read_safely(type - sizeof(void *), &witnessTable, sizeof witnessTable) || !witnessTable
        || !read_safely(witnessTable + 10 * sizeof(void *), &flags, sizeof flags))
        return 1;
    if (flags & VALUE_WITNESS_NON_INLINE) return relative == 0;   // a reference to the value's box
    if (cl_metadata_kind((const void *)type) == KIND_CLASS) return relative == 0;   // the instance
    const cl_object_layout *inline_layout = layout_of((const void *)type);
    const cl_field *field = field_covering(&inline_layout->fields, relative);
    if (!field) return 0;   // a type with no stored words there
    if (field->existential) return 1;   // nested containers: left to the word scan
    return field->size == UNKNOWN_EXTENT || relative < field->offset + field->size ? field->strong : 0;
}

/// Ownership and name of the word at `offset` in `layout`, whose entries start at `base` in the
/// copied object; words outside every entry (padding, a superclass level whose fields cannot be
/// read) may be strong and keep the preceding name.
static const char *lookup(const cl_layout *layout, const unsigned char *bytes, uint32_t copied, uint32_t base,
                          uint32_t offset, int *strong) {
    const cl_field *field = field_covering(layout, offset - base);
    if (!field) return NULL;
    int inside = field->size == UNKNOWN_EXTENT || offset - base < field->offset + field->size;
    if (!inside) *strong = 1;
    else if (field->existential) *strong = existential_word_is_strong(bytes, copied, base + field->offset, offset);
    else *strong = field->strong;
    return field->name;
}

const char *cl_field_at(const void *metadata, const unsigned char *bytes, uint32_t copied, uint32_t offset, int *strong) {
    *strong = 1;
    uint32_t kind = cl_metadata_kind(metadata);
    if (kind != KIND_CLASS && kind != KIND_HEAP_LOCAL_VARIABLE && kind != KIND_GENERIC_BOX) return "";
    if (kind == KIND_CLASS && !cl_class_descriptor(metadata)) return "";
    const cl_object_layout *layout = layout_of(metadata);
    if (layout->hasElements && offset >= layout->elementStart) {
        if (!layout->elementStride) return "element";
        uint32_t element = layout->elementStart + (offset - layout->elementStart) / layout->elementStride * layout->elementStride;
        const char *name = lookup(&layout->elements, bytes, copied, element, offset, strong);
        return name && *name ? name : "element";
    }
    if (kind == KIND_CLASS) {
        // Past the declared instance size are tail-allocated elements (buffer storage).
        uint32_t instanceSize = *(const uint32_t *)((const char *)metadata + 24);
        if (instanceSize >= HEAP_OBJECT_HEADER && offset >= instanceSize) return "element";
    }
    const char *name = lookup(&layout->fields, bytes, copied, 0, offset, strong);
    return name ? name : "";
}

uint32_t cl_scan_limit(const void *metadata, const unsigned char *bytes, uint32_t copied) {
    if (cl_metadata_kind(metadata) != KIND_CLASS || !cl_class_descriptor(metadata)) return copied;
    const cl_object_layout *layout = layout_of(metadata);
    if (!layout->hasElements || copied < ARRAY_COUNT_OFFSET + 8) return copied;
    uint64_t count;
    memcpy(&count, bytes + ARRAY_COUNT_OFFSET, sizeof count);
    if (layout->elementStart > copied) return copied;
    uint64_t end = layout->elementStart + count * (uint64_t)layout->elementStride;
    return end < copied ? (uint32_t)end : copied;
}
#endif
