/* test_text_count.c — lib/text_count: words and characters of fixed
 * texts, and the 64-byte path held to the one-code-point-at-a-time
 * definition on random texts of spaces, letters, digits, punctuation and
 * multi-byte characters falling across every block and piece boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/lib/text/text_count.c"

static text_counts counted(const char *s)
{
	text_counts n = {0}, plain = {0};
	text_count(s, strlen(s), &n);
	text_count_plain(s, strlen(s), &plain);
	assert_int_equal(n.words, plain.words);
	assert_int_equal(n.characters, plain.characters);
	return n;
}

static void test_fixed_texts(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		uint64_t words, characters;
	} cases[] = {
		{"", 0, 0},
		{"   ", 0, 3},
		{"word", 1, 4},
		{"two words", 2, 9},
		{" -- & -- ", 0, 9},             /* punctuation alone is no word */
		{"\"Quoted,\" she said.", 3, 19}, /* punctuation around words */
		{"e-mail 3-4", 2, 10},
		{"a\tb\nc\rd", 4, 7},
		{"Ærø — Øst", 2, 9},            /* an em dash between spaces is no word */
		{"no\xC2\xA0" "break", 2, 8},    /* U+00A0 is a space (Zs) */
		{"line\xE2\x80\xA8next", 2, 9},  /* U+2028 (Zl) */
		{"\xD9\xA3\xD9\xA4 x", 2, 4},    /* Arabic-Indic digits are digits */
		{"\x01\x7F", 0, 2},              /* controls are neither */
		{"日本語のテキスト", 1, 8},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		text_counts n = counted(cases[i].text);
		assert_int_equal(n.words, cases[i].words);
		assert_int_equal(n.characters, cases[i].characters);
	}
}

/* Words of every length across the 16- and 64-byte boundaries. */
static void test_boundaries(void **state)
{
	(void)state;
	char buf[300];
	for (size_t pad = 0; pad < 70; pad++)
		for (size_t word = 1; word < 20; word++) {
			size_t n = 0;
			memset(buf, ' ', pad);
			n = pad;
			for (size_t k = 0; k < word; k++)
				buf[n++] = k % 3 ? 'x' : '-';
			memcpy(buf + n, "\xC3\xA9 ..\xE2\x80\x94", 8);
			buf[n + 8] = '\0';
			counted(buf);
		}
}

static void test_random_texts(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		" ", "  ", "\t", "\n", "a", "Z", "9", "-", ",", ".", "\"", "(", "\x01",
		"\xC2\xA0", "\xE2\x80\x83", "\xE2\x80\xA8", "\xC3\xA9", "\xD0\xB6", "\xE4\xB8\xAD",
		"\xD9\xA3", "\xF0\x9F\x98\x80", "\xE2\x80\x94", "_", "~"};
	size_t npieces = sizeof(pieces) / sizeof(pieces[0]);
	srand(13);
	char buf[4096];
	for (int round = 0; round < 3000; round++) {
		size_t n = 0, want = (size_t)(rand() % 600);
		while (n < want) {
			const char *p = pieces[(size_t)rand() % npieces];
			size_t len = strlen(p);
			memcpy(buf + n, p, len);
			n += len;
		}
		buf[n] = '\0';
		counted(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_texts),
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_random_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
