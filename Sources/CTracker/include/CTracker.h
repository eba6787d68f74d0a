#ifndef CTRACKER_H
#define CTRACKER_H
int cyclelint_tracker_is_active(void);
#endif
