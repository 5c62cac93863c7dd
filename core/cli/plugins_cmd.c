/* plugins_cmd.c — `galley plugins`: every plugin on the search path (and
 * the built-in lua stage) with its role, description and settings, read
 * from the descriptors themselves; --markdown prints the same as the
 * reference plugins/README.md carries (compared by tests/docs.t), with
 * each plugin's own doc text and its settings' rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/suggest.h"
#include "cli/cli.h"
#include "config/plugin_load.h"
#include "config/settings.h"
#include "lua/script_stage.h"

static const char usage[] =
	"usage: galley plugins [--markdown] [KIND/NAME]...\n"
	"\n"
	"Lists the plugins on the search path (GALLEY_PLUGIN_PATH, the build tree,\n"
	"the install folder) with their settings; those named, when names are given.\n"
	"--markdown prints their reference as Markdown.\n";

static void warn_plugin(const char *msg)
{
	fprintf(stderr, "galley: %s\n", msg);
}

/* A default as shown: a list's items separated by " | " (plain) or as
 * `a`, `b` (Markdown). */
static void print_default(const char *value, int markdown)
{
	if (markdown)
		fputs("`", stdout);
	for (const char *c = value; *c; c++) {
		if (*c == '\n')
			fputs(markdown ? "`, `" : " | ", stdout);
		else if (markdown && *c == '|')
			fputs("\\|", stdout);
		else
			putchar(*c);
	}
	if (markdown)
		fputs("`", stdout);
}

static void print_plain(const galley_plugin *d, const char *path)
{
	printf("%s (%s) — %s\n", d->name, plugin_role_name(d->role), d->description ? d->description : "");
	if (path)
		printf("  file: %s\n", path);
	for (const galley_setting *s = d->settings; s && s->name; s++) {
		char rules[600];
		printf("  %-14s %-8s", s->name, settings_type_name(s->type));
		if (s->default_value) {
			printf(" default: ");
			print_default(s->default_value, 0);
		}
		printf("\n  %14s %s\n", "", s->help ? s->help : "");
		if (settings_rules_text(s, rules, sizeof(rules))[0])
			printf("  %14s (%s)\n", "", rules);
	}
}

/* A table cell: '|' escaped, newlines as spaces. */
static void cell(const char *text)
{
	for (const char *c = text; c && *c; c++)
		fputs(*c == '|' ? "\\|" : *c == '\n' ? " " : (char[2]){*c, 0}, stdout);
}

static void print_markdown(const galley_plugin *d)
{
	printf("### %s (%s)\n\n", d->name, plugin_role_name(d->role));
	if (d->description && d->description[0]) /* a fragment: made a sentence */
		printf("%c%s.\n\n", d->description[0] >= 'a' && d->description[0] <= 'z'
		                         ? d->description[0] - 'a' + 'A'
		                         : d->description[0],
		       d->description + 1);
	if (d->doc)
		printf("%s%s\n", d->doc, d->doc[0] && d->doc[strlen(d->doc) - 1] != '\n' ? "\n" : "");
	if (!d->settings || !d->settings->name) {
		puts("No settings.\n");
		return;
	}
	puts("| setting | type | default | rules | what |");
	puts("| --- | --- | --- | --- | --- |");
	for (const galley_setting *s = d->settings; s->name; s++) {
		char rules[600];
		printf("| `%s` | %s | ", s->name, settings_type_name(s->type));
		if (s->default_value)
			print_default(s->default_value, 1);
		fputs(" | ", stdout);
		cell(settings_rules_text(s, rules, sizeof(rules)));
		fputs(" | ", stdout);
		cell(s->help);
		puts(" |");
	}
	putchar('\n');
}

static int named(int argc, char **argv, int first, const char *name)
{
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return argc <= first;
}

/* Each name that is no plugin, with the closest one ("did you mean"). */
static void unknown_names(const plugins *ps, int argc, char **argv, int first)
{
	const char **names = calloc(ps->count + 2, sizeof(*names));
	for (size_t i = 0; names && i < ps->count; i++)
		names[i] = ps->items[i]->desc.name;
	if (names)
		names[ps->count] = script_stage_plugin()->name;
	for (int a = first; names && a < argc; a++) {
		int known = 0;
		for (size_t i = 0; names[i]; i++)
			known |= strcmp(names[i], argv[a]) == 0;
		if (known)
			continue;
		char hint[300];
		suggest_hint(argv[a], names, hint, sizeof(hint));
		fprintf(stderr, "galley: no plugin '%s'%s\n", argv[a], hint);
	}
	free(names);
}

int cli_plugins(int argc, char **argv)
{
	int first = 1, markdown = argc > 1 && strcmp(argv[1], "--markdown") == 0;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return EXIT_DONE;
	}
	first += markdown;
	plugins ps;
	galley_error err = {0};
	if (plugins_init(&ps, NULL, 0, &err)) {
		char msg[2048];
		galley_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "galley: %s\n", msg);
		return EXIT_ABORTED;
	}
	plugins_load_all(&ps, warn_plugin);
	unknown_names(&ps, argc, argv, first);
	int shown = 0;
	for (size_t i = 0; i < ps.count; i++)
		if (named(argc, argv, first, ps.items[i]->desc.name)) {
			if (markdown)
				print_markdown(&ps.items[i]->desc);
			else
				print_plain(&ps.items[i]->desc, ps.items[i]->path);
			shown++;
		}
	if (named(argc, argv, first, script_stage_plugin()->name)) {
		if (markdown)
			print_markdown(script_stage_plugin());
		else
			print_plain(script_stage_plugin(), NULL);
		shown++;
	}
	plugins_release(&ps);
	if (argc > first && shown < argc - first) {
		fprintf(stderr, "galley: %d of the plugins named %s not on the search path\n",
		        argc - first - shown, argc - first - shown == 1 ? "is" : "are");
		return EXIT_INVALID;
	}
	return EXIT_DONE;
}
