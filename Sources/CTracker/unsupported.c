// The tracker relies on glibc, ELF and the Swift runtime's x86_64 Linux layout. Elsewhere the API
// exists but refuses with a clear reason, so that callers never read "0 leaks" from it.
#if !(defined(__linux__) && defined(__x86_64__))
#include "CTracker.h"

#include <stddef.h>

static const char *reason = "cyclelint tracker inactive: only Linux on x86_64 is supported";

int cyclelint_tracker_install(void) { return 0; }
int cyclelint_tracker_is_active(void) { return 0; }
const char *cyclelint_tracker_error(void) { return reason; }
void cyclelint_tracker_begin_recording(void) {}
void cyclelint_tracker_end_recording(void) {}
void cyclelint_tracker_pause_this_thread(int paused) { (void)paused; }
void cyclelint_tracker_set_backtraces(int on) { (void)on; }
uint64_t cyclelint_tracker_next_sequence(void) { return 1; }
uint64_t cyclelint_tracker_live_count(void) { return 0; }
cyclelint_graph *cyclelint_graph_create(void) { return NULL; }
void cyclelint_graph_destroy(cyclelint_graph *graph) { (void)graph; }
int cyclelint_site_frames(uint32_t site, uintptr_t *frames, int capacity) { (void)site; (void)frames; (void)capacity; return 0; }
void cyclelint_site_usage(uint32_t site, uint64_t *count, uint64_t *bytes) { (void)site; *count = 0; *bytes = 0; }
uint32_t cyclelint_site_count(void) { return 0; }
void cyclelint_write_graph(int fd, const cyclelint_graph *graph) { (void)fd; (void)graph; }
#endif
