/* datetime.h — the dates articles carry, as the formats want them.
 * Articles hold what their source said ("2026-11-23", "2026-11-23T06:00Z",
 * "2026-11-23T08:00:00+02:00"); ninjs, feeds and NITF want RFC 3339 or
 * ISO 8601 basic form, RSS RFC 822.  Linked into the exporters that need it. */
#ifndef GALLEY_PLUGIN_DATETIME_H
#define GALLEY_PLUGIN_DATETIME_H

#include <stddef.h>
#include <time.h>

/* Parses an ISO 8601 date or date-time (a missing time is midnight, a
 * missing zone UTC) into seconds since the epoch; 0, or -1 when s is not
 * one. */
int datetime_parse(const char *s, time_t *out);
/* A date as a wire writes it, ISO 8601 basic (20261123T060000+0000,
 * 20261123T0600Z, 20261123) or extended, into the extended form articles
 * hold (2026-11-23T06:00:00+00:00; a date alone stays a date, a missing
 * zone stays missing).  0, or -1 when s is neither.  out needs 26 bytes. */
int datetime_extended(const char *s, char *out, size_t size);
/* The time a run stands for, from run_info's "epoch" and "date":
 * SOURCE_DATE_EPOCH when set (positive), else midnight UTC of the run
 * date; 0 when neither says.  Reproducible outputs date undated things
 * with it. */
time_t datetime_run(const char *epoch, const char *date);
/* RFC 3339 in UTC: 2026-11-23T06:00:00Z.  out needs 21 bytes. */
void datetime_rfc3339(time_t t, char *out, size_t size);
/* ISO 8601 basic form in UTC, as NITF's norm attributes want it:
 * 20261123T060000+0000.  out needs 21 bytes. */
void datetime_basic(time_t t, char *out, size_t size);
/* RFC 822 (as RSS 2.0 wants it), English names whatever the locale:
 * Mon, 23 Nov 2026 06:00:00 +0000.  out needs 32 bytes. */
void datetime_rfc822(time_t t, char *out, size_t size);

#endif
