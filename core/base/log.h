/* log.h — every message a run prints goes through here: as text (the
 * default, "galley: …" lines) or as one JSON object per line for journald,
 * Loki or Elastic (--log-format json: time, level, stage, article, source,
 * message); -q keeps errors and the summary; and a progress line, when
 * there is one, is cleared before a message and drawn again after it. */
#ifndef GALLEY_LOG_H
#define GALLEY_LOG_H

#include <stddef.h>
#include <stdio.h>

#include "galley/plugin.h"

typedef enum log_format { LOG_TEXT = 0, LOG_JSON = 1 } log_format;

void log_setup(log_format format, int quiet);
log_format log_current_format(void);
int log_current_quiet(void); /* -q */

/* Where a message comes from; any field may be NULL. */
typedef struct log_where {
	const char *stage, *article, *source;
} log_where;

/* A stage's message ("galley: STAGE: warning: …"), formatted into out
 * (with its newline) for printing later in input order; 0 when -q or the
 * level leaves it out. */
size_t log_format_stage(char *out, size_t size, galley_log_level level, const log_where *w,
                        const char *msg);
/* Prints lines formatted before (log_format_stage), as they are. */
void log_raw(const char *lines);
/* An article or input set aside: "galley: WHAT (SOURCE): quarantined at
 * stage 'STAGE': REASON"; level error. */
void log_quarantine(const char *what, const char *source, const char *stage, const char *reason);
/* "galley: MESSAGE"; errors and summary lines are kept under -q, the rest
 * of the info level is not. */
enum { LOG_SUMMARY = 16 };
void log_plain(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Summary lines to fp (NULL: stderr, with everything else): `galley
 * status` prints what a run would send on stdout, beside the state. */
void log_summaries_to(FILE *fp);
/* The run's summary line: msg as log_plain(LOG_SUMMARY) prints it, and in
 * JSON its counts as fields of their own (keys[i]: values[i]) and seconds,
 * so a log collector need not parse the text. */
void log_summary(const char *msg, const char *const *keys, const long long *values, size_t n,
                 double seconds);

/* The progress line (NULL: none): drawn in place on stderr, kept below
 * every message. */
void log_status(const char *line);

#endif
