// The preloaded session used by `cyclelint trace`: when CYCLELINT_TRACE_OUT names a file, the
// constructor installs the hook, a thread writes per-site usage every CYCLELINT_SNAPSHOT_EVERY
// seconds, and an exit handler writes the final heap graph, the sites and their symbols.
// The report format is line-based text, described in docs/runtime.md.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int report_fd = -1;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static double snapshot_every;
static _Atomic int session_finished;
static struct timespec session_start;

static double elapsed(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - session_start.tv_sec) + (double)(now.tv_nsec - session_start.tv_nsec) / 1e9;
}

static void put(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(report_fd, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

/// Writes live objects and bytes per site, counted from the live table with allocation paused.
static void write_site_usage(void) {
    char line[128];
    uint32_t count = cyclelint_site_count();
    uint64_t *counts = calloc(count + 1, sizeof(uint64_t)), *bytes = calloc(count + 1, sizeof(uint64_t));
    if (counts && bytes) {
        cl_table_site_usage(count, counts, bytes);
        for (uint32_t site = 1; site <= count; site++) {
            if (counts[site] == 0) continue;
            snprintf(line, sizeof line, "usage %u %lu %lu\n", site, (unsigned long)counts[site], (unsigned long)bytes[site]);
            put(line);
        }
    }
    free(counts);
    free(bytes);
}

static void *periodic_snapshots(void *unused) {
    (void)unused;
    struct timespec pause = {(time_t)snapshot_every, (long)((snapshot_every - (double)(time_t)snapshot_every) * 1e9)};
    while (!atomic_load(&session_finished)) {
        nanosleep(&pause, NULL);
        pthread_mutex_lock(&report_lock);
        if (!atomic_load(&session_finished)) {
            char line[96];
            snprintf(line, sizeof line, "snapshot %.3f %lu\n", elapsed(), (unsigned long)cyclelint_tracker_live_count());
            put(line);
            write_site_usage();
            put("end-snapshot\n");
        }
        pthread_mutex_unlock(&report_lock);
    }
    return NULL;
}

/// Writes every frame of every site once, with its module, offset and dynamic symbol if any.
static void write_sites(void) {
    char line[1024];
    uint32_t count = cyclelint_site_count();
    for (uint32_t site = 1; site <= count; site++) {
        uintptr_t frames[CL_MAX_FRAMES];
        int depth = cyclelint_site_frames(site, frames, CL_MAX_FRAMES);
        int used = snprintf(line, sizeof line, "site %u", site);
        for (int i = 0; i < depth && used < (int)sizeof line - 20; i++)
            used += snprintf(line + used, sizeof line - (size_t)used, " %lx", (unsigned long)frames[i]);
        snprintf(line + used, sizeof line - (size_t)used, "\n");
        put(line);
        for (int i = 0; i < depth; i++) {
            Dl_info info;
            // A return address points after the call: look up the byte before it.
            if (!dladdr((void *)(frames[i] - 1), &info) || !info.dli_fname) continue;
            snprintf(line, sizeof line, "frame %lx\t%s\t%lx\t%s\n", (unsigned long)frames[i], info.dli_fname,
                     (unsigned long)(frames[i] - (uintptr_t)info.dli_fbase), info.dli_sname ? info.dli_sname : "");
            put(line);
        }
    }
}

/// Writes the name of every class or box type allocated while recording, one `allocated` line each.
static void write_allocated_type(const void *metadata, void *context) {
    (void)context;
    uint32_t kind = cl_metadata_kind(metadata);
    if (kind != 0 && kind != 0x500) return;   // closure contexts and error boxes are named by content
    char *name = cl_type_name(metadata, NULL, 0);
    if (!name) return;
    for (char *c = name; *c; c++) if (*c == '\n' || *c == '\t') *c = ' ';
    put("allocated\t");
    put(name);
    put("\n");
    free(name);
}

/// Writes the final report. `caller`: the roots of the thread that ended the program, captured
/// where it entered the tracker (the tracker's own frames, with buffers of stale stack bytes,
/// are not roots).
static void finish_session_because(const char *reason, const cl_caller_roots *caller) {
    if (atomic_exchange(&session_finished, 1)) return;
    pthread_mutex_lock(&report_lock);
    char line[96];
    if (reason) { put("stopped "); put(reason); put("\n"); }
    snprintf(line, sizeof line, "final %.3f %lu\n", elapsed(), (unsigned long)cyclelint_tracker_live_count());
    put(line);
    cyclelint_graph *graph = cl_graph_create(caller);
    cyclelint_write_graph(report_fd, graph);
    cyclelint_graph_destroy(graph);
    put("end-final\n");   // per-site usage at exit is derived from the graph's objects
    cl_each_noted_type(write_allocated_type, NULL);
    write_sites();
    put("end\n");
    close(report_fd);
    report_fd = -1;
    pthread_mutex_unlock(&report_lock);
}

static __attribute__((noinline)) void finish_session(void) {
    cl_caller_roots caller;
    CL_CAPTURE_CALLER_ROOTS(&caller);
    finish_session_because(NULL, &caller);
}

/// A forked child that does not exec must not write into its parent's report at its exit.
static void forget_session_in_child(void) {
    atomic_store(&session_finished, 1);
    if (report_fd >= 0) close(report_fd);
    report_fd = -1;
}

// --- a crash or a termination request still writes the heap as it is, then dies as it would ---
// CYCLELINT_CATCH_SIGNALS=1: every fatal signal (`verify`); =term: SIGTERM only (`trace --timeout`).
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGTERM};
#define FATAL_SIGNAL_COUNT (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction previous_actions[FATAL_SIGNAL_COUNT];

// The handler only hands the signal to a watcher thread, which writes the heap: a SIGTERM can
// arrive while the interrupted thread holds a table lock in the allocation hook, so that thread
// must go on (the handler returns) for the snapshot to be taken. A fault cannot go on: its thread
// waits until the heap is written, then dies of the same signal.
static int signal_pipe[2] = {-1, -1};   // handler → watcher: the signal's number
static int done_pipe[2] = {-1, -1};     // watcher → a faulting thread: the heap is written

static void restore_and_raise(int signal) {
    for (size_t i = 0; i < FATAL_SIGNAL_COUNT; i++)
        if (fatal_signals[i] == signal) sigaction(signal, &previous_actions[i], NULL);
    raise(signal);
}

static void fatal_signal(int signal) {
    unsigned char number = (unsigned char)signal;
    if (atomic_load(&session_finished) || signal_pipe[1] < 0 || write(signal_pipe[1], &number, 1) != 1) {
        restore_and_raise(signal);
        return;
    }
    if (signal == SIGTERM) return;
    char done;
    while (read(done_pipe[0], &done, 1) < 0 && errno == EINTR) {}
    restore_and_raise(signal);
}

static __attribute__((noinline)) void *watch_signals(void *unused) {
    (void)unused;
    cl_caller_roots caller;   // this thread holds nothing of the program's
    CL_CAPTURE_CALLER_ROOTS(&caller);
    unsigned char number = 0;
    ssize_t got;
    while ((got = read(signal_pipe[0], &number, 1)) < 0 && errno == EINTR) {}
    if (got != 1) return NULL;
    // If writing deadlocks (the process died inside malloc or holding a table lock), the alarm
    // ends it.
    struct sigaction deflt;
    memset(&deflt, 0, sizeof deflt);
    deflt.sa_handler = SIG_DFL;
    sigaction(SIGALRM, &deflt, NULL);
    alarm(10);
    fflush(NULL);   // the program's own buffered output (a test runner's progress) is kept
    char reason[48];
    snprintf(reason, sizeof reason, "signal %d", number);
    finish_session_because(reason, &caller);
    char done = 1;
    if (write(done_pipe[1], &done, 1) != 1) {}
    if (number == SIGTERM) restore_and_raise(SIGTERM);
    return NULL;
}

/// Catches every fatal signal, or only SIGTERM (what a timeout sends) when `termOnly`.
static void catch_fatal_signals(int termOnly) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = fatal_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    if (pipe2(signal_pipe, O_CLOEXEC) != 0 || pipe2(done_pipe, O_CLOEXEC) != 0) return;
    pthread_t thread;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    int started = pthread_create(&thread, &attributes, watch_signals, NULL) == 0;
    pthread_attr_destroy(&attributes);
    if (!started) return;
    // A parent may have started the program with these signals blocked (a test harness does):
    // unblocked, so that they reach the handler.
    sigset_t caught;
    sigemptyset(&caught);
    for (size_t i = 0; i < FATAL_SIGNAL_COUNT; i++) {
        if (termOnly && fatal_signals[i] != SIGTERM) continue;
        sigaction(fatal_signals[i], &action, &previous_actions[i]);
        sigaddset(&caught, fatal_signals[i]);
    }
    pthread_sigmask(SIG_UNBLOCK, &caught, NULL);
}

/// Removes the tracker from LD_PRELOAD so that programs the traced one starts are not traced.
static void scrub_environment(void) {
    const char *preload = getenv("LD_PRELOAD");
    if (preload) {
        char kept[4096] = "";
        char *copy = strdup(preload), *save = NULL;
        for (char *item = strtok_r(copy, ": ", &save); item; item = strtok_r(NULL, ": ", &save)) {
            if (strstr(item, "CycleLintTracker")) continue;
            if (kept[0]) strncat(kept, ":", sizeof kept - strlen(kept) - 1);
            strncat(kept, item, sizeof kept - strlen(kept) - 1);
        }
        free(copy);
        if (kept[0]) setenv("LD_PRELOAD", kept, 1); else unsetenv("LD_PRELOAD");
    }
    unsetenv("CYCLELINT_TRACE_OUT");
    unsetenv("CYCLELINT_SNAPSHOT_EVERY");
    unsetenv("CYCLELINT_BACKTRACES");
    unsetenv("CYCLELINT_CATCH_SIGNALS");
}

__attribute__((constructor)) static void start_session(void) {
    const char *path = getenv("CYCLELINT_TRACE_OUT");
    if (!path || !*path) return;
    report_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const char *every = getenv("CYCLELINT_SNAPSHOT_EVERY");
    const char *backtraces = getenv("CYCLELINT_BACKTRACES");
    snapshot_every = every ? atof(every) : 0;
    int wantBacktraces = !backtraces || strcmp(backtraces, "0") != 0;
    const char *catching = getenv("CYCLELINT_CATCH_SIGNALS");
    int catchSignals = catching && strcmp(catching, "1") == 0;
    int catchTerm = catching && strcmp(catching, "term") == 0;
    scrub_environment();
    if (report_fd < 0) return;
    clock_gettime(CLOCK_MONOTONIC, &session_start);
    char line[160];
    snprintf(line, sizeof line, "cyclelint-trace 1\npid %d\n", (int)getpid());
    put(line);
    if (!cyclelint_tracker_install()) {
        put("inactive ");
        put(cyclelint_tracker_error());
        put("\nend\n");
        close(report_fd);
        report_fd = -1;
        return;
    }
    cyclelint_tracker_set_backtraces(wantBacktraces);
    cyclelint_tracker_begin_recording();   // for the whole life of the program
    put("active\n");
    atexit(finish_session);
    pthread_atfork(NULL, NULL, forget_session_in_child);
    if (catchSignals) {
        // Line-buffered, so that what the program printed before it hung is written.
        setvbuf(stdout, NULL, _IOLBF, 0);
        catch_fatal_signals(0);
    } else if (catchTerm) {
        catch_fatal_signals(1);
    }
    if (snapshot_every > 0) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_create(&thread, &attributes, periodic_snapshots, NULL);
        pthread_attr_destroy(&attributes);
    }
}
#endif
