// Reads Swift runtime metadata: kinds, type names (swift_getTypeName), mangled names' reference
// ownership, and closure capture ownership (capture descriptors). Field layouts: field_layout.c.
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

const void *cl_relative(const void *field) {
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
size_t cl_mangled_length(const unsigned char *name) {
    size_t i = 0;
    while (name[i]) {
        if (name[i] >= 0x01 && name[i] <= 0x17) i += 5;
        else if (name[i] >= 0x18 && name[i] <= 0x1F) i += 9;
        else i++;
    }
    return i;
}

/// 0 for weak (Xw), unowned (Xo) and unowned(unsafe) (Xu) references; 1 otherwise.
int cl_mangled_is_strong(const unsigned char *name) {
    if (!name) return 1;
    size_t length = cl_mangled_length(name);
    if (length >= 2 && name[length - 2] == 'X' &&
        (name[length - 1] == 'w' || name[length - 1] == 'o' || name[length - 1] == 'u'))
        return 0;
    return 1;
}

/// The context descriptor a mangled name starts with (symbolic reference), or NULL.
static const void *mangled_descriptor(const unsigned char *name) {
    if (!name) return NULL;
    if (name[0] == 0x01) return cl_relative(name + 1);
    if (name[0] == 0x02) {
        const void *const *indirect = cl_relative(name + 1);
        return indirect ? *indirect : NULL;
    }
    return NULL;
}

const uint32_t *cl_class_descriptor(const void *metadata) {
    if (!metadata || cl_metadata_kind(metadata) != 0) return NULL;
    const uint32_t *descriptor = *(const uint32_t *const *)((const char *)metadata + CLASS_DESCRIPTION_OFFSET);
    if (!descriptor || (descriptor[0] & 0x1F) != CONTEXT_KIND_CLASS) return NULL;
    return descriptor;
}

int cl_descriptor_is_from_toolchain_library(const void *descriptor) {
    Dl_info info;
    if (!descriptor || !dladdr(descriptor, &info) || !info.dli_fname) return 0;
    const char *name = strrchr(info.dli_fname, '/');
    name = name ? name + 1 : info.dli_fname;
    static const char *const libraries[] = {"libswift", "libFoundation", "libdispatch", "libXCTest", "libTesting", "lib_Testing"};
    for (size_t i = 0; i < sizeof libraries / sizeof libraries[0]; i++)
        if (strncmp(name, libraries[i], strlen(libraries[i])) == 0) return 1;
    return 0;
}

int cl_class_is_from_toolchain_library(const void *metadata) {
    return cl_descriptor_is_from_toolchain_library(cl_class_descriptor(metadata));
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
        const uint32_t *targetDescriptor = cl_class_descriptor(target);
        if (!targetDescriptor) break;
        for (uint32_t i = 0; i < numCaptures && i < 256; i++) {
            const unsigned char *name = cl_relative(&captures[3 + i]);
            if (mangled_descriptor(name) != targetDescriptor) continue;
            if (cl_mangled_is_strong(name)) strongMatch = 1; else weakMatch = 1;
        }
        if (strongMatch || weakMatch) break;
    }
    return strongMatch || !weakMatch;
}
#endif
