// Stops every other thread of the process for the length of a snapshot, the way a conservative
// garbage collector does: each thread gets a signal whose handler acknowledges and waits. The
// kernel saves the thread's registers in the signal frame on its stack, so a reference that lives
// only in a register of another thread is in memory the root scan reads, and nothing moves while
// objects, counts and roots are read. No malloc or free between stop and resume (a stopped
// thread may hold the allocator's lock).
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 8192
#define ACK_TIMEOUT_NS 1000000000L

static int stop_signal;                 // 0: not chosen yet, -1: none free
static _Atomic int stop_requested;
static _Atomic int stop_generation;     // futex word the stopped threads wait on
static _Atomic int acked_count;
static pid_t acked[MAX_THREADS];
static pid_t signalled[MAX_THREADS];
static size_t signalled_count;

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

static void on_stop_signal(int signal, siginfo_t *info, void *context) {
    (void)signal; (void)info; (void)context;
    int saved = errno;
    if (atomic_load(&stop_requested)) {
        int generation = atomic_load(&stop_generation);
        int slot = atomic_fetch_add(&acked_count, 1);
        if (slot < MAX_THREADS) acked[slot] = current_tid();
        while (atomic_load(&stop_requested) && atomic_load(&stop_generation) == generation)
            syscall(SYS_futex, &stop_generation, FUTEX_WAIT_PRIVATE, generation, NULL, NULL, 0);
    }
    errno = saved;
}

/// Installs the handler on the first signal the program leaves at its default. SIGPROF first:
/// libdispatch's worker threads block every signal except the synchronous ones and SIGPROF (and
/// the Swift runtime uses SIGPROF only inside its crash handler); then SIGSYS, SIGPWR and
/// real-time signals from the top. It stays installed: a late signal must never meet the
/// default action, which would end the process.
static int choose_signal(void) {
    if (stop_signal > 0) {
        struct sigaction current;
        // The program may have taken the signal over since: then choose another.
        if (sigaction(stop_signal, NULL, &current) == 0 && (current.sa_flags & SA_SIGINFO)
            && current.sa_sigaction == on_stop_signal) return 1;
        stop_signal = 0;
    }
    if (stop_signal != 0) return 0;
    int candidates[40], count = 0;
    candidates[count++] = SIGPROF;
    candidates[count++] = SIGSYS;
    candidates[count++] = SIGPWR;
    for (int s = SIGRTMAX - 1; s >= SIGRTMIN + 4 && count < 40; s--) candidates[count++] = s;
    for (int i = 0; i < count; i++) {
        struct sigaction old;
        if (sigaction(candidates[i], NULL, &old) != 0) continue;
        if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = on_stop_signal;
        action.sa_flags = SA_SIGINFO | SA_RESTART;
        sigfillset(&action.sa_mask);
        if (sigaction(candidates[i], &action, NULL) == 0) { stop_signal = candidates[i]; return 1; }
    }
    stop_signal = -1;
    return 0;
}

static int was_signalled(pid_t tid) {
    for (size_t i = 0; i < signalled_count; i++) if (signalled[i] == tid) return 1;
    return 0;
}

static int has_acked(pid_t tid) {
    int count = atomic_load(&acked_count);
    for (int i = 0; i < count && i < MAX_THREADS; i++) if (acked[i] == tid) return 1;
    return 0;
}

/// Signals every thread listed in /proc/self/task that was not signalled yet. Returns the number
/// newly signalled, or -1 when the list cannot be read or is too long.
static int signal_new_threads(pid_t self) {
    int directory = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0) return -1;
    char buffer[4096];
    int added = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, directory, buffer, sizeof buffer);
        if (got < 0) { added = -1; break; }
        if (got == 0) break;
        for (long offset = 0; offset < got;) {
            struct { unsigned long long inode; long long next; unsigned short length; unsigned char type; char name[]; } *entry =
                (void *)(buffer + offset);
            offset += entry->length;
            if (entry->name[0] < '0' || entry->name[0] > '9') continue;
            pid_t tid = 0;
            for (const char *c = entry->name; *c >= '0' && *c <= '9'; c++) tid = tid * 10 + (*c - '0');
            if (tid == self || was_signalled(tid)) continue;
            if (signalled_count == MAX_THREADS) { close(directory); return -1; }
            if (syscall(SYS_tgkill, getpid(), tid, stop_signal) != 0) continue;   // already gone
            signalled[signalled_count++] = tid;
            added++;
        }
    }
    close(directory);
    return added;
}

static long now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000L + now.tv_nsec;
}

/// Waits until every signalled thread acknowledged or is gone. 0 on timeout.
static int wait_for_acks(void) {
    long deadline = now_ns() + ACK_TIMEOUT_NS;
    for (;;) {
        int all = 1;
        for (size_t i = 0; i < signalled_count && all; i++) {
            if (has_acked(signalled[i])) continue;
            if (syscall(SYS_tgkill, getpid(), signalled[i], 0) != 0 && errno == ESRCH) continue;   // exited
            all = 0;
        }
        if (all) return 1;
        if (now_ns() > deadline) return 0;
        struct timespec pause = {0, 50000};
        nanosleep(&pause, NULL);
    }
}

int cl_world_stop(void) {
    pid_t self = current_tid();
    signalled_count = 0;
    atomic_store(&acked_count, 0);
    if (!choose_signal()) return 0;
    atomic_store(&stop_requested, 1);
    // Threads started while the first ones were being stopped are signalled in a second round.
    for (int round = 0; round < 4; round++) {
        int added = signal_new_threads(self);
        if (added < 0) return 0;
        if (!wait_for_acks()) return 0;
        if (added == 0) return 1;
    }
    return 0;
}

void cl_world_resume(void) {
    atomic_store(&stop_requested, 0);
    atomic_fetch_add(&stop_generation, 1);
    syscall(SYS_futex, &stop_generation, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
}
#endif
