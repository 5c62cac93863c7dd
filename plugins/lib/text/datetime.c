/* datetime.c — ISO 8601 in; RFC 3339, ISO 8601 basic and RFC 822 out
 * (see datetime.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/datetime.h"

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "", "Z", "+02:00", "-0530": seconds east of UTC. */
static int zone_offset(const char *s, long *out)
{
	*out = 0;
	if (!*s || ((s[0] == 'Z' || s[0] == 'z') && !s[1]))
		return 0;
	if (s[0] != '+' && s[0] != '-')
		return -1;
	long sign = s[0] == '-' ? -1 : 1;
	const char *p = s + 1;
	int h = digits(p, 2);
	if (h < 0)
		return -1;
	p += 2;
	if (*p == ':')
		p++;
	int m = digits(p, 2);
	if (m < 0 || p[2] || h > 23 || m > 59)
		return -1;
	*out = sign * (h * 3600L + m * 60L);
	return 0;
}

int datetime_parse(const char *s, time_t *out)
{
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	struct tm tm = {0};
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	const char *rest = s + 10;
	long offset = 0;
	if (*rest == 'T' || *rest == 't' || *rest == ' ') {
		int h = digits(rest + 1, 2), mi = -1, sec = 0;
		if (h >= 0 && rest[3] == ':')
			mi = digits(rest + 4, 2);
		if (h < 0 || h > 23 || mi < 0 || mi > 59)
			return -1;
		rest += 6;
		if (*rest == ':') {
			sec = digits(rest + 1, 2);
			if (sec < 0 || sec > 60)
				return -1;
			rest += 3;
			if (*rest == '.' || *rest == ',') /* fractions are dropped */
				for (rest++; *rest >= '0' && *rest <= '9'; rest++)
					;
		}
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = sec;
	}
	if (zone_offset(rest, &offset))
		return -1;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = t - offset;
	return 0;
}

time_t datetime_run(const char *epoch, const char *date)
{
	long long e = epoch ? strtoll(epoch, NULL, 10) : 0;
	time_t t;
	if (e > 0)
		return (time_t)e;
	return datetime_parse(date, &t) == 0 ? t : 0;
}

/* The zone of a basic-form date ("Z", "+0000", "+02", ""), extended. */
static int zone_extended(const char *z, char *out, size_t size)
{
	if (!*z || ((*z == 'Z' || *z == 'z') && !z[1]))
		return snprintf(out, size, "%s", *z ? "Z" : ""), 0;
	int h = (*z == '+' || *z == '-') ? digits(z + 1, 2) : -1;
	if (h < 0) /* z[1] and z[2] are digits from here on, so z[3] is in the string */
		return -1;
	const char *m = z + 3 + (z[3] == ':');
	int mi = !z[3] ? 0 : digits(m, 2);
	if (h > 23 || mi < 0 || mi > 59 || (z[3] && m[2]))
		return -1;
	return snprintf(out, size, "%c%02d:%02d", *z, h, mi), 0;
}

/* n digits at *s as a number, moving *s past them; -1 (and *s kept)
 * when they are not all there.  digits() stops at the string's end, so a
 * field is only looked at once the ones before it were read. */
static int take(const char **s, int n)
{
	int v = digits(*s, n);
	if (v >= 0)
		*s += n;
	return v;
}

int datetime_extended(const char *s, char *out, size_t size)
{
	time_t t;
	if (!s)
		return -1;
	if (datetime_parse(s, &t) == 0) /* already extended */
		return (size_t)snprintf(out, size, "%s", s) < size ? 0 : -1;
	const char *p = s;
	int y = take(&p, 4), mo = y < 0 ? -1 : take(&p, 2), d = mo < 0 ? -1 : take(&p, 2);
	if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	if (!*p)
		return snprintf(out, size, "%04d-%02d-%02d", y, mo, d), 0;
	if (*p != 'T' && *p != 't')
		return -1;
	p++;
	int h = take(&p, 2), mi = h < 0 ? -1 : take(&p, 2), sec = 0;
	if (h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	if (digits(p, 2) >= 0)
		sec = take(&p, 2);
	char zone[8];
	if (sec > 60 || zone_extended(p, zone, sizeof(zone)))
		return -1;
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, sec, zone);
	return datetime_parse(out, &t);
}

void datetime_rfc3339(time_t t, char *out, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void datetime_basic(time_t t, char *out, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, size, "%Y%m%dT%H%M%S+0000", &tm);
}

void datetime_rfc822(time_t t, char *out, size_t size)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
