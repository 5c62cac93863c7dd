/* test_clean_runs.c — clean/text's runs of plain text: run_end_fast
 * (sixteen bytes at a time with SSE2) held to run_end (a byte at a time)
 * from every start in random texts of letters, single and double spaces,
 * closing punctuation, newlines, tabs and UTF-8, and at the ends of texts
 * of every length. */
#include "../../plugins/clean/text.c" /* before cmocka.h, whose fail() is a macro */
#include "../../plugins/lib/text/strbuf.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void same_from_every_start(const char *text)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i++)
		if (printable(s[i]))
			assert_int_equal(run_end_fast(s, i + 1, n), run_end(s, i + 1, n));
}

static void test_fixed_texts(void **state)
{
	(void)state;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)"One two three four five six seven .";
	assert_int_equal(run_end_fast(s, 1, strlen((const char *)s)), 33); /* the space before '.' */
	same_from_every_start("Words and  two spaces, then a comma , and more text after it here.");
	same_from_every_start("\xC3\xA9t\xC3\xA9 \xE2\x80\x94 a dash, then plain text to the end of it");
}

static void test_random_texts(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a", "Z", "9", " ", " ", "  ", ".", ",", "?", "!", ":",
	                                     ";", "-", "\"", "\n", "\t", "\xC3\xA9", "\xE2\x80\x94", "~"};
	size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	srand(29);
	char buf[2048];
	for (int round = 0; round < 2000; round++) {
		size_t n = 0, want = (size_t)(rand() % 300);
		while (n < want) {
			const char *p = rand() % 3 ? pieces[(size_t)rand() % 4] : pieces[(size_t)rand() % npieces];
			memcpy(buf + n, p, strlen(p));
			n += strlen(p);
		}
		buf[n] = '\0';
		same_from_every_start(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_texts),
		cmocka_unit_test(test_random_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
