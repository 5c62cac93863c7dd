/* log.c — the run's messages as text or JSON lines, and the progress line
 * kept below them (see log.h).  One mutex orders whole lines from every
 * thread. */
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/utf8.h"

static log_format format;
static int quiet;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char status[512]; /* the progress line on screen, or "" */
static FILE *summaries;  /* where summary lines go instead of stderr (galley status) */

static const char *const level_names[] = {"error", "warning", "info", "debug"};

void log_setup(log_format f, int q)
{
	format = f;
	quiet = q;
}

log_format log_current_format(void)
{
	return format;
}

int log_current_quiet(void)
{
	return quiet;
}

static const char *level_name(int level)
{
	return level >= 0 && level <= GALLEY_LOG_DEBUG ? level_names[level] : "info";
}

/* A message as a JSON object: time, level, where, message. */
static json_t *json_record(int level, const log_where *w, const char *msg)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[40];
	size_t n = strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + n, sizeof(when) - n, ".%03ldZ", ts.tv_nsec / 1000000);
	json_t *o = json_object();
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "level", json_string(level_name(level)));
	const char *keys[] = {"stage", "article", "source"};
	const char *values[] = {w ? w->stage : NULL, w ? w->article : NULL, w ? w->source : NULL};
	for (int i = 0; i < 3; i++) {
		char *v = utf8_escaped(values[i]); /* a name that is not UTF-8, as \xNN */
		if (v)
			json_object_set_new(o, keys[i], json_string(v));
		free(v);
	}
	char *m = utf8_escaped(msg);
	json_object_set_new(o, "message", json_string(m ? m : "out of memory"));
	free(m);
	return o;
}

/* The object, compact, with its newline, into out; takes the reference. */
static size_t json_dump_line(json_t *o, char *out, size_t size)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	json_decref(o);
	int len = snprintf(out, size, "%s\n", s ? s : "{}");
	free(s);
	return len < 0 ? 0 : (size_t)len < size ? (size_t)len : size - 1;
}

/* One JSON object, with its newline, into out. */
static size_t json_line(char *out, size_t size, int level, const log_where *w, const char *msg)
{
	return json_dump_line(json_record(level, w, msg), out, size);
}

/* A text log line from body: control characters a name or a message
 * carries (CR, ESC, …) and bytes that are not UTF-8 as \xNN, and a line
 * break followed by two spaces,
 * so no input can start a line of its own ("galley: nightly: 9 read…")
 * or move the cursor; then the final newline.  The length written. */
static size_t text_line(char *out, size_t size, const char *body)
{
	size_t n = 0;
	char *text = utf8_escaped(body); /* bytes that are not UTF-8 as \xNN, too */
	for (const unsigned char *c = (const unsigned char *)(text ? text : body); *c && n + 6 < size;
	     c++) {
		if (*c == '\n' && c[1])
			n += (size_t)snprintf(out + n, size - n, "\n  ");
		else if (*c == '\n')
			continue; /* the final one is added below */
		else if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
			n += (size_t)snprintf(out + n, size - n, "\\x%02x", *c);
		else
			out[n++] = (char)*c;
	}
	out[n++] = '\n';
	out[n] = '\0';
	free(text);
	return n;
}

static int kept(int level)
{
	return !quiet || level == GALLEY_LOG_ERROR || level == LOG_SUMMARY;
}

size_t log_format_stage(char *out, size_t size, galley_log_level level, const log_where *w,
                        const char *msg)
{
	if (!kept((int)level))
		return 0;
	if (format == LOG_JSON)
		return json_line(out, size, (int)level, w, msg);
	const char *stage = w && w->stage ? w->stage : "galley";
	char body[6144];
	if (w && w->article)
		snprintf(body, sizeof(body), "galley: %s: %s: %s: %s", stage, level_name((int)level),
		         w->article, msg);
	else
		snprintf(body, sizeof(body), "galley: %s: %s: %s", stage, level_name((int)level), msg);
	return text_line(out, size, body);
}

/* With the lock held: the progress line off, the lines, the line back. */
static void put(const char *lines)
{
	if (status[0])
		fputs("\r\033[K", stderr);
	fputs(lines, stderr);
	if (status[0])
		fputs(status, stderr);
	fflush(stderr);
}

void log_raw(const char *lines)
{
	pthread_mutex_lock(&lock);
	put(lines);
	pthread_mutex_unlock(&lock);
}

void log_quarantine(const char *what, const char *source, const char *stage, const char *reason)
{
	char line[6144];
	if (format == LOG_JSON) {
		char msg[4200];
		snprintf(msg, sizeof(msg), "quarantined: %s", reason);
		log_where w = {stage, source && what && strcmp(what, source) ? what : NULL,
		               source ? source : what};
		json_line(line, sizeof(line), GALLEY_LOG_ERROR, &w, msg);
	} else {
		char body[6144];
		if (source && what && strcmp(source, what))
			snprintf(body, sizeof(body), "galley: %s (%s): quarantined at stage '%s': %s", what,
			         source, stage, reason);
		else
			snprintf(body, sizeof(body), "galley: %s: quarantined at stage '%s': %s",
			         what ? what : source ? source : "article", stage, reason);
		text_line(line, sizeof(line), body);
	}
	log_raw(line);
}

void log_plain(int level, const char *fmt, ...)
{
	if (!kept(level))
		return;
	char msg[4096], line[6144];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (format == LOG_JSON) {
		json_line(line, sizeof(line), level == LOG_SUMMARY ? GALLEY_LOG_INFO : level, NULL, msg);
	} else {
		char body[4200];
		snprintf(body, sizeof(body), "galley: %s", msg);
		text_line(line, sizeof(line), body);
	}
	if (level == LOG_SUMMARY && summaries) {
		pthread_mutex_lock(&lock);
		fputs(line, summaries);
		fflush(summaries);
		pthread_mutex_unlock(&lock);
		return;
	}
	log_raw(line);
}

void log_status(const char *line)
{
	if (!line && !status[0])
		return;
	pthread_mutex_lock(&lock);
	fputs("\r\033[K", stderr);
	snprintf(status, sizeof(status), "%s", line ? line : "");
	fputs(status, stderr);
	fflush(stderr);
	pthread_mutex_unlock(&lock);
}

void log_summary(const char *msg, const char *const *keys, const long long *values, size_t n,
                 double seconds)
{
	if (format != LOG_JSON) {
		log_plain(LOG_SUMMARY, "%s", msg);
		return;
	}
	char line[6144];
	json_t *o = json_record(GALLEY_LOG_INFO, NULL, msg);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, keys[i], json_integer(values[i]));
	json_object_set_new(o, "seconds", json_real(seconds));
	json_dump_line(o, line, sizeof(line));
	log_raw(line);
}

void log_summaries_to(FILE *fp)
{
	summaries = fp;
}
