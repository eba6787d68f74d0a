#ifndef WATCH_H
#define WATCH_H

/// Called with the context given to watch_add.
typedef void (*watch_callback)(void *context);

/// Registers `callback`; the library keeps `context` until watch_remove. Returns an id.
int watch_add(watch_callback callback, void *context);

/// Ends a registration; its callback is not called again.
void watch_remove(int id);

/// Calls every registered callback once.
void watch_fire_all(void);

#endif
