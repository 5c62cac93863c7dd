/* datetime_read.c — newsroom date forms into ISO 8601 (see
 * datetime_read.h): the text is cut into tokens (numbers, words, a time,
 * a zone), then matched against the few orders newsrooms use. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "text/datetime.h"
#include "text/datetime_read.h"

/* Month names by language, and English abbreviations; index % 12 is the month. */
static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december",
	"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
	"oktober", "november", "desember", /* nb, nn; da below */
	"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
	"oktober", "november", "december", /* sv */
	"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
	"oktober", "november", "december", /* da */
	"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
	"oktober", "november", "dezember", /* de */
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre", /* fr */
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	"octubre", "noviembre", "diciembre", /* es */
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
	"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
	"måndag", "tisdag", "lördag", "söndag", "montag", "dienstag", "mittwoch",
	"donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi",
	"vendredi", "samedi", "dimanche", "den", "le", "the", "kl", "klo", "at", "um", "à",
	"de", "del", "of", "st", "nd", "rd", "th",
};

/* RFC 2822's zone names, and the Central European ones wires use. */
static const struct {
	const char *name;
	int minutes;
} zones[] = {{"z", 0},       {"ut", 0},       {"utc", 0},      {"gmt", 0},      {"est", -300},
             {"edt", -240},  {"cst", -360},   {"cdt", -300},   {"mst", -420},   {"mdt", -360},
             {"pst", -480},  {"pdt", -420},   {"cet", 60},     {"cest", 120}};

typedef struct reading {
	int day, month, year, hour, minute, second, zone, has_time, has_zone;
	int nums[3], nnums; /* numbers of a numeric date, in order */
	int month_first;    /* the month word came before the day */
} reading;

static int word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && !strncasecmp(w, list[i], n))
			return (int)i;
	return -1;
}

/* "10:00", "10:00:30", "10.00" after a clock word: the time. */
static int read_time(const char **p, reading *r)
{
	char *end;
	long h = strtol(*p, &end, 10), m, s = 0;
	if (end == *p || (*end != ':' && *end != '.') || !isdigit((unsigned char)end[1]))
		return 0;
	const char *q = end + 1;
	m = strtol(q, &end, 10);
	if (end - q != 2 || (*end == '.' && isdigit((unsigned char)end[1])))
		return 0; /* "6.12.2026" is a date */
	if (*end == ':' && isdigit((unsigned char)end[1])) {
		q = end + 1;
		s = strtol(q, &end, 10);
		if (end - q != 2)
			return 0;
	}
	if (h > 23 || m > 59 || s > 60 || r->has_time)
		return -1;
	r->hour = (int)h, r->minute = (int)m, r->second = (int)s, r->has_time = 1;
	*p = end;
	return 1;
}

/* "+0100", "-05:00": a numeric zone. */
static int read_offset(const char **p, reading *r)
{
	const char *q = *p + 1;
	int sign = **p == '-' ? -1 : 1;
	if (!isdigit((unsigned char)q[0]) || !isdigit((unsigned char)q[1]))
		return -1;
	int h = (q[0] - '0') * 10 + q[1] - '0';
	q += 2;
	if (*q == ':')
		q++;
	if (!isdigit((unsigned char)q[0]) || !isdigit((unsigned char)q[1]) || h > 14)
		return -1;
	int m = (q[0] - '0') * 10 + q[1] - '0';
	r->zone = sign * (h * 60 + m), r->has_zone = 1;
	*p = q + 2;
	return 0;
}

static int read_word(const char **p, reading *r)
{
	const char *w = *p;
	while (**p && (isalpha((unsigned char)**p) || (unsigned char)**p >= 0x80))
		(*p)++;
	size_t n = (size_t)(*p - w);
	if (**p == '.') /* "Dec.", "kl." */
		(*p)++;
	int m = word_in(w, n, months, sizeof(months) / sizeof(*months));
	if (m >= 0 && !r->month) {
		r->month = m % 12 + 1;
		r->month_first = r->nnums == 0;
		return 0;
	}
	for (size_t i = 0; i < sizeof(zones) / sizeof(*zones); i++)
		if (strlen(zones[i].name) == n && !strncasecmp(w, zones[i].name, n) && !r->has_zone)
			return r->zone = zones[i].minutes, r->has_zone = 1, 0;
	return word_in(w, n, weekdays, sizeof(weekdays) / sizeof(*weekdays)) >= 0 ? 0 : -1;
}

static int tokens(const char *s, reading *r)
{
	for (const char *p = s; *p;) {
		if (*p == '+' || (*p == '-' && r->has_time && isdigit((unsigned char)p[1]))) {
			if (read_offset(&p, r)) /* "+0100"; "10:00 -0500" */
				return -1;
		} else if (isspace((unsigned char)*p) || *p == ',' || *p == '/' || *p == '-' || *p == '.') {
			p++;
		} else if (isdigit((unsigned char)*p)) {
			int t = read_time(&p, r);
			if (t < 0)
				return -1;
			if (t)
				continue;
			char *end;
			long v = strtol(p, &end, 10);
			if (r->nnums == 3 || end - p > 4)
				return -1;
			r->nums[r->nnums++] = (int)v;
			p = end;
		} else if (read_word(&p, r)) {
			return -1;
		}
	}
	return 0;
}

/* The numbers as day, month and year: with a month word, the day and the
 * year; without, a numeric date (year first, else day first unless
 * American). */
static int assign(reading *r, const char *language)
{
	if (r->month) {
		if (r->nnums != 2)
			return -1;
		r->day = r->nums[0] > 31 ? r->nums[1] : r->nums[0];
		r->year = r->nums[0] > 31 ? r->nums[0] : r->nums[1];
		return 0;
	}
	if (r->nnums != 3)
		return -1;
	int us = language && !strcasecmp(language, "en-US");
	if (r->nums[0] > 31) /* 2026/12/06 */
		r->year = r->nums[0], r->month = r->nums[1], r->day = r->nums[2];
	else if (us && r->nums[0] <= 12)
		r->month = r->nums[0], r->day = r->nums[1], r->year = r->nums[2];
	else
		r->day = r->nums[0], r->month = r->nums[1], r->year = r->nums[2];
	return 0;
}

static int days_in(int month, int year)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days[month - 1] + (month == 2 && leap);
}

int datetime_read(const char *s, const char *language, char *out, size_t size)
{
	if (!s || size < 26)
		return -1;
	if (datetime_extended(s, out, size) == 0) {
		if (out[10] == ' ') /* "2026-12-06 10:00:00": T, as RFC 3339 writes it */
			out[10] = 'T';
		return 0;
	}
	reading r = {0};
	if (strlen(s) > 100 || tokens(s, &r) || assign(&r, language))
		return -1;
	if (r.year < 1000 || r.year > 9999 || r.month < 1 || r.month > 12 || r.day < 1 ||
	    r.day > days_in(r.month, r.year) || (r.has_zone && !r.has_time))
		return -1;
	if (!r.has_time)
		return snprintf(out, size, "%04d-%02d-%02d", r.year, r.month, r.day), 0;
	int n = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d", r.year, r.month, r.day, r.hour,
	                 r.minute, r.second);
	if (r.has_zone)
		snprintf(out + n, size - (size_t)n, "%c%02d:%02d", r.zone < 0 ? '-' : '+',
		         abs(r.zone) / 60, abs(r.zone) % 60);
	time_t t;
	return datetime_parse(out, &t);
}
