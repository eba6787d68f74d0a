// Reads Swift runtime metadata: kinds, type names (swift_getTypeName), class field names and
// ownership (field descriptors), and closure capture ownership (capture descriptors).
// Layouts are those of the Swift 6 ABI on Linux (no Objective-C interop).
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *data; size_t length; } cl_type_name_pair;
typedef cl_type_name_pair (*cl_get_type_name_fn)(const void *, _Bool) __attribute__((swiftcall));

enum { CLASS_DESCRIPTION_OFFSET = 40, CONTEXT_KIND_CLASS = 16 };

uint32_t cl_metadata_kind(const void *metadata) {
    uintptr_t word = *(const uintptr_t *)metadata;
    return word > 0x7FF ? 0 : (uint32_t)word;
}

static const void *relative(const void *field) {
    int32_t offset = *(const int32_t *)field;
    return offset ? (const char *)field + offset : NULL;
}

static char *copy_name(const void *metadata) {
    static cl_get_type_name_fn getTypeName;
    if (!getTypeName) getTypeName = (cl_get_type_name_fn)dlsym(RTLD_DEFAULT, "swift_getTypeName");
    if (!getTypeName || !metadata) return NULL;
    cl_type_name_pair pair = getTypeName(metadata, 0);
    if (!pair.data) return NULL;
    return strndup(pair.data, pair.length);
}

char *cl_type_name(const void *metadata, const unsigned char *object, uint32_t copied) {
    uint32_t kind = cl_metadata_kind(metadata);
    char *inner = NULL, *result = NULL;
    switch (kind) {
    case 0: return copy_name(metadata);
    case 0x400: return strdup("");
    case 0x500:  // GenericBoxHeapMetadata { kind; unsigned Offset; const Metadata *BoxedType; }
        inner = copy_name(((const void *const *)metadata)[2]);
        if (asprintf(&result, "Box<%s>", inner ? inner : "?") < 0) result = NULL;
        break;
    case 0x501:  // SwiftError { HeapObject; const Metadata *type; ... }
        if (copied >= 24) inner = copy_name(*(const void *const *)(object + 16));
        if (asprintf(&result, "Error<%s>", inner ? inner : "?") < 0) result = NULL;
        break;
    case 0x502: return strdup("Task");
    default:
        if (asprintf(&result, "HeapObject(kind 0x%x)", kind) < 0) result = NULL;
    }
    free(inner);
    return result;
}

// --- mangled names: ownership of a field or capture type ---

/// Length of a mangled name, stepping over symbolic references (which may contain zero bytes).
static size_t mangled_length(const unsigned char *name) {
    size_t i = 0;
    while (name[i]) {
        if (name[i] >= 0x01 && name[i] <= 0x17) i += 5;
        else if (name[i] >= 0x18 && name[i] <= 0x1F) i += 9;
        else i++;
    }
    return i;
}

/// 0 for weak (Xw), unowned (Xo) and unowned(unsafe) (Xu) references; 1 otherwise.
static int mangled_is_strong(const unsigned char *name) {
    if (!name) return 1;
    size_t length = mangled_length(name);
    if (length >= 2 && name[length - 2] == 'X' &&
        (name[length - 1] == 'w' || name[length - 1] == 'o' || name[length - 1] == 'u'))
        return 0;
    return 1;
}

/// The context descriptor a mangled name starts with (symbolic reference), or NULL.
static const void *mangled_descriptor(const unsigned char *name) {
    if (!name) return NULL;
    if (name[0] == 0x01) return relative(name + 1);
    if (name[0] == 0x02) {
        const void *const *indirect = relative(name + 1);
        return indirect ? *indirect : NULL;
    }
    return NULL;
}

static const uint32_t *class_descriptor(const void *metadata) {
    if (!metadata || cl_metadata_kind(metadata) != 0) return NULL;
    const uint32_t *descriptor = *(const uint32_t *const *)((const char *)metadata + CLASS_DESCRIPTION_OFFSET);
    if (!descriptor || (descriptor[0] & 0x1F) != CONTEXT_KIND_CLASS) return NULL;
    return descriptor;
}

int cl_class_is_from_toolchain_library(const void *metadata) {
    const uint32_t *descriptor = class_descriptor(metadata);
    Dl_info info;
    if (!descriptor || !dladdr(descriptor, &info) || !info.dli_fname) return 0;
    const char *name = strrchr(info.dli_fname, '/');
    name = name ? name + 1 : info.dli_fname;
    static const char *const libraries[] = {"libswift", "libFoundation", "libdispatch", "libXCTest", "libTesting", "lib_Testing"};
    for (size_t i = 0; i < sizeof libraries / sizeof libraries[0]; i++)
        if (strncmp(name, libraries[i], strlen(libraries[i])) == 0) return 1;
    return 0;
}

// --- class fields ---

typedef struct { uint32_t offset; int strong; const char *name; } cl_field;

// --- field types: a field of a trivial (POD) type, such as `Int`, holds no reference ---

typedef const void *(*cl_type_by_name_fn)(const char *, size_t, const void *, const void *const *) __attribute__((swiftcall));

enum { CONTEXT_IS_GENERIC = 0x80, VALUE_WITNESS_NON_POD = 0x10000 };

/// 1 when the field's type (mangled, in a non-generic class `descriptor`) is known to be
/// trivial: plain bits, no references (the runtime's value witness flags say so). An integer
/// field that happens to equal an object's address, like a dictionary storage's hashing seed
/// (seeded with the storage's own address), is then not taken for a reference.
static int field_type_is_trivial(const uint32_t *descriptor, const unsigned char *mangled) {
    if (!mangled || (descriptor[0] & CONTEXT_IS_GENERIC)) return 0;
    static cl_type_by_name_fn typeByName;
    if (!typeByName) typeByName = (cl_type_by_name_fn)dlsym(RTLD_DEFAULT, "swift_getTypeByMangledNameInContext");
    if (!typeByName) return 0;
    const void *type = typeByName((const char *)mangled, mangled_length(mangled), descriptor, NULL);
    if (!type) return 0;
    uintptr_t kind = *(const uintptr_t *)type;
    if (kind == 0 || kind > 0x7FF) return 0;   // classes: references
    const unsigned char *witnesses = ((const unsigned char *const *)type)[-1];
    if (!witnesses) return 0;
    uint32_t flags;
    memcpy(&flags, witnesses + 8 * sizeof(void *) + 2 * sizeof(size_t), sizeof flags);
    return (flags & VALUE_WITNESS_NON_POD) == 0;
}
typedef struct cl_field_list {
    const void *metadata;
    uint32_t count;
    cl_field *fields;   // sorted by offset
    struct cl_field_list *next;
} cl_field_list;

#define FIELD_BUCKETS 1024
static cl_field_list *field_cache[FIELD_BUCKETS];
static pthread_mutex_t field_lock = PTHREAD_MUTEX_INITIALIZER;

static int compare_fields(const void *a, const void *b) {
    uint32_t x = ((const cl_field *)a)->offset, y = ((const cl_field *)b)->offset;
    return x < y ? -1 : x > y;
}

static cl_field_list *build_fields(const void *metadata) {
    cl_field_list *list = calloc(1, sizeof *list);
    list->metadata = metadata;
    size_t capacity = 0;
    const void *current = metadata;
    for (int depth = 0; current && depth < 32; depth++) {
        const uint32_t *descriptor = class_descriptor(current);
        if (!descriptor) break;
        uint32_t kindFlags = descriptor[0] >> 16;
        int resilientSuperclass = (kindFlags & (1u << 13)) != 0;
        const uint32_t *fieldDescriptor = relative(&descriptor[4]);
        uint32_t numFields = descriptor[9], vectorOffset = descriptor[10];
        if (fieldDescriptor && !resilientSuperclass && numFields) {
            uint16_t recordSize = ((const uint16_t *)fieldDescriptor)[5];
            uint32_t records = fieldDescriptor[3];
            const unsigned char *record = (const unsigned char *)(fieldDescriptor + 4);
            const uintptr_t *offsets = (const uintptr_t *)current + vectorOffset;
            for (uint32_t i = 0; i < records && i < numFields; i++, record += recordSize) {
                if (list->count == capacity) {
                    capacity = capacity ? capacity * 2 : 8;
                    list->fields = realloc(list->fields, capacity * sizeof(cl_field));
                }
                cl_field *field = &list->fields[list->count++];
                field->offset = (uint32_t)offsets[i];
                const unsigned char *mangled = relative(record + 4);
                field->strong = mangled_is_strong(mangled) && !field_type_is_trivial(descriptor, mangled);
                const char *name = relative(record + 8);
                field->name = name ? name : "";
            }
        }
        current = ((const void *const *)current)[1];   // superclass
    }
    if (list->count) qsort(list->fields, list->count, sizeof(cl_field), compare_fields);
    return list;
}

static cl_field_list *fields_of(const void *metadata) {
    size_t bucket = ((uintptr_t)metadata >> 4) % FIELD_BUCKETS;
    pthread_mutex_lock(&field_lock);
    cl_field_list *list = field_cache[bucket];
    while (list && list->metadata != metadata) list = list->next;
    if (!list) {
        list = build_fields(metadata);
        list->next = field_cache[bucket];
        field_cache[bucket] = list;
    }
    pthread_mutex_unlock(&field_lock);
    return list;
}

const char *cl_field_at(const void *metadata, uint32_t offset, int *strong) {
    *strong = 1;
    if (cl_metadata_kind(metadata) != 0) return "";
    // Past the declared instance size are tail-allocated elements (array and buffer storage).
    uint32_t instanceSize = *(const uint32_t *)((const char *)metadata + 24);
    if (class_descriptor(metadata) && instanceSize >= 16 && offset >= instanceSize) return "element";
    cl_field_list *list = fields_of(metadata);
    const cl_field *match = NULL;
    for (uint32_t i = 0; i < list->count && list->fields[i].offset <= offset; i++) match = &list->fields[i];
    if (!match) return "";
    *strong = match->strong;
    return match->name;
}

// --- closure captures ---

int cl_capture_is_strong(const void *contextMetadata, const void *targetMetadata) {
    if (cl_metadata_kind(contextMetadata) != 0x400) return 1;
    // HeapLocalVariableMetadata { kind; uint32_t OffsetToFirstCapture; const CaptureDescriptor *CaptureDescription; }
    const uint32_t *captures = ((const uint32_t *const *)contextMetadata)[2];
    if (!captures) return 1;
    uint32_t numCaptures = captures[0];
    int strongMatch = 0, weakMatch = 0;
    for (const void *target = targetMetadata; target; target = ((const void *const *)target)[1]) {
        const uint32_t *targetDescriptor = class_descriptor(target);
        if (!targetDescriptor) break;
        for (uint32_t i = 0; i < numCaptures && i < 256; i++) {
            const unsigned char *name = relative(&captures[3 + i]);
            if (mangled_descriptor(name) != targetDescriptor) continue;
            if (mangled_is_strong(name)) strongMatch = 1; else weakMatch = 1;
        }
        if (strongMatch || weakMatch) break;
    }
    return strongMatch || !weakMatch;
}
#endif
