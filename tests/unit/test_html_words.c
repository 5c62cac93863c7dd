/* test_html_words.c — plugins/lib/html/html_words.c: which of html_readable's
 * word lists a class or an id holds, found anywhere, in any case, in the
 * first 511 bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/lib/html/html_words.c"

enum { U = HTML_WORDS_UNLIKELY, R = HTML_WORDS_RESCUED, P = HTML_WORDS_POSITIVE,
       N = HTML_WORDS_NEGATIVE };

static void test_words_and_their_lists(void **state)
{
	(void)state;
	assert_int_equal(html_words("sidebar"), U | N);     /* in two lists */
	assert_int_equal(html_words("article-body"), R | P); /* two words of two lists */
	assert_int_equal(html_words("entry"), P);
	assert_int_equal(html_words("rss"), U);
	assert_int_equal(html_words("hidden"), N);
	assert_int_equal(html_words("nav-item big"), 0);
}

static void test_anywhere_in_any_case(void **state)
{
	(void)state;
	assert_int_equal(html_words("relatedLinks"), U | N);
	assert_int_equal(html_words("MAIN"), R | P);
	assert_int_equal(html_words("x h-entry"), P);
	assert_int_equal(html_words("com-box"), N);    /* "com-" ends in a hyphen */
	assert_int_equal(html_words("mysocial"), U | N); /* at the end */
	assert_int_equal(html_words("sharing"), U); /* its own word: "share" is not in it */
}

static void test_nothing_and_short(void **state)
{
	(void)state;
	assert_int_equal(html_words(NULL), 0);
	assert_int_equal(html_words(""), 0);
	assert_int_equal(html_words("r"), 0);
	assert_int_equal(html_words("rs"), 0);
	assert_int_equal(html_words("\xc3\xa9tag\xc3\xa9"), 0);
}

static void test_only_the_first_511_bytes(void **state)
{
	(void)state;
	char s[600];
	memset(s, 'x', sizeof(s));
	memcpy(s + 506, "sidebar", 7);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(html_words(s), 0); /* "sideb" is all that counts */
	memcpy(s + 400, "promo", 5);
	assert_int_equal(html_words(s), U | N);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_their_lists),
		cmocka_unit_test(test_anywhere_in_any_case),
		cmocka_unit_test(test_nothing_and_short),
		cmocka_unit_test(test_only_the_first_511_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
