/* datetime_read.h — dates as newsrooms write them, read into the ISO 8601
 * extended form articles hold: RFC 3339 and ISO 8601 as they are; RFC 2822
 * ("Mon, 23 Nov 2026 06:00:00 +0000"); "2026-12-06 10:00"; day, month and
 * year in words ("5 December 2026", "December 5, 2026", "5. desember 2026",
 * "5 décembre 2026") in English, Norwegian, Swedish, Danish, German, French
 * and Spanish; and numeric day-first dates ("06/12/2026 10:00", "6.12.2026"),
 * month-first for American English. */
#ifndef GALLEY_PLUGIN_DATETIME_READ_H
#define GALLEY_PLUGIN_DATETIME_READ_H

#include <stddef.h>

/* s as "2026-12-05" (a date alone), "2026-12-06T10:00:00" (no zone given)
 * or "2026-11-23T06:00:00+00:00"; 0, or -1 when it is none of the forms
 * above.  language (a BCP 47 tag, or NULL) decides 06/12 only: en-US reads
 * it month first.  out needs 26 bytes. */
int datetime_read(const char *s, const char *language, char *out, size_t size);

#endif
