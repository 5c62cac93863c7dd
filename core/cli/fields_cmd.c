/* fields_cmd.c — `galley fields`: the article's fields as the model's
 * table has them (article_fields.h), for people and, with --markdown, for
 * the docs (the checked-in copy is compared with it by tests/docs.t). */
#include <stdio.h>
#include <string.h>

#include "model/article.h"
#include "cli/cli.h"

static const char usage[] =
	"usage: galley fields [--markdown]\n"
	"\n"
	"Lists the article's fields: name, type and notes, in the canonical JSON's\n"
	"order; --markdown prints them as the docs' table.\n";

static void print_markdown(void)
{
	puts("| field | type | notes |");
	puts("| --- | --- | --- |");
	for (int f = 0; f < AF_COUNT; f++)
		printf("| `%s` | %s |%s%s |\n", article_fields[f].name, article_fields[f].doc_type,
		       article_fields[f].doc_notes[0] ? " " : "",
		       article_fields[f].doc_notes);
}

static void print_plain(void)
{
	for (int f = 0; f < AF_COUNT; f++) {
		printf("%-11s %s", article_fields[f].name, article_fields[f].doc_type);
		if (article_fields[f].doc_notes[0])
			printf(": %s", article_fields[f].doc_notes);
		putchar('\n');
	}
}

int cli_fields(int argc, char **argv)
{
	int markdown = argc == 2 && strcmp(argv[1], "--markdown") == 0;
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return EXIT_DONE;
	}
	if (argc > 2 || (argc == 2 && !markdown)) {
		fputs(usage, stderr);
		return EXIT_INVALID;
	}
	if (markdown)
		print_markdown();
	else
		print_plain();
	return EXIT_DONE;
}
