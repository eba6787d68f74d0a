// Counts, for each object of a snapshot, the words in the process's roots that point into it:
// every writable mapping (modules' data and bss, the C heap, anonymous memory, other threads'
// whole stacks with the registers their stop signal saved there, thread-local storage) except the
// tracked objects themselves (their words are the heap graph's edges), the tracker's own tables
// and snapshot buffers, and the current thread's stack below its stack pointer. Pointers are
// masked and may point inside an object, as in heap_graph.c. Stale words can only add references
// (hide a leak), never remove one. Runs while the world is stopped: no malloc or free here.
#if defined(__linux__) && defined(__x86_64__)   // see unsupported.c for other platforms
#define _GNU_SOURCE
#include "CTracker.h"
#include "internal.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define POINTER_MASK 0x00007FFFFFFFFFF8ULL
#define MAPS_CAPACITY (8u << 20)            // bytes of /proc/self/maps text read at most
#define PAGE 4096ULL

typedef struct {
    cl_copy *copies;
    size_t count;
    uintptr_t lowest, highest;              // objects span [lowest, highest)
} cl_root_scan;

static void swap_copies(cl_copy *a, cl_copy *b) { cl_copy t = *a; *a = *b; *b = t; }

/// Quicksort by address (median of three, insertion sort for short runs, recursion on the
/// smaller side only): qsort may allocate, which a stopped world forbids.
void cl_sort_copies(cl_copy *copies, size_t count) {
    while (count > 16) {
        size_t mid = count / 2, last = count - 1;
        if (copies[mid].entry.address < copies[0].entry.address) swap_copies(&copies[mid], &copies[0]);
        if (copies[last].entry.address < copies[0].entry.address) swap_copies(&copies[last], &copies[0]);
        if (copies[last].entry.address < copies[mid].entry.address) swap_copies(&copies[last], &copies[mid]);
        uintptr_t pivot = copies[mid].entry.address;
        size_t i = 0, j = last;
        for (;;) {   // Hoare partition: [0, j] <= pivot <= [j + 1, count)
            while (copies[i].entry.address < pivot) i++;
            while (copies[j].entry.address > pivot) j--;
            if (i >= j) break;
            swap_copies(&copies[i++], &copies[j--]);
        }
        size_t left = j + 1;
        if (left < count - left) { cl_sort_copies(copies, left); copies += left; count -= left; }
        else { cl_sort_copies(copies + left, count - left); count = left; }
    }
    for (size_t i = 1; i < count; i++)
        for (size_t j = i; j > 0 && copies[j - 1].entry.address > copies[j].entry.address; j--)
            swap_copies(&copies[j - 1], &copies[j]);
}

/// Index of the object containing `address` (within its requested size), or -1.
static long object_at(const cl_root_scan *scan, uintptr_t address) {
    if (address < scan->lowest || address >= scan->highest) return -1;
    size_t low = 0, high = scan->count;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (scan->copies[mid].entry.address <= address) low = mid + 1; else high = mid;
    }
    if (low == 0) return -1;
    const cl_entry *entry = &scan->copies[low - 1].entry;
    return address < entry->address + entry->size ? (long)(low - 1) : -1;
}

static void count_words(cl_root_scan *scan, uintptr_t from, uintptr_t to) {
    for (uintptr_t word = (from + 7) & ~(uintptr_t)7; word + 8 <= to; word += 8) {
        uintptr_t value = *(const uintptr_t *)word & POINTER_MASK;
        if (value < scan->lowest || value >= scan->highest) continue;
        long target = object_at(scan, value);
        if (target < 0) continue;
        cl_copy *copy = &scan->copies[target];
        if (word == copy->sideTable) continue;   // the side table's back pointer holds no count
        copy->roots++;
    }
}

/// Counts [from, to) minus the tracked objects' copied bytes (already edges of the graph).
static void count_outside_objects(cl_root_scan *scan, uintptr_t from, uintptr_t to) {
    size_t low = 0, high = scan->count;   // first object ending after `from`
    while (low < high) {
        size_t mid = (low + high) / 2;
        const cl_copy *copy = &scan->copies[mid];
        if (copy->entry.address + copy->copied <= from) low = mid + 1; else high = mid;
    }
    for (size_t i = low; from < to; i++) {
        uintptr_t start = i < scan->count ? scan->copies[i].entry.address : to;
        if (start > to) start = to;
        if (start > from) count_words(scan, from, start);
        if (i >= scan->count) break;
        uintptr_t end = scan->copies[i].entry.address + scan->copies[i].copied;
        if (end > from) from = end;
    }
}

/// Counts [from, to) minus the excluded ranges (sorted by start).
static void count_outside_exclusions(cl_root_scan *scan, uintptr_t from, uintptr_t to,
                                     const cl_range *excluded, size_t excludedCount) {
    for (size_t i = 0; i < excludedCount && from < to; i++) {
        if (excluded[i].end <= from || excluded[i].start >= to) continue;
        if (excluded[i].start > from) count_outside_objects(scan, from, excluded[i].start);
        if (excluded[i].end > from) from = excluded[i].end;
    }
    if (from < to) count_outside_objects(scan, from, to);
}

/// Counts a mapping where it has pages: present or swapped out, as /proc/self/pagemap says
/// (`pagemap` < 0: all of it). A page never touched holds zeros or the file's bytes, never a
/// heap address, and reading it would only cost a fault (a thread's untouched 8 MB stack).
static void count_region(cl_root_scan *scan, uintptr_t from, uintptr_t to, const cl_range *excluded,
                         size_t excludedCount, int pagemap) {
    if (pagemap < 0) { count_outside_exclusions(scan, from, to, excluded, excludedCount); return; }
    uint64_t entries[512];
    uintptr_t runStart = 0;
    int inRun = 0;
    for (uintptr_t page = from & ~(uintptr_t)(PAGE - 1); page < to;) {
        size_t want = (to - page + PAGE - 1) / PAGE;
        if (want > 512) want = 512;
        ssize_t got = pread(pagemap, entries, want * sizeof(uint64_t), (off_t)(page / PAGE * sizeof(uint64_t)));
        if (got < (ssize_t)sizeof(uint64_t)) {   // unreadable: count the rest whole
            count_outside_exclusions(scan, inRun ? runStart : (page > from ? page : from), to, excluded, excludedCount);
            return;
        }
        for (size_t i = 0; i < (size_t)got / sizeof(uint64_t); i++, page += PAGE) {
            int used = (entries[i] & (3ULL << 62)) != 0;   // bit 63 present, bit 62 swapped
            if (used && !inRun) { runStart = page > from ? page : from; inRun = 1; }
            if (!used && inRun) { count_outside_exclusions(scan, runStart, page, excluded, excludedCount); inRun = 0; }
        }
    }
    if (inRun) count_outside_exclusions(scan, runStart, to, excluded, excludedCount);
}

static uintptr_t parse_hex(const char **cursor) {
    uintptr_t value = 0;
    for (;; (*cursor)++) {
        char c = **cursor;
        if (c >= '0' && c <= '9') value = value * 16 + (uintptr_t)(c - '0');
        else if (c >= 'a' && c <= 'f') value = value * 16 + (uintptr_t)(c - 'a' + 10);
        else return value;
    }
}

/// Whether a mapping with these permissions and this path holds data a program could keep a
/// reference in: private writable memory, and shared anonymous memory (not shared files or
/// devices, which a read could fault on).
static int is_scannable(const char *permissions, const char *path, size_t pathLength) {
    if (permissions[0] != 'r' || permissions[1] != 'w') return 0;
    if (pathLength > 0 && path[0] == '[') {
        return !(pathLength >= 5 && memcmp(path, "[vvar", 5) == 0) && !(pathLength >= 10 && memcmp(path, "[vsyscall]", 10) == 0);
    }
    if (permissions[3] == 'p') return pathLength == 0 || strncmp(path, "/dev/", 5) != 0 || strncmp(path, "/dev/zero", 9) == 0;
    return pathLength == 0 || strncmp(path, "/dev/zero", 9) == 0 || strncmp(path, "/memfd:", 7) == 0
        || strncmp(path, "/SYSV", 5) == 0;
}

int cl_count_root_references(cl_copy *copies, size_t count, const cl_range *excluded, size_t excludedCount,
                             const cl_caller_roots *caller) {
    uintptr_t stackPointer = caller->stackFrom;
    for (size_t i = 0; i < count; i++) copies[i].roots = 0;
    if (count == 0) return 1;
    cl_root_scan scan = {copies, count, copies[0].entry.address,
                         copies[count - 1].entry.address + copies[count - 1].entry.size};
    count_words(&scan, (uintptr_t)caller->registers, (uintptr_t)(caller->registers + 6));
    char *maps = mmap(NULL, MAPS_CAPACITY, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (maps == MAP_FAILED) return 0;
    // This scan's own buffer joins the excluded ranges (the kernel may merge it with neighbours).
    cl_range ranges[excludedCount + 1];
    memcpy(ranges, excluded, excludedCount * sizeof(cl_range));
    ranges[excludedCount++] = (cl_range){(uintptr_t)maps, (uintptr_t)maps + MAPS_CAPACITY};
    for (size_t i = 1; i < excludedCount; i++)   // insertion sort by start: a few dozen ranges
        for (size_t j = i; j > 0 && ranges[j - 1].start > ranges[j].start; j--) {
            cl_range t = ranges[j]; ranges[j] = ranges[j - 1]; ranges[j - 1] = t;
        }
    int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    int file = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    size_t length = 0;
    int complete = file >= 0;
    while (complete) {
        ssize_t got = read(file, maps + length, MAPS_CAPACITY - 1 - length);
        if (got < 0) complete = 0;
        if (got <= 0) break;
        length += (size_t)got;
        if (length == MAPS_CAPACITY - 1) complete = 0;
    }
    if (file >= 0) close(file);
    maps[length] = 0;
    for (const char *line = maps; complete && *line;) {
        const char *cursor = line;
        uintptr_t start = parse_hex(&cursor);
        cursor++;
        uintptr_t end = parse_hex(&cursor);
        cursor++;
        const char *permissions = cursor;
        const char *newline = strchr(cursor, '\n');
        if (!newline) newline = cursor + strlen(cursor);
        const char *path = cursor;
        uintptr_t offset = 0;
        for (int field = 0; field < 4 && path < newline; field++) {   // permissions, offset, device, inode
            while (path < newline && *path != ' ') path++;
            while (path < newline && *path == ' ') path++;
            if (field == 0) { const char *at = path; offset = parse_hex(&at); }
        }
        line = *newline ? newline + 1 : newline;
        size_t pathLength = (size_t)(newline - path);
        if (newline - permissions < 4 || !is_scannable(permissions, path, pathLength)) continue;
        if (pathLength > 0 && path[0] == '/' && pathLength < 4096) {
            // A file mapping's pages past the end of the file fault when read.
            char name[4096];
            memcpy(name, path, pathLength);
            name[pathLength] = 0;
            struct stat status;
            if (stat(name, &status) == 0 && S_ISREG(status.st_mode)) {
                uintptr_t fileEnd = start + (((uintptr_t)status.st_size > offset ? (uintptr_t)status.st_size - offset : 0) + PAGE - 1) / PAGE * PAGE;
                if (fileEnd < end) end = fileEnd;
            }
        }
        if (stackPointer >= start && stackPointer < end) start = stackPointer & ~(uintptr_t)7;   // our stack: the caller's part
        count_region(&scan, start, end, ranges, excludedCount, pagemap);
    }
    if (pagemap >= 0) close(pagemap);
    munmap(maps, MAPS_CAPACITY);
    return complete;
}
#endif
