/* quarantine.h — setting aside what failed: an article, or an input file that
 * could not become one, each beside a .reason file. */
#ifndef GALLEY_QUARANTINE_H
#define GALLEY_QUARANTINE_H

#include <stddef.h>
#include <stdint.h>

#include "run/run.h"

void quarantine_article(run *r, const galley_article *a, const char *stage_name, const char *reason);
/* data NULL: the file at path is copied; else its len bytes are kept. */
void quarantine_input(run *r, const char *path, const void *data, size_t len,
                      const char *stage_name, const char *reason);
/* For the watchdog, which holds r->lock: the reason only, since the
 * article is in the hands of a stage that never returned. */
void quarantine_stuck(run *r, const galley_article *a, const char *stage_name, const char *reason);

/* Removes this output folder's quarantine run folders older than days
 * (days <= 0: none); how many it removed. */
long quarantine_expire(run *r, int days);

#endif
