/* datetime.h — the dates articles carry, as the formats want them.
 * Articles hold what their source said ("2026-11-23", "2026-11-23T06:00Z",
 * "2026-11-23T08:00:00+02:00"); ninjs, feeds and NITF want RFC 3339 or
 * ISO 8601 basic form.  Linked into the exporters that need it. */
#ifndef GALLEY_PLUGIN_DATETIME_H
#define GALLEY_PLUGIN_DATETIME_H

#include <stddef.h>
#include <time.h>

/* Parses an ISO 8601 date or date-time (a missing time is midnight, a
 * missing zone UTC) into seconds since the epoch; 0, or -1 when s is not
 * one. */
int datetime_parse(const char *s, time_t *out);
/* RFC 3339 in UTC: 2026-11-23T06:00:00Z.  out needs 21 bytes. */
void datetime_rfc3339(time_t t, char *out, size_t size);

#endif
