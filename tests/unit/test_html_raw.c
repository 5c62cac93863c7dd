/* test_html_raw.c — plugins/lib/html/html_raw.c: script and style bodies cut
 * out of a page before it is parsed, runs of spaces in its text made one,
 * and nothing else touched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../plugins/lib/html/html_raw.c"

static void cuts(const char *in, const char *want)
{
	size_t len = strlen(in);
	char *out = malloc(len + 1);
	size_t n = html_cut_raw_text(in, len, out);
	out[n] = '\0';
	assert_string_equal(out, want);
	free(out);
}

static void test_bodies_go_tags_stay(void **state)
{
	(void)state;
	cuts("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>",
	     "<p>a</p><script></script><p>b</p>");
	cuts("<STYLE type=\"text/css\">p { color: red }</Style >x", "<STYLE type=\"text/css\"></Style >x");
	cuts("<script src=\"a.js\" async></script>", "<script src=\"a.js\" async></script>");
}

static void test_json_data_blocks_are_kept(void **state)
{
	(void)state;
	const char *ld = "<script type=\"application/ld+json\">{\"author\": \"Erik Lind\"}</script>";
	cuts(ld, ld);
	cuts("<script type='application/json'>[1]</script>", "<script type='application/json'>[1]</script>");
}

static void test_what_only_looks_like_a_script(void **state)
{
	(void)state;
	const char *comment = "<!-- <script>kept()</script> --><p>x</p>";
	cuts(comment, comment);
	const char *attr = "<a title=\"<script>\" href=\"x\">link</a><p>after</p>";
	cuts(attr, attr);
	const char *quoted_gt = "<script data-x=\"a>b\">code()</script>";
	cuts(quoted_gt, "<script data-x=\"a>b\"></script>");
	cuts("<scripts>x</scripts>", "<scripts>x</scripts>");
	cuts("a < b and <3", "a < b and <3");
}

static void test_an_unclosed_element_is_kept_whole(void **state)
{
	(void)state;
	cuts("<p>x</p><script>never closed <p>y</p>", "<p>x</p><script>never closed <p>y</p>");
	cuts("<script", "<script");
	cuts("<!-- open comment <script>x</script>", "<!-- open comment <script>x</script>");
	cuts("", "");
}

static void test_the_end_tag_is_the_first_one(void **state)
{
	(void)state;
	/* as HTML's tokenizer: a script ends at the first </script, even in a string */
	cuts("<script>a = '</script>'; b()</script>", "<script></script>'; b()</script>");
	cuts("<script>if (a</b) {}</script>z", "<script></script>z");
}

static void test_runs_of_spaces_become_one(void **state)
{
	(void)state;
	cuts("<div>\n    <p>a   b</p>\n\n  </div>", "<div>\n<p>a b</p>\n</div>");
	cuts("<p>a\tb c\nd</p>", "<p>a\tb c\nd</p>"); /* one is kept as it is */
	cuts("a \r\n b", "a\nb");
	/* not in tags, comments, JSON-LD, or where spaces are the text */
	const char *tag = "<img alt=\"a   b\"  src=x>";
	cuts(tag, tag);
	cuts("<!--  a   b  -->", "<!--  a   b  -->");
	const char *ld = "<script type=\"application/ld+json\">{\n    \"a\": 1}</script>";
	cuts(ld, ld);
	const char *pre = "<pre>  x\n    y</pre>  <textarea>a  b</textarea>";
	cuts(pre, "<pre>  x\n    y</pre> <textarea>a  b</textarea>");
	cuts("<pre>open   to the end", "<pre>open to the end"); /* no end tag: read as text */
	cuts("<prefix>a  b</prefix>", "<prefix>a b</prefix>");
}

/* A tag of n attributes (a1="x" … ), with more between them, and its end. */
static char *tag_of(const char *name, int n, const char *value, const char *end)
{
	char *t = malloc((size_t)n * 64 + 64), *o = t;
	o += sprintf(o, "<%s", name);
	for (int i = 1; i <= n; i++)
		o += sprintf(o, " a%d=%s", i, value);
	strcpy(o, end);
	return t;
}

static void test_attributes_past_256_are_left_out(void **state)
{
	(void)state;
	/* 256 are the tag as it is, whatever their values hold */
	char *full = tag_of("div", 256, "'a > b \"c\"'", ">x</div>");
	cuts(full, full);
	char *more = tag_of("div", 300, "'a > b \"c\"'", ">x</div>");
	cuts(more, full);
	free(full);
	free(more);
	/* unquoted values, a self-closing tag, a script (whose body goes) */
	full = tag_of("img", 256, "v", "/>");
	more = tag_of("img", 257, "v", "/>");
	full[strlen(full) - 2] = '\0';
	strcat(full, "/>");
	cuts(more, full);
	free(full);
	free(more);
	full = tag_of("script", 256, "\"s\"", "></script>");
	more = tag_of("script", 1000, "\"s\"", ">var x;</script>");
	cuts(more, full);
	free(full);
	free(more);
	/* a value with spaces around its '=' is one attribute */
	cuts("<p a = \"1\" b= 2 c =3 d>x</p>", "<p a = \"1\" b= 2 c =3 d>x</p>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bodies_go_tags_stay),
		cmocka_unit_test(test_json_data_blocks_are_kept),
		cmocka_unit_test(test_what_only_looks_like_a_script),
		cmocka_unit_test(test_an_unclosed_element_is_kept_whole),
		cmocka_unit_test(test_the_end_tag_is_the_first_one),
		cmocka_unit_test(test_runs_of_spaces_become_one),
		cmocka_unit_test(test_attributes_past_256_are_left_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
