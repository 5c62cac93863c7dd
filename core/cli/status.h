/* status.h — the parts of `galley status` (status_cmd.c) kept in files of
 * their own. */
#ifndef GALLEY_CLI_STATUS_H
#define GALLEY_CLI_STATUS_H

#include "config/pipeline.h"

/* Prints each split run found under OUTPUT/shards: every shard finished,
 * merged, not finished or missing, and what to run next (status_shards.c).
 * 1 when there was one, else 0 (nothing printed). */
int status_shards(const pipeline *p);

#endif
