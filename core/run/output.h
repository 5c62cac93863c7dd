/* output.h — the run's output files: paths checked and claimed, files recorded
 * per article until it is settled, temporary names of writers, and the
 * one syncfs that makes renamed files durable. */
#ifndef GALLEY_OUTPUT_H
#define GALLEY_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "run/run.h"

/* full NULL: data (len bytes) is copied and held until the article is
 * settled (or the run ends, for run-level files). */
int output_record(run *r, size_t stage_index, const char *path, const char *full,
                  const galley_article *a, const void *data, size_t len);
/* Checks a relative path; OUTPUT_MKDIR: makes its folder; OUTPUT_CLAIM:
 * refuses it if it was written before in this run, and remembers it. */
enum { OUTPUT_CLAIM = 1, OUTPUT_MKDIR = 2 };
int output_prepare(run *r, const char *path, int flags, char **full, char *msg, size_t msgsize);
/* 1 when a folder between the output folder and dir (dir included) is a
 * symlink, written into link: a link planted inside the output (out/json
 * -> ../elsewhere) would send files outside it, so galley writes through
 * none.  0 for dir outside the output folder. */
int output_link_in(const run *r, const char *dir, char *link, size_t size);
void output_release(run *r);
void output_forget(run *r, uint64_t seq); /* deletes an article's files */
void output_settle(run *r, uint64_t seq); /* the article is through: forget its entries */
int output_view(galley_ctx *ctx);
/* One syncfs of the output folder's file system when files were renamed
 * into place without an fsync since the last (r->files.unsynced: articles'
 * files, quarantine); 0 or -errno.  Nothing in a dry run. */
int output_sync(run *r);
/* After a run that finished: the files in each folder this run's
 * articles wrote to (out/json, out/ninjs, out/media) that no article of
 * it wrote are removed, so such a folder holds exactly this run's
 * articles.  Run-level files (bundles, feeds) and their folders, and
 * anything outside the output folder, are never touched. */
void output_sweep_stale(run *r);
/* The temporary names of writers that need a path (host output_begin):
 * registered while they exist, so a run the watchdog ends removes them
 * (output_temps_unlink, with the lock held) instead of leaving a
 * half-written bundle beside the final names. */
int output_temp_add(run *r, const char *tmp);
void output_temp_drop(run *r, const char *tmp);
void output_temps_unlink(run *r);

#endif
