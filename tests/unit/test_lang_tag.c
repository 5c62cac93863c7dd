/* test_lang_tag.c — BCP 47 tags: RFC 5646's own examples are well formed
 * and come back in their conventional case; what front matter and pages
 * hold instead of a tag ("English (UK)", "fr_FR.UTF-8") is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "base/lang_tag.h"

static void assert_tag(const char *in, const char *want)
{
	char out[LANG_TAG_MAX];
	assert_int_equal(lang_tag_normalise(in, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void assert_refused(const char *in)
{
	char out[LANG_TAG_MAX] = "junk";
	assert_int_equal(lang_tag_normalise(in, out, sizeof(out)), -1);
	assert_string_equal(out, "");
}

static void test_rfc_examples_are_tags(void **state)
{
	(void)state;
	/* RFC 5646 appendix A, each part of the grammar */
	assert_tag("de", "de");
	assert_tag("zh-Hant", "zh-Hant");
	assert_tag("zh-cmn-Hans-CN", "zh-cmn-Hans-CN");
	assert_tag("zh-yue-HK", "zh-yue-HK");
	assert_tag("sr-Latn-RS", "sr-Latn-RS");
	assert_tag("sl-rozaj-biske", "sl-rozaj-biske");
	assert_tag("de-CH-1901", "de-CH-1901");
	assert_tag("hy-Latn-IT-arevela", "hy-Latn-IT-arevela");
	assert_tag("es-419", "es-419");
	assert_tag("de-DE-u-co-phonebk", "de-DE-u-co-phonebk");
	assert_tag("en-US-x-twain", "en-US-x-twain");
	assert_tag("x-whatever", "x-whatever");
	assert_tag("qaa-Qaaa-QM-x-southern", "qaa-Qaaa-QM-x-southern");
	assert_tag("en-a-myext-b-another", "en-a-myext-b-another");
	assert_tag("i-klingon", "i-klingon");
	assert_tag("en-GB-oed", "en-GB-oed");
}

static void test_case_and_underscores_are_conventional(void **state)
{
	(void)state;
	assert_tag("EN", "en");
	assert_tag("en_us", "en-US");
	assert_tag("EN-gb", "en-GB");
	assert_tag("zh-hant-tw", "zh-Hant-TW");
	assert_tag("NB_no", "nb-NO");
	assert_tag("EN-gb-OED", "en-GB-oed");
	assert_tag("de-ch-X-Private", "de-CH-x-private");
}

static void test_what_is_no_tag_is_refused(void **state)
{
	(void)state;
	assert_refused("");
	assert_refused("English (UK)");
	assert_refused("English");       /* the RFC's 5-8 letter languages are reserved */
	assert_refused("fran");          /* and the 4-letter ones */
	assert_refused("fr_FR.UTF-8");   /* a POSIX locale with its charset */
	assert_refused("en us; x");
	assert_refused("e");
	assert_refused("en-");
	assert_refused("-en");
	assert_refused("en--US");
	assert_refused("en-a");          /* a singleton without its subtag */
	assert_refused("en-x");
	assert_refused("x");
	assert_refused("en-a-b");        /* an extension's subtags are 2-8 long */
	assert_refused("en-US-US");      /* one region */
	assert_refused("en-Latn-Latn");  /* one script */
	assert_refused("zh-Hant-yue");   /* extlangs come before the script */
	assert_refused("en-abcdefghi");  /* subtags are at most 8 long */
	assert_refused("en-1ab");        /* a 4-character variant starts with a digit */
	assert_refused("en-ÅÅ");
}

static void test_a_tag_longer_than_the_buffer_is_refused(void **state)
{
	(void)state;
	char small[6] = "junk";
	assert_int_equal(lang_tag_normalise("en-GB", small, sizeof(small)), 0);
	assert_int_equal(lang_tag_normalise("en-GB-x", small, sizeof(small)), -1);
	assert_string_equal(small, "");
	/* private use may run on, but not past LANG_TAG_MAX - 1 */
	char tag[LANG_TAG_MAX + 8] = "x", out[LANG_TAG_MAX * 2];
	while (strlen(tag) + 3 < LANG_TAG_MAX)
		strcat(tag, "-ab");
	assert_int_equal(lang_tag_normalise(tag, out, sizeof(out)), 0);
	strcat(tag, "-ab");
	assert_int_equal(lang_tag_normalise(tag, out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_examples_are_tags),
		cmocka_unit_test(test_case_and_underscores_are_conventional),
		cmocka_unit_test(test_what_is_no_tag_is_refused),
		cmocka_unit_test(test_a_tag_longer_than_the_buffer_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
