/* shard_in.h — the merge's shards as it reads them, shared by
 * shard_merge.c (checking and adopting) and shard_records.c (reading the
 * records, in order, a little ahead on a thread of its own). */
#ifndef GALLEY_SHARD_IN_H
#define GALLEY_SHARD_IN_H

#include <pthread.h>
#include <stdio.h>

#include "run/shard.h"

#define MERGE_AHEAD 64 /* records read and parsed ahead of the sinks */

typedef struct shard_reader {
	char *folder;
	FILE *f;
	merge_item next; /* read ahead; has: it holds one */
	int has;
} shard_reader;

struct shard_in {
	shard_reader *s;
	unsigned count;
	/* the reading thread and what it hands over, in order */
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	merge_item ahead[MERGE_AHEAD];
	size_t first, n;
	int end;  /* 1 every record read, -1 one could not be: error says why */
	int stop; /* the merge ends early */
	galley_error error;
};

/* A reader's next record into s->next: 1, 0 at the end, -1 when it is
 * not one.  Without whole, the article and held bytes are passed over. */
int records_read(shard_reader *s, unsigned shard, int whole);
/* Starts the reading thread; 0 or -1. */
int records_start(struct shard_in *in);
/* Stops it (when started) and frees what it read ahead. */
void records_stop(struct shard_in *in);

#endif
