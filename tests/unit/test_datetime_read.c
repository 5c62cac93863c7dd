/* test_datetime_read.c — dates as newsrooms write them (issue 32, point 8)
 * come out in the ISO 8601 form articles hold; what is not a date, or a
 * day no calendar has, is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "text/datetime_read.h"

static void assert_reads(const char *in, const char *language, const char *want)
{
	char out[32];
	assert_int_equal(datetime_read(in, language, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void assert_refused(const char *in)
{
	char out[32];
	assert_int_equal(datetime_read(in, NULL, out, sizeof(out)), -1);
}

static void test_iso_stays_as_it_is(void **state)
{
	(void)state;
	assert_reads("2026-12-05", NULL, "2026-12-05");
	assert_reads("2026-11-23T06:00Z", NULL, "2026-11-23T06:00Z");
	assert_reads("2026-11-23T08:00:00+02:00", NULL, "2026-11-23T08:00:00+02:00");
	assert_reads("20261123T060000+0000", NULL, "2026-11-23T06:00:00+00:00");
	assert_reads("2026-12-06 10:00:00", NULL, "2026-12-06T10:00:00");
}

static void test_rfc_2822(void **state)
{
	(void)state;
	assert_reads("Mon, 23 Nov 2026 06:00:00 +0000", NULL, "2026-11-23T06:00:00+00:00");
	assert_reads("Sun, 06 Dec 2026 10:00:00 -0500", NULL, "2026-12-06T10:00:00-05:00");
	assert_reads("23 Nov 2026 06:00 GMT", NULL, "2026-11-23T06:00:00+00:00");
	assert_reads("Dec. 5, 2026 at 10:00 EST", NULL, "2026-12-05T10:00:00-05:00");
}

static void test_words_in_newsroom_languages(void **state)
{
	(void)state;
	assert_reads("5 December 2026", "en", "2026-12-05");
	assert_reads("December 5, 2026", "en", "2026-12-05");
	assert_reads("5. desember 2026 kl. 10.00", "nb", "2026-12-05T10:00:00");
	assert_reads("5 december 2026", "sv", "2026-12-05");
	assert_reads("5. März 2026", "de", "2026-03-05");
	assert_reads("5 décembre 2026", "fr", "2026-12-05");
	assert_reads("5 de diciembre de 2026", "es", "2026-12-05");
	assert_reads("the 5th of December 2026", "en", "2026-12-05");
}

static void test_numbers_day_first_unless_american(void **state)
{
	(void)state;
	assert_reads("06/12/2026 10:00", "en-GB", "2026-12-06T10:00:00");
	assert_reads("6.12.2026", "nb", "2026-12-06");
	assert_reads("06/12/2026", "en-US", "2026-06-12");
	assert_reads("2026/12/06", "en-US", "2026-12-06");
}

static void test_not_dates(void **state)
{
	(void)state;
	assert_refused("yesterday");
	assert_refused("");
	assert_refused("2026");
	assert_refused("31/02/2026");
	assert_refused("5 Smarch 2026");
	assert_refused("0000-00-00 00:00:00");
	assert_refused("25:00 5 December 2026");
	assert_refused(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_stays_as_it_is),
		cmocka_unit_test(test_rfc_2822),
		cmocka_unit_test(test_words_in_newsroom_languages),
		cmocka_unit_test(test_numbers_day_first_unless_american),
		cmocka_unit_test(test_not_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
