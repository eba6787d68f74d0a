// The few libclang C API types and functions cyclelint uses, declared here so that the
// package builds without clang-c headers; the library itself is loaded at run time
// (`cl_load`). Layouts follow clang-c/Index.h, which has kept them stable since LLVM 3.x.
#ifndef CCLANGSHIM_H
#define CCLANGSHIM_H

#include <stddef.h>

typedef void *CLIndex;
typedef void *CLTranslationUnit;
typedef void *CLFile;
typedef void *CLDiagnostic;

typedef struct { const void *data; unsigned private_flags; } CLString;
typedef struct { int kind; int xdata; const void *data[3]; } CLCursor;
typedef struct { int kind; void *data[2]; } CLType;
typedef struct { const void *ptr_data[2]; unsigned int_data; } CLSourceLocation;
typedef struct { const void *ptr_data[2]; unsigned begin_int_data; unsigned end_int_data; } CLSourceRange;
typedef struct { const char *Filename; const char *Contents; unsigned long Length; } CLUnsavedFile;

/// The libclang entry points, resolved with dlsym.
typedef struct {
    CLIndex (*createIndex)(int excludeDeclarationsFromPCH, int displayDiagnostics);
    void (*disposeIndex)(CLIndex);
    int (*parseTranslationUnit2)(CLIndex, const char *path, const char *const *args, int argCount,
                                 CLUnsavedFile *unsaved, unsigned unsavedCount, unsigned options,
                                 CLTranslationUnit *out);
    void (*disposeTranslationUnit)(CLTranslationUnit);
    CLCursor (*getTranslationUnitCursor)(CLTranslationUnit);
    unsigned (*getNumDiagnostics)(CLTranslationUnit);
    CLDiagnostic (*getDiagnostic)(CLTranslationUnit, unsigned);
    int (*getDiagnosticSeverity)(CLDiagnostic);
    CLString (*getDiagnosticSpelling)(CLDiagnostic);
    CLSourceLocation (*getDiagnosticLocation)(CLDiagnostic);
    void (*disposeDiagnostic)(CLDiagnostic);
    const char *(*getCString)(CLString);
    void (*disposeString)(CLString);
    CLString (*getClangVersion)(void);
    int (*getCursorKind)(CLCursor);
    CLString (*getCursorSpelling)(CLCursor);
    CLType (*getCursorType)(CLCursor);
    CLCursor (*getCursorReferenced)(CLCursor);
    CLCursor (*getCursorSemanticParent)(CLCursor);
    CLSourceLocation (*getCursorLocation)(CLCursor);
    CLSourceRange (*getCursorExtent)(CLCursor);
    CLSourceLocation (*getRangeStart)(CLSourceRange);
    CLSourceLocation (*getRangeEnd)(CLSourceRange);
    void (*getExpansionLocation)(CLSourceLocation, CLFile *, unsigned *line, unsigned *column, unsigned *offset);
    CLString (*getFileName)(CLFile);
    int (*locationIsFromMainFile)(CLSourceLocation);
    unsigned (*equalCursors)(CLCursor, CLCursor);
    unsigned (*getObjCPropertyAttributes)(CLCursor, unsigned reserved);
    CLString (*getTypeSpelling)(CLType);
    CLType (*getCanonicalType)(CLType);
    CLType (*getPointeeType)(CLType);
    CLType (*getResultType)(CLType);
    int (*getNumArgTypes)(CLType);
    CLType (*getArgType)(CLType, unsigned);
    CLType (*getTypedefDeclUnderlyingType)(CLCursor);
    CLCursor (*getTypeDeclaration)(CLType);
    unsigned (*visitChildren)(CLCursor, int (*visitor)(CLCursor, CLCursor, void *), void *data);
} CLClangAPI;

/// Loads libclang from `path` and resolves every entry point. Returns NULL, with a reason in
/// `error`, when the library cannot be opened or lacks a symbol. The table lives for the process.
const CLClangAPI *cl_load(const char *path, char *error, size_t errorSize);

/// The direct children of `parent`, in order, in a malloc'ed array the caller frees; their
/// number in `count`.
CLCursor *cl_children(const CLClangAPI *api, CLCursor parent, unsigned *count);

#endif
