/* report_html.c — OUTPUT/report.html, report.json for a person: one
 * self-contained page (inline CSS and SVG, no script, nothing fetched,
 * and a Content-Security-Policy that says so) with the run's counts, the
 * time each stage took as a bar chart, every article set aside or
 * dropped with its reason and a link to what quarantine kept, and each
 * partner's delivery.  Made from the same JSON object as report.json, so
 * the two never disagree; every value is escaped. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/digits.h"
#include "run/report_html.h"

#define CHART_LABEL 210 /* px for a stage's name */
#define CHART_BAR 420   /* px for the longest bar */
#define CHART_ROW 26    /* px per stage */

static const char page_style[] =
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2430;"
	"margin:0 auto;max-width:1100px;padding:24px 32px;background:#fff}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;"
	"border-bottom:1px solid #d5dae1;padding-bottom:4px}"
	".meta{color:#5a6472;margin:0 0 12px}"
	".status{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600}"
	".status.ok{background:#dff3e4;color:#17632f}.status.failed{background:#fbe0e0;color:#8a1c1c}"
	".error{background:#fbe0e0;border-left:4px solid #c62828;padding:8px 12px;margin:12px 0}"
	".counts{display:flex;flex-wrap:wrap;gap:12px;margin:0;padding:0;list-style:none}"
	".counts li{border:1px solid #d5dae1;border-radius:6px;padding:8px 14px;min-width:96px}"
	".counts .n{display:block;font-size:24px;font-weight:600}"
	".counts .bad .n{color:#b3261e}.counts .label{color:#5a6472;font-size:13px}"
	"table{border-collapse:collapse;width:100%;font-size:14px}"
	"th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e4e8ee;vertical-align:top}"
	"th{background:#f3f5f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
	"td.reason{max-width:480px;overflow-wrap:anywhere}code{font-size:13px}"
	".none{color:#5a6472;font-style:italic}.failed{color:#b3261e}"
	"svg text{font:13px system-ui,sans-serif;fill:#1d2430}"
	"footer{margin-top:32px;color:#5a6472;font-size:13px}";

/* A code point from valid UTF-8 (jansson's strings are), and its length. */
static unsigned decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80)
		return *len = 1, s[0];
	if (s[0] < 0xE0)
		return *len = 2, ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	if (s[0] < 0xF0)
		return *len = 3, ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	return *len = 4, ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
	                     (s[3] & 0x3Fu);
}

/* What HTML does not allow as text, even as a reference: controls,
 * noncharacters. */
static int unwritable(unsigned c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F) ||
	       (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* text as HTML text or an attribute value: markup characters as
 * references, what HTML cannot carry named as \xNN or \uNNNN. */
static void put_text(FILE *f, const char *text)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	while (*s) {
		size_t len;
		unsigned c = decode(s, &len);
		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&#39;", f);
		else if (unwritable(c))
			fprintf(f, c < 0x80 ? "\\x%02x" : "\\u%04x", c);
		else
			fwrite(s, 1, len, f);
		s += len;
	}
}

/* A relative link's path: each byte that is not plain percent-encoded. */
static void put_href(FILE *f, const char *path)
{
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("-._~/", *s))
			fputc(*s, f);
		else
			fprintf(f, "%%%02X", *s);
	}
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static unsigned long long num(const json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));
	return v > 0 ? (unsigned long long)v : 0;
}

static void put_count(FILE *f, unsigned long long n)
{
	char text[32];
	fputs(digits_grouped(text, sizeof(text), n), f);
}

static void header(FILE *f, const json_t *report)
{
	const char *status = str(report, "status");
	int ok = status && strcmp(status, "ok") == 0;
	fputs("<header><h1>", f);
	put_text(f, str(report, "pipeline"));
	fputs("</h1><p class=\"meta\">Run of ", f);
	put_text(f, str(report, "date"));
	fputs(", finished ", f);
	put_text(f, str(report, "finished"));
	fprintf(f, " in %.2f s with %llu job%s</p>\n<p><span class=\"status %s\">%s</span>",
	        json_real_value(json_object_get(report, "seconds")), num(report, "jobs"),
	        num(report, "jobs") == 1 ? "" : "s", ok ? "ok" : "failed",
	        ok ? "Finished" : "Stopped");
	if (str(report, "stopped")) {
		fputs(": ", f);
		put_text(f, str(report, "stopped"));
	}
	fputs("</p>\n", f);
	if (str(report, "error")) {
		fputs("<p class=\"error\">", f);
		put_text(f, str(report, "error"));
		fputs("</p>\n", f);
	}
	fputs("</header>\n", f);
}

static void counts(FILE *f, const json_t *report)
{
	static const char *const keys[] = {"read", "split", "done", "dropped", "quarantined",
	                                   "rejected"};
	static const char *const labels[] = {"read", "split off", "done", "dropped",
	                                     "articles quarantined", "inputs quarantined"};
	const json_t *c = json_object_get(report, "counts");
	fputs("<section><h2>Counts</h2><ul class=\"counts\">\n", f);
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		unsigned long long n = num(c, keys[i]);
		fprintf(f, "<li%s><span class=\"n\">", n && i >= 4 ? " class=\"bad\"" : "");
		put_count(f, n);
		fprintf(f, "</span><span class=\"label\">%s</span></li>\n", labels[i]);
	}
	fputs("</ul></section>\n", f);
}

/* One bar per stage, the longest CHART_BAR wide, with its seconds. */
static void chart(FILE *f, const json_t *stages)
{
	double most = 0;
	size_t i, n = json_array_size(stages);
	json_t *s;
	json_array_foreach(stages, i, s)
	{
		double secs = json_real_value(json_object_get(s, "seconds"));
		most = secs > most ? secs : most;
	}
	int width = CHART_LABEL + CHART_BAR + 90, height = (int)n * CHART_ROW + 8;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Seconds per stage\">\n",
	        width, height, width, height);
	json_array_foreach(stages, i, s)
	{
		double secs = json_real_value(json_object_get(s, "seconds"));
		double w = most > 0 ? secs / most * CHART_BAR : 0;
		int y = (int)i * CHART_ROW + 4;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CHART_LABEL - 8, y + 16);
		put_text(f, str(s, "name"));
		fprintf(f,
		        "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" "
		        "fill=\"#2f6db5\"><title>",
		        CHART_LABEL, y + 3, w < 1 ? 1 : w, CHART_ROW - 8);
		put_text(f, str(s, "uses"));
		fprintf(f, ": %.3f s</title></rect><text x=\"%.1f\" y=\"%d\">%.3f s</text>\n",
		        secs, CHART_LABEL + (w < 1 ? 1 : w) + 6, y + 16, secs);
	}
	fputs("</svg>\n", f);
}

static void stages_table(FILE *f, const json_t *stages)
{
	size_t i;
	json_t *s;
	fputs("<table><thead><tr><th>stage</th><th>uses</th><th>role</th><th class=\"num\">articles"
	      "</th><th class=\"num\">dropped</th><th class=\"num\">failed</th><th class=\"num\">"
	      "seconds</th></tr></thead><tbody>\n",
	      f);
	json_array_foreach(stages, i, s)
	{
		static const char *const keys[] = {"name", "uses", "role"};
		static const char *const counted[] = {"articles", "dropped", "failed"};
		fputs("<tr>", f);
		for (size_t k = 0; k < 3; k++) {
			fputs("<td>", f);
			put_text(f, str(s, keys[k]));
			fputs("</td>", f);
		}
		for (size_t k = 0; k < 3; k++) {
			fputs("<td class=\"num\">", f);
			put_count(f, num(s, counted[k]));
			fputs("</td>", f);
		}
		fprintf(f, "<td class=\"num\">%.3f</td></tr>\n",
		        json_real_value(json_object_get(s, "seconds")));
	}
	fputs("</tbody></table>\n", f);
}

static void stages(FILE *f, const json_t *report)
{
	const json_t *list = json_object_get(report, "stages");
	fputs("<section><h2>Time per stage</h2>\n", f);
	chart(f, list);
	stages_table(f, list);
	fputs("<p class=\"meta\">Seconds are summed over the workers, so with more than one job "
	      "they can add up to more than the run took.</p></section>\n",
	      f);
}

static void link_to(FILE *f, const char *path, const char *label)
{
	if (!path)
		return;
	fputs("<a href=\"", f);
	put_href(f, path);
	fputs("\">", f);
	fputs(label, f);
	fputs("</a> ", f);
}

/* Quarantined (with a reason and what was kept) or dropped (without). */
static void records(FILE *f, const json_t *report, const char *key, const char *title)
{
	const json_t *list = json_object_get(report, key);
	int reasons = strcmp(key, "quarantined") == 0;
	fprintf(f, "<section><h2>%s (%zu)</h2>\n", title, json_array_size(list));
	if (!json_array_size(list)) {
		fprintf(f, "<p class=\"none\">None.</p></section>\n");
		return;
	}
	fprintf(f, "<table><thead><tr><th>article</th><th>source</th><th>stage</th>%s</tr></thead>"
	           "<tbody>\n",
	        reasons ? "<th>reason</th><th>kept</th>" : "");
	size_t i;
	json_t *r;
	json_array_foreach(list, i, r)
	{
		static const char *const keys[] = {"article", "source", "stage"};
		const char *what = str(r, "article"), *source = str(r, "source");
		int input = what && source && strcmp(what, source) == 0; /* no article made */
		fputs("<tr>", f);
		for (size_t k = 0; k < 3; k++) {
			if (k == 0 && input) {
				fputs("<td class=\"none\">the input file</td>", f);
				continue;
			}
			fputs(k == 2 ? "<td><code>" : "<td>", f);
			put_text(f, str(r, keys[k]));
			fputs(k == 2 ? "</code></td>" : "</td>", f);
		}
		if (reasons) {
			fputs("<td class=\"reason\">", f);
			put_text(f, str(r, "reason"));
			fputs("</td><td>", f);
			link_to(f, str(r, "kept"), "input");
			link_to(f, str(r, "reason_file"), "reason");
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

/* A bundle's file as a link from the output folder, where the page is. */
static void bundle_cell(FILE *f, const json_t *p, const char *output)
{
	const char *file = str(p, "file"), *bundle = str(p, "bundle");
	size_t len = strlen(output);
	fputs("<td>", f);
	if (file && bundle && strncmp(file, output, len) == 0 && file[len] == '/') {
		fputs("<a href=\"", f);
		put_href(f, file + len + 1);
		fputs("\">", f);
		put_text(f, bundle);
		fputs("</a><br><code>", f);
		put_text(f, str(p, "sha256"));
		fputs("</code>", f);
	} else if (bundle) {
		put_text(f, bundle);
	} else {
		fputs("<span class=\"none\">no bundle</span>", f);
	}
	fputs("</td>", f);
}

/* What deliver: did: delivered to where, failed with what, left queued. */
static void delivery_cell(FILE *f, const json_t *p)
{
	const json_t *d = json_object_get(p, "delivery");
	fputs("<td>", f);
	if (!d) {
		fputs("<span class=\"none\">the outbox</span></td>", f);
		return;
	}
	put_count(f, num(d, "delivered"));
	fputs(" delivered to <code>", f);
	put_text(f, str(d, "url"));
	fputs("</code>", f);
	if (num(d, "queued")) {
		fputs("<br><strong>", f);
		put_count(f, num(d, "queued"));
		fputs(" left queued</strong>", f);
	}
	if (str(d, "error")) {
		fputs("<br><span class=\"failed\">", f);
		put_text(f, str(d, "error"));
		fputs("</span>", f);
	}
	fputs("</td>", f);
}

static void partners(FILE *f, const json_t *report, const char *output)
{
	static const char *const keys[] = {"new",  "updated",  "killed",   "released",
	                                   "held", "withheld", "unchanged"};
	const json_t *list = json_object_get(report, "partners");
	fputs("<section><h2>Partners</h2>\n", f);
	if (!json_array_size(list)) {
		fputs("<p class=\"none\">No partner deliveries in this run.</p></section>\n", f);
		return;
	}
	fputs("<table><thead><tr><th>partner</th><th class=\"num\">sent</th>", f);
	for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++)
		fprintf(f, "<th class=\"num\">%s</th>", keys[k]);
	fputs("<th>bundle</th><th>delivery</th></tr></thead><tbody>\n", f);
	size_t i;
	json_t *p;
	json_array_foreach(list, i, p)
	{
		int plan = json_object_get(p, "would_send") != NULL;
		fputs("<tr><td>", f);
		put_text(f, str(p, "partner"));
		fputs("</td><td class=\"num\">", f);
		put_count(f, num(p, plan ? "would_send" : "sent"));
		fputs(plan ? " (would send)</td>" : "</td>", f);
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
			fputs("<td class=\"num\">", f);
			put_count(f, num(p, keys[k]));
			fputs("</td>", f);
		}
		bundle_cell(f, p, output);
		delivery_cell(f, p);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

char *report_html(const json_t *report, const char *output, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f)
		return NULL;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n<title>",
	      f);
	put_text(f, str(report, "pipeline"));
	fputs(" — galley run report, ", f);
	put_text(f, str(report, "finished"));
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_style);
	header(f, report);
	counts(f, report);
	stages(f, report);
	records(f, report, "quarantined", "Quarantined");
	records(f, report, "dropped", "Dropped");
	partners(f, report, output);
	fputs("<footer>Written by galley with <a href=\"report.json\">report.json</a>, which holds "
	      "the same figures.</footer>\n</body>\n</html>\n",
	      f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}
