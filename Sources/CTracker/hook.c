// Installs the `swift_allocObject` hook, with the Swift 6.3 retain-adapter workaround and a canary.
//
// Replacing the exported hook slot `_swift_allocObject` makes the runtime turn on
// `_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly`, after which every
// `swift_retain` goes through the private slot `_swift_retain_adapter`. On 6.3 the default adapter
// (`_swift_retain_adapterImpl`) masks the pointer before its tagged-value check and crashes on small
// strings (swiftlang/swift#88924, fixed for 6.4). We point that slot at the default retain
// implementation (the value of `_swift_retain`), which checks before masking.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

typedef void *(*cl_alloc_fn)(const void *, size_t, size_t);
typedef void *(*cl_retain_fn)(void *);

void *(*cl_original_alloc)(const void *, size_t, size_t);

static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int install_state;  // 0 untried, 1 active, -1 refused
static char error_message[768];
static char core_path[512];

static __thread int thread_paused __attribute__((tls_model("initial-exec")));

void cyclelint_tracker_pause_this_thread(int paused) { thread_paused = paused; }

static void *hook_alloc(const void *metadata, size_t size, size_t alignMask) {
    void *object = cl_original_alloc(metadata, size, alignMask);
    if (object && atomic_load_explicit(&cl_recording, memory_order_relaxed) && !thread_paused) {
        uint32_t site = atomic_load_explicit(&cl_backtraces, memory_order_relaxed) ? cl_site_capture() : 0;
        cl_table_insert((uintptr_t)object, metadata, size, site);
        cl_note_type(metadata);
    }
    return object;
}

static int refuse(const char *format, const char *detail) {
    snprintf(error_message, sizeof error_message, format, detail ? detail : "");
    atomic_store(&install_state, -1);
    return 0;
}

const char *cl_swift_core_path(void) { return core_path[0] ? core_path : NULL; }

// --- a guard that turns a fault during the canary into an error instead of a crash ---
static sigjmp_buf canary_jump;
static volatile sig_atomic_t canary_armed;
static void canary_fault(int signal) {
    if (canary_armed) siglongjmp(canary_jump, signal);
    _exit(128 + signal);
}

/// Runs `retain`/`release` on a value shaped like a small string's bridge object: the default
/// implementations ignore it (negative as a pointer); the 6.3 adapter would dereference it.
static int canary_survives(void) {
    cl_retain_fn retain = (cl_retain_fn)dlsym(RTLD_DEFAULT, "swift_retain");
    cl_retain_fn release = (cl_retain_fn)dlsym(RTLD_DEFAULT, "swift_release");
    if (!retain || !release) return 0;
    struct sigaction action, oldSegv, oldBus;
    memset(&action, 0, sizeof action);
    action.sa_handler = canary_fault;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &action, &oldSegv);
    sigaction(SIGBUS, &action, &oldBus);
    int survived = 0;
    if (sigsetjmp(canary_jump, 1) == 0) {
        canary_armed = 1;
        void *smallString = (void *)(uintptr_t)0xE300000000636261ULL;  // "abc"
        retain(smallString);
        release(smallString);
        survived = 1;
    }
    canary_armed = 0;
    sigaction(SIGSEGV, &oldSegv, NULL);
    sigaction(SIGBUS, &oldBus, NULL);
    return survived;
}

static int has_symbol(const char *name) { return dlsym(RTLD_DEFAULT, name) != NULL; }

// --- does the program itself use the shared runtime? (the tracker library pulls it in anyway) ---
typedef struct { const char *self; int uses; } cl_needed_search;

static int find_core_users(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    cl_needed_search *search = context;
    if (search->self && info->dlpi_name && strcmp(info->dlpi_name, search->self) == 0) return 0;
    for (int p = 0; p < info->dlpi_phnum; p++) {
        if (info->dlpi_phdr[p].p_type != PT_DYNAMIC) continue;
        const ElfW(Dyn) *dynamic = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[p].p_vaddr);
        const char *strings = NULL;
        for (const ElfW(Dyn) *d = dynamic; d->d_tag != DT_NULL; d++)
            if (d->d_tag == DT_STRTAB) strings = (const char *)d->d_un.d_ptr;
        if (!strings) continue;
        // Some loaders leave DT_STRTAB unrelocated in the link map.
        if ((uintptr_t)strings < info->dlpi_addr) strings += info->dlpi_addr;
        for (const ElfW(Dyn) *d = dynamic; d->d_tag != DT_NULL; d++)
            if (d->d_tag == DT_NEEDED && strncmp(strings + d->d_un.d_val, "libswiftCore.so", 15) == 0) {
                search->uses = 1;
                return 1;
            }
    }
    return 0;
}

/// 1 when an object other than this tracker library links the shared Swift runtime.
static int program_uses_shared_runtime(void) {
    Dl_info self;
    cl_needed_search search = {NULL, 0};
    if (dladdr((void *)program_uses_shared_runtime, &self) && self.dli_fname) search.self = self.dli_fname;
    dl_iterate_phdr(find_core_users, &search);
    return search.uses;
}

static int install_locked(void) {
    void **allocSlot = (void **)dlsym(RTLD_DEFAULT, "_swift_allocObject");
    void **retainSlot = (void **)dlsym(RTLD_DEFAULT, "_swift_retain");
    unsigned char *swizzleFlag =
        (unsigned char *)dlsym(RTLD_DEFAULT, "_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly");
    if (!allocSlot || !retainSlot || !swizzleFlag) {
        if (has_symbol("swift_retain") || has_symbol("swift_allocObject"))
            return refuse("cyclelint tracker inactive: the Swift runtime in this process does not export the "
                          "allocation hook slots (_swift_allocObject, _swift_retain); a statically linked "
                          "stdlib (-static-stdlib / --static-swift-stdlib) cannot be traced%s", NULL);
        return refuse("cyclelint tracker inactive: no Swift runtime in this process (libswiftCore.so is not "
                      "loaded, or the program was linked with -static-stdlib)%s", NULL);
    }
    if (!program_uses_shared_runtime()) {
        static const char *const names[] = {"swift_retain"};
        uintptr_t value;
        if (cl_elf_lookup("/proc/self/exe", names, &value, 1) && value)
            return refuse("cyclelint tracker inactive: the Swift runtime is linked into the executable "
                          "(-static-stdlib / --static-swift-stdlib); rebuild it without a static stdlib to trace it%s", NULL);
        return refuse("cyclelint tracker inactive: this program does not use the shared Swift runtime "
                      "(libswiftCore.so): not a Swift program, or a stripped static-stdlib one%s", NULL);
    }
    Dl_info info;
    if (!dladdr((void *)allocSlot, &info) || !info.dli_fname)
        return refuse("cyclelint tracker inactive: cannot locate the library that defines _swift_allocObject%s", NULL);
    const char *name = strrchr(info.dli_fname, '/');
    name = name ? name + 1 : info.dli_fname;
    if (strncmp(name, "libswiftCore.so", 15) != 0)
        return refuse("cyclelint tracker inactive: the Swift runtime is linked into %s (static stdlib); "
                      "rebuild without -static-stdlib to trace it", info.dli_fname);
    snprintf(core_path, sizeof core_path, "%s", info.dli_fname);
    uintptr_t base = (uintptr_t)info.dli_fbase;

    Dl_info current;
    if (!dladdr(*allocSlot, &current) || current.dli_fbase != info.dli_fbase)
        return refuse("cyclelint tracker inactive: swift_allocObject is already hooked by another tool%s", NULL);

    if (!cl_free_is_ours())
        return refuse("cyclelint tracker inactive: free() in this process is not the tracker's (another "
                      "copy of the tracker, e.g. a binary linking CycleLintRuntime, or another allocator "
                      "shim comes first), so deallocations would be missed%s", NULL);

    // Which runtime is this? The stdlib exports one availability marker per release.
    int is64 = has_symbol("$sSo19_SwiftStdlibVersionasE6v6_4_0ABvpZMV");
    int is63 = has_symbol("$sSo19_SwiftStdlibVersionasE6v6_3_0ABvpZMV");
    if (!is63 && !is64)
        return refuse("cyclelint tracker inactive: unknown Swift runtime %s (older than 6.3): the "
                      "allocation hook has only been validated on 6.3 and later", info.dli_fname);

    void **adapterSlot = NULL;
    void *adapterOriginal = NULL;
    if (is63 && !is64) {
        static const char *const names[] = {
            "_ZL21_swift_retain_adapter",
            "_ZL25_swift_retain_adapterImplPN5swift10HeapObjectE",
        };
        uintptr_t values[2];
        cl_elf_lookup(info.dli_fname, names, values, 2);
        if (values[0] == 0 || values[1] == 0)
            return refuse("cyclelint tracker inactive: Swift 6.3 runtime %s lacks the symbols needed for the "
                          "retain-adapter workaround (_swift_retain_adapter in .symtab; stripped library?)",
                          info.dli_fname);
        adapterSlot = (void **)(base + values[0]);
        void *impl = (void *)(base + values[1]);
        if (*adapterSlot != impl && *adapterSlot != *retainSlot)
            return refuse("cyclelint tracker inactive: _swift_retain_adapter in %s has an unexpected value; "
                          "refusing to hook", info.dli_fname);
        Dl_info retainInfo;
        if (!dladdr(*retainSlot, &retainInfo) || retainInfo.dli_fbase != info.dli_fbase)
            return refuse("cyclelint tracker inactive: swift_retain is already hooked by another tool%s", NULL);
        adapterOriginal = *adapterSlot;
        *adapterSlot = *retainSlot;  // the default retain, which checks tagged values before masking
    }

    cl_original_alloc = (cl_alloc_fn)*allocSlot;
    unsigned char oldFlag = *swizzleFlag;
    atomic_store(&cl_tracking_frees, 1);
    __atomic_store_n(allocSlot, (void *)hook_alloc, __ATOMIC_RELEASE);
    *swizzleFlag = 1;  // what the runtime does itself on the next allocation
    if (!canary_survives()) {
        __atomic_store_n(allocSlot, (void *)cl_original_alloc, __ATOMIC_RELEASE);
        *swizzleFlag = oldFlag;
        if (adapterSlot) *adapterSlot = adapterOriginal;
        atomic_store(&cl_tracking_frees, 0);
        return refuse("cyclelint tracker inactive: the retain canary crashed with the hook installed on %s "
                      "(swiftlang/swift#88924); the hook was removed", info.dli_fname);
    }
    cl_table_prepare_for_fork();
    error_message[0] = 0;
    atomic_store(&install_state, 1);
    return 1;
}

int cyclelint_tracker_install(void) {
    int state = atomic_load(&install_state);
    if (state != 0) return state == 1;
    pthread_mutex_lock(&install_lock);
    int result = atomic_load(&install_state) == 0 ? install_locked() : atomic_load(&install_state) == 1;
    pthread_mutex_unlock(&install_lock);
    return result;
}

int cyclelint_tracker_is_active(void) { return atomic_load(&install_state) == 1; }

const char *cyclelint_tracker_error(void) {
    return atomic_load(&install_state) == -1 ? error_message : NULL;
}

static _Atomic int recording_depth;

void cyclelint_tracker_begin_recording(void) {
    if (atomic_fetch_add(&recording_depth, 1) == 0) atomic_store(&cl_recording, 1);
}

void cyclelint_tracker_end_recording(void) {
    if (atomic_fetch_sub(&recording_depth, 1) == 1) atomic_store(&cl_recording, 0);
}
#endif
