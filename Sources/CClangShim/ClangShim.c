#include "CClangShim.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESOLVE(field, symbol)                                                         \
    do {                                                                               \
        *(void **)&api->field = dlsym(handle, symbol);                                 \
        if (api->field == NULL) {                                                      \
            snprintf(error, errorSize, "%s has no symbol %s", path, symbol);           \
            free(api);                                                                 \
            dlclose(handle);                                                           \
            return NULL;                                                               \
        }                                                                              \
    } while (0)

const CLClangAPI *cl_load(const char *path, char *error, size_t errorSize) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, errorSize, "%s", reason ? reason : "dlopen failed");
        return NULL;
    }
    CLClangAPI *api = calloc(1, sizeof(CLClangAPI));
    if (api == NULL) {
        snprintf(error, errorSize, "out of memory");
        dlclose(handle);
        return NULL;
    }
    RESOLVE(createIndex, "clang_createIndex");
    RESOLVE(disposeIndex, "clang_disposeIndex");
    RESOLVE(parseTranslationUnit2, "clang_parseTranslationUnit2");
    RESOLVE(disposeTranslationUnit, "clang_disposeTranslationUnit");
    RESOLVE(getTranslationUnitCursor, "clang_getTranslationUnitCursor");
    RESOLVE(getNumDiagnostics, "clang_getNumDiagnostics");
    RESOLVE(getDiagnostic, "clang_getDiagnostic");
    RESOLVE(getDiagnosticSeverity, "clang_getDiagnosticSeverity");
    RESOLVE(getDiagnosticSpelling, "clang_getDiagnosticSpelling");
    RESOLVE(getDiagnosticLocation, "clang_getDiagnosticLocation");
    RESOLVE(disposeDiagnostic, "clang_disposeDiagnostic");
    RESOLVE(getCString, "clang_getCString");
    RESOLVE(disposeString, "clang_disposeString");
    RESOLVE(getClangVersion, "clang_getClangVersion");
    RESOLVE(getCursorKind, "clang_getCursorKind");
    RESOLVE(getCursorSpelling, "clang_getCursorSpelling");
    RESOLVE(getCursorType, "clang_getCursorType");
    RESOLVE(getCursorReferenced, "clang_getCursorReferenced");
    RESOLVE(getCursorSemanticParent, "clang_getCursorSemanticParent");
    RESOLVE(getCursorLocation, "clang_getCursorLocation");
    RESOLVE(getCursorExtent, "clang_getCursorExtent");
    RESOLVE(getRangeStart, "clang_getRangeStart");
    RESOLVE(getRangeEnd, "clang_getRangeEnd");
    RESOLVE(getExpansionLocation, "clang_getExpansionLocation");
    RESOLVE(getFileName, "clang_getFileName");
    RESOLVE(locationIsFromMainFile, "clang_Location_isFromMainFile");
    RESOLVE(equalCursors, "clang_equalCursors");
    RESOLVE(getObjCPropertyAttributes, "clang_Cursor_getObjCPropertyAttributes");
    RESOLVE(getTypeSpelling, "clang_getTypeSpelling");
    RESOLVE(getCanonicalType, "clang_getCanonicalType");
    RESOLVE(getPointeeType, "clang_getPointeeType");
    RESOLVE(getResultType, "clang_getResultType");
    RESOLVE(getNumArgTypes, "clang_getNumArgTypes");
    RESOLVE(getArgType, "clang_getArgType");
    RESOLVE(getTypedefDeclUnderlyingType, "clang_getTypedefDeclUnderlyingType");
    RESOLVE(getTypeDeclaration, "clang_getTypeDeclaration");
    RESOLVE(visitChildren, "clang_visitChildren");
    return api;
}

typedef struct {
    CLCursor *items;
    unsigned count;
    unsigned capacity;
} ChildList;

enum { VisitBreak = 0, VisitContinue = 1 };

static int collect(CLCursor cursor, CLCursor parent, void *data) {
    (void)parent;
    ChildList *list = data;
    if (list->count == list->capacity) {
        unsigned capacity = list->capacity ? list->capacity * 2 : 8;
        CLCursor *grown = realloc(list->items, capacity * sizeof(CLCursor));
        if (grown == NULL) return VisitBreak;
        list->items = grown;
        list->capacity = capacity;
    }
    list->items[list->count++] = cursor;
    return VisitContinue;
}

CLCursor *cl_children(const CLClangAPI *api, CLCursor parent, unsigned *count) {
    ChildList list = {NULL, 0, 0};
    api->visitChildren(parent, collect, &list);
    *count = list.count;
    return list.items;
}
