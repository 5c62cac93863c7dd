/* test_report_html.c — report.html from report.json's object: every value
 * escaped (markup, quotes, what HTML cannot carry as text), links made
 * relative to the output folder and percent-encoded, one bar per stage,
 * and a page for a run with nothing in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "run/report_html.h"

static char *render(const char *json)
{
	json_error_t e;
	json_t *o = json_loads(json, 0, &e);
	assert_non_null(o);
	size_t len = 0;
	char *page = report_html(o, "out", &len);
	json_decref(o);
	assert_non_null(page);
	assert_int_equal(strlen(page), len);
	return page;
}

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void test_values_are_escaped(void **state)
{
	(void)state;
	char *page = render(
		"{\"pipeline\": \"<i>night</i>\", \"status\": \"ok\", \"date\": \"2026-12-07\","
		" \"finished\": \"x\", \"seconds\": 1.5, \"jobs\": 2, \"counts\": {\"read\": 12345},"
		" \"stages\": [], \"partners\": [], \"dropped\": [],"
		" \"quarantined\": [{\"article\": \"a&b\", \"source\": \"in/\\\"q\\\" 'x'.txt\","
		" \"stage\": \"s\", \"reason\": \"<script>alert(1)</script>\\u001b[2J\\u0085\\ufdd0\","
		" \"kept\": \"quarantine/R/a b#?%<.txt-000001\"}]}");
	assert_null(strstr(page, "<i>"));
	assert_null(strstr(page, "<script"));
	assert_non_null(strstr(page, "&lt;i&gt;night&lt;/i&gt;"));
	assert_non_null(strstr(page, "a&amp;b"));
	assert_non_null(strstr(page, "in/&quot;q&quot; &#39;x&#39;.txt"));
	assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J\\u0085\\ufdd0"));
	assert_non_null(strstr(page, "href=\"quarantine/R/a%20b%23%3F%25%3C.txt-000001\""));
	assert_non_null(strstr(page, ">12,345<"));
	assert_null(strchr(page, '\x1b'));
	free(page);
}

static void test_stages_and_bundles(void **state)
{
	(void)state;
	char *page = render(
		"{\"pipeline\": \"p\", \"status\": \"failed\", \"stopped\": \"nothing was delivered\","
		" \"error\": \"e\", \"counts\": {}, \"quarantined\": [], \"dropped\": [],"
		" \"stages\": [{\"name\": \"a\", \"uses\": \"import/text\", \"seconds\": 2.0},"
		" {\"name\": \"b\", \"uses\": \"export/json\", \"seconds\": 0.0}],"
		" \"partners\": [{\"partner\": \"wire\", \"sent\": 2, \"bundle\": \"w.tar\","
		" \"file\": \"out/outbox/wire/w.tar\", \"sha256\": \"ab\"},"
		" {\"partner\": \"far\", \"sent\": 1, \"bundle\": \"f.tar\", \"file\": \"/srv/f.tar\","
		" \"delivery\": {\"url\": \"sftp://h/in/\", \"delivered\": 0, \"queued\": 2,"
		" \"error\": \"f.tar: <refused>\"}}]}");
	assert_int_equal(count(page, "<rect "), 2);
	assert_non_null(strstr(page, "width=\"420.0\"")); /* the longest bar is the full width */
	assert_non_null(strstr(page, "Stopped</span>: nothing was delivered"));
	assert_non_null(strstr(page, "<a href=\"outbox/wire/w.tar\">w.tar</a>"));
	assert_null(strstr(page, "href=\"/srv")); /* outside the output folder: named, no link */
	assert_non_null(strstr(page, "<td>f.tar</td>"));
	assert_non_null(strstr(page, "0 delivered to <code>sftp://h/in/</code><br><strong>2 left queued"));
	assert_non_null(strstr(page, "f.tar: &lt;refused&gt;"));
	assert_non_null(strstr(page, "<span class=\"none\">the outbox</span>")); /* wire: no deliver: */
	free(page);
}

static void test_an_empty_run(void **state)
{
	(void)state;
	char *page = render("{}");
	assert_non_null(strstr(page, "<!DOCTYPE html>"));
	assert_int_equal(count(page, "None."), 2);
	assert_non_null(strstr(page, "No partner deliveries"));
	assert_non_null(strstr(page, "</html>\n"));
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_are_escaped),
		cmocka_unit_test(test_stages_and_bundles),
		cmocka_unit_test(test_an_empty_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
