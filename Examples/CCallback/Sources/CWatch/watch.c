#include "watch.h"

#include <stddef.h>

enum { capacity = 64 };

static struct {
    watch_callback callback;
    void *context;
} registrations[capacity];

int watch_add(watch_callback callback, void *context) {
    for (int id = 0; id < capacity; id++) {
        if (registrations[id].callback == NULL) {
            registrations[id].callback = callback;
            registrations[id].context = context;
            return id;
        }
    }
    return -1;
}

void watch_remove(int id) {
    if (id >= 0 && id < capacity) {
        registrations[id].callback = NULL;
        registrations[id].context = NULL;
    }
}

void watch_fire_all(void) {
    for (int id = 0; id < capacity; id++) {
        if (registrations[id].callback != NULL) registrations[id].callback(registrations[id].context);
    }
}
