#include "CTracker.h"
int cyclelint_tracker_is_active(void) { return 0; }
