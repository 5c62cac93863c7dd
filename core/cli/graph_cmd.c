/* graph_cmd.c — `galley graph [--format dot|mermaid] PIPELINE`: the
 * pipeline's stages as a graph, for docs and reviews.  Articles flow from
 * the sources through the transforms in order; every sink receives them in
 * turn; partners are fed by the export stages named in their formats. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config/partners.h"
#include "config/pipeline.h"
#include "config/pipeline_bind.h"

static const char graph_usage[] =
	"usage: galley graph [--format dot|mermaid] PIPELINE\n\n"
	"Prints the pipeline's stages as a Graphviz DOT (default) or Mermaid graph.\n";

static const char *shape_of(galley_role role, int mermaid)
{
	if (mermaid)
		return role == GALLEY_ROLE_SOURCE ? "([%s])" : role == GALLEY_ROLE_SINK ? "[(%s)]" : "[%s]";
	return role == GALLEY_ROLE_SOURCE ? "house" : role == GALLEY_ROLE_SINK ? "cylinder" : "box";
}

/* A label safe in both formats: name, then (after sep) what runs it. */
static void label(const stage *s, const char *sep, char *out, size_t size)
{
	const char *what = s->use ? s->use : strrchr(s->lua, '/') ? strrchr(s->lua, '/') + 1 : s->lua;
	if (strcmp(s->name, what) == 0)
		snprintf(out, size, "%s", s->name);
	else
		snprintf(out, size, "%s%s%s", s->name, sep, what);
	for (char *c = out; *c; c++)
		if (*c == '"')
			*c = '\'';
}

static void dot(const pipeline *p)
{
	printf("digraph \"%s\" {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n", p->name);
	for (size_t i = 0; i < p->nstages; i++) {
		char l[512];
		label(&p->stages[i], "\\n", l, sizeof(l));
		printf("  s%zu [label=\"%s\", shape=%s];\n", i, l,
		       shape_of(p->stages[i].plugin->role, 0));
	}
	for (size_t i = 0; i + 1 < p->nstages; i++)
		printf("  s%zu -> s%zu%s;\n", i, i + 1,
		       p->stages[i].plugin->role == GALLEY_ROLE_SINK ? " [style=dashed]" : "");
	/* partners: fed by the export stages they take formats from */
	for (size_t k = 0; k < p->npartners; k++) {
		const partner *pt = &p->partners[k];
		printf("  p%zu [label=\"%s\\n%s%s\", shape=folder];\n", k, pt->name, pt->archive,
		       pt->bagit ? " (BagIt)" : "");
		for (size_t f = 0; f < pt->formats.count; f++)
			printf("  s%zu -> p%zu;\n", pt->format_stages[f], k);
	}
	printf("}\n");
}

static void mermaid(const pipeline *p)
{
	printf("flowchart LR\n");
	for (size_t i = 0; i < p->nstages; i++) {
		char l[512], node[600];
		label(&p->stages[i], "<br>", l, sizeof(l));
		char quoted[560];
		snprintf(quoted, sizeof(quoted), "\"%s\"", l);
		snprintf(node, sizeof(node), shape_of(p->stages[i].plugin->role, 1), quoted);
		printf("  s%zu%s\n", i, node);
	}
	for (size_t i = 0; i + 1 < p->nstages; i++)
		printf("  s%zu %s s%zu\n", i, p->stages[i].plugin->role == GALLEY_ROLE_SINK ? "-.->" : "-->",
		       i + 1);
	for (size_t k = 0; k < p->npartners; k++) {
		const partner *pt = &p->partners[k];
		printf("  p%zu[/\"%s<br>%s%s\"/]\n", k, pt->name, pt->archive,
		       pt->bagit ? " (BagIt)" : "");
		for (size_t f = 0; f < pt->formats.count; f++)
			printf("  s%zu --> p%zu\n", pt->format_stages[f], k);
	}
}

int cli_graph(int argc, char **argv)
{
	const char *format = "dot", *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return fputs(graph_usage, stdout), EXIT_DONE;
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (argv[i][0] != '-' && !file)
			file = argv[i];
		else
			return fputs(graph_usage, stderr), EXIT_INVALID;
	}
	if (!file || (strcmp(format, "dot") != 0 && strcmp(format, "mermaid") != 0))
		return fputs(graph_usage, stderr), EXIT_INVALID;
	pipeline p;
	plugins ps = {0};
	galley_error err = {0};
	int rc = pipeline_load(&p, file, NULL, 0, &err);
	if (!rc)
		rc = plugins_init(&ps, p.plugin_path, p.nplugin_path, &err);
	if (!rc)
		rc = pipeline_bind(&p, &ps, &err);
	if (rc) {
		char msg[2048];
		galley_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "galley: %s\n", msg);
	} else if (strcmp(format, "dot") == 0) {
		dot(&p);
	} else {
		mermaid(&p);
	}
	pipeline_release(&p);
	plugins_release(&ps);
	return rc ? EXIT_INVALID : EXIT_DONE;
}
