/* entities_bench.c — the entity matcher alone (plugins/lib/gazetteer/gazetteer.c) on
 * one core: loads a YAML gazetteer, builds the automaton, then finds and
 * resolves the mentions in a text file, article by article (articles are
 * separated by form feeds), as annotate/entities does.  Prints one JSON
 * line: entries, names, states, matcher MB, build seconds, MB/s, mentions.
 * usage: entities_bench GAZETTEER.yaml TEXT LANG */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gazetteer/aho_corasick.h"
#include "gazetteer/gazetteer_load.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	if (!f || fseek(f, 0, SEEK_END) || (*len = (size_t)ftell(f), fseek(f, 0, SEEK_SET)) ||
	    !(buf = malloc(*len + 1)) || fread(buf, 1, *len, f) != *len) {
		fprintf(stderr, "entities_bench: cannot read %s\n", path);
		exit(2);
	}
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: entities_bench GAZETTEER.yaml TEXT LANG\n");
		return 2;
	}
	size_t glen, tlen;
	char *yaml = slurp(argv[1], &glen), *text = slurp(argv[2], &tlen), why[1024];
	double t0 = now();
	gazetteer *g = gz_new();
	if (gz_load_yaml(g, argv[1], yaml, glen, why, sizeof(why)) || gz_compile(g)) {
		fprintf(stderr, "entities_bench: %s\n", why);
		return 1;
	}
	double t1 = now();
	gz_scan s = {0};
	s.lang = argv[3];
	size_t mentions = 0;
	for (char *a = text, *end = text + tlen; a < end;) {
		char *ff = memchr(a, '\f', (size_t)(end - a));
		size_t n = (size_t)((ff ? ff : end) - a);
		s.n = 0;
		if (gz_scan_text(g, &s, a, n, 0))
			return 1;
		gz_resolve(g, &s);
		mentions += s.n;
		a += n + 1;
	}
	double t2 = now();
	printf("{\"entries\": %zu, \"names\": %zu, \"matcher_mb\": %.1f, \"build_s\": %.3f, "
	       "\"mb\": %.1f, \"scan_s\": %.3f, \"mb_per_s\": %.1f, \"mentions\": %zu}\n",
	       gz_entry_count(g), gz_names(g), gz_matcher_bytes(g) / 1048576.0, t1 - t0,
	       tlen / 1048576.0, t2 - t1, tlen / 1048576.0 / (t2 - t1), mentions);
	gz_scan_free(&s);
	gz_free(g);
	free(yaml);
	free(text);
	return 0;
}
