/* init_cmd.c — `galley init DIR`: a starter project that runs at once:
 * pipeline.yaml (import → clean → a Lua transform → stats → exports →
 * package, with a partner), two sample articles, the transform with its
 * tests, and a README of next steps.  A folder that holds anything is
 * refused, so nothing of someone's is ever overwritten. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/path.h"

static const char pipeline_yaml[] =
	"# pipeline.yaml — a starter pipeline: the articles in in/ are cleaned, put\n"
	"# through scripts/tidy.lua, counted, and exported as JSON and IPTC ninjs;\n"
	"# out/bundles/ gets a tar.gz of it all, and the partner 'example' a\n"
	"# bundle of the ninjs in outbox/example/ with only what is new each night.\n"
	"#   galley check pipeline.yaml    validate\n"
	"#   galley test scripts/          run the transform's tests\n"
	"#   galley run pipeline.yaml      run (again: nothing new to send)\n"
	"name: starter\n"
	"output: out\n"
	"\n"
	"stages:\n"
	"  - name: import\n"
	"    use: import/text\n"
	"    with:\n"
	"      path: in/*.txt\n"
	"      language: en\n"
	"\n"
	"  - name: clean\n"
	"    use: clean/text\n"
	"\n"
	"  - name: tidy\n"
	"    lua: scripts/tidy.lua\n"
	"    with:\n"
	"      replacements:\n"
	"        e-mail: email\n"
	"\n"
	"  - name: stats\n"
	"    use: annotate/stats\n"
	"\n"
	"  # Names (people, places, organisations) and keywords, from the\n"
	"  # gazetteers and stop words galley installs: no settings needed.\n"
	"  # - name: entities\n"
	"  #   use: annotate/entities\n"
	"  # - name: keywords\n"
	"  #   use: annotate/keywords\n"
	"\n"
	"  - name: json\n"
	"    use: export/json\n"
	"\n"
	"  - name: ninjs\n"
	"    use: export/ninjs\n"
	"    with:\n"
	"      uri_prefix: https://example.org/articles/\n"
	"\n"
	"  - name: package\n"
	"    use: package/archive\n"
	"    with:\n"
	"      formats: [tar.gz]\n"
	"\n"
	"partners:\n"
	"  - name: example\n"
	"    formats: [ninjs]\n"
	"    archive: tar.gz\n"
	"    outbox: outbox/example\n";

static const char first_txt[] =
	"---\n"
	"id: harbour-bridge\n"
	"headline: Harbour bridge reopens on Monday\n"
	"section: City\n"
	"published: 2026-12-01\n"
	"bylines: [Kari Nord]\n"
	"---\n"
	"The harbour bridge reopens on Monday after three months of repairs.\n"
	"\n"
	"Cyclists and pedestrians get a lane of their own, separated from the cars by a\n"
	"low wall.\n"
	"\n"
	"Repairs\n"
	"\n"
	"The city replaced the joints and the railings, and the e-mail alerts about\n"
	"closures end with the work.\n"
	"\n"
	"- It is the bridge we should have built in 1970, says the city engineer, Ola Berg.\n";

static const char second_txt[] =
	"---\n"
	"id: library-night\n"
	"headline: Late nights at the library\n"
	"section: Culture\n"
	"published: 2026-11-30\n"
	"---\n"
	"The main library stays open until midnight on Fridays from January.\n"
	"\n"
	"The trial runs for six months. Readers can sign up for e-mail reminders of\n"
	"events.\n";

static const char tidy_lua[] =
	"-- tidy.lua — the starter's own transform: the house terms (the\n"
	"-- `replacements:` map in pipeline.yaml) in the headline and the body, and\n"
	"-- an en dash for a spaced hyphen between words.  Edit it, then run\n"
	"-- `galley test scripts/`.\n"
	"\n"
	"local terms = {}\n"
	"\n"
	"function setup(settings)\n"
	"  terms = settings.replacements or {}\n"
	"end\n"
	"\n"
	"local function tidy(text)\n"
	"  if text == nil then return nil end\n"
	"  for from, to in pairs(terms) do\n"
	"    text = text:gsub(from:gsub(\"%p\", \"%%%0\"), (to:gsub(\"%%\", \"%%%%\")))\n"
	"  end\n"
	"  return (text:gsub(\"(%w) %- (%w)\", \"%1 \\u{2013} %2\"))\n"
	"end\n"
	"\n"
	"function process(article, ctx)\n"
	"  article.headline = tidy(article.headline)\n"
	"  for _, block in ipairs(article.body) do\n"
	"    block.text = tidy(block.text)\n"
	"  end\n"
	"  return article\n"
	"end\n";

static const char tidy_test_yaml[] =
	"# tidy.test.yaml — tests for tidy.lua (run: galley test scripts/)\n"
	"stages:\n"
	"  - lua: tidy.lua\n"
	"    with:\n"
	"      replacements:\n"
	"        e-mail: email\n"
	"\n"
	"cases:\n"
	"  - name: the house term, in the headline and the body\n"
	"    article:\n"
	"      headline: New e-mail alerts\n"
	"      body:\n"
	"        - {type: paragraph, text: \"Sign up for e-mail reminders.\"}\n"
	"    expect:\n"
	"      headline: New email alerts\n"
	"      body[0].text: Sign up for email reminders.\n"
	"\n"
	"  - name: a spaced hyphen between words becomes an en dash\n"
	"    article:\n"
	"      headline: Open - and busy\n"
	"    expect:\n"
	"      headline: Open \xE2\x80\x93 and busy\n";

static const char readme_md[] =
	"# A galley project\n"
	"\n"
	"Made by `galley init`. It runs as it is:\n"
	"\n"
	"    galley check pipeline.yaml   # validate the pipeline and its scripts\n"
	"    galley test scripts/         # the transform's tests\n"
	"    galley run pipeline.yaml     # articles in in/ -> out/ and outbox/example/\n"
	"\n"
	"Next steps:\n"
	"\n"
	"1. Put the night's articles in `in/` (plain text: a headline, a blank line,\n"
	"   paragraphs; optional YAML front matter). For web pages, WordPress\n"
	"   exports, NITF, NewsML-G2, ninjs, Markdown or zip files, change the\n"
	"   import stage to `import/html`, `import/wxr`, `import/nitf`,\n"
	"   `import/newsml`, `import/ninjs`, `import/markdown` or `import/archive`\n"
	"   (`galley plugins` lists them all with their settings).\n"
	"2. Edit `scripts/tidy.lua` and its cases in `scripts/tidy.test.yaml`.\n"
	"3. Give the partner its real outbox, formats (`export/nitf`, `export/feed`\n"
	"   …) and filters (`languages:`, `sections:`, `when:`); a second run sends\n"
	"   only what is new or changed.\n"
	"4. Run it nightly: the galley-nightly@.timer systemd unit, or cron\n"
	"   (`galley run -q /srv/news/pipeline.yaml`). Exit codes: 0 done, 1 some\n"
	"   articles quarantined (see out/quarantine/), 2 invalid pipeline, 3 aborted.\n"
	"\n"
	"`man galley` and `man galley-pipeline` have the reference.\n";

static const char gitignore[] = "out/\noutbox/\n";

static const struct starter_file {
	const char *path, *text;
} files[] = {
	{"pipeline.yaml", pipeline_yaml},
	{"in/harbour-bridge.txt", first_txt},
	{"in/library-night.txt", second_txt},
	{"scripts/tidy.lua", tidy_lua},
	{"scripts/tidy.test.yaml", tidy_test_yaml},
	{"README.md", readme_md},
	{".gitignore", gitignore},
};

/* 1 when dir exists and holds anything, 0 when empty or absent, -1 when
 * it is not a readable folder. */
static int occupied(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	struct dirent *e;
	int any = 0;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

static int write_files(const char *dir)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[4096], folder[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].path);
		snprintf(folder, sizeof(folder), "%s", path);
		*strrchr(folder, '/') = '\0';
		int rc = path_mkdirs(folder, 0755);
		if (!rc)
			rc = path_write_atomic(path, files[i].text, strlen(files[i].text), 1);
		if (rc) {
			fprintf(stderr, "galley: %s: cannot write: %s\n", path, strerror(-rc));
			return EXIT_ABORTED;
		}
	}
	return EXIT_DONE;
}

/* How to run this galley from anywhere: "galley" when that is on PATH,
 * else this binary's absolute path (before `make install`, build/galley
 * is on no PATH). */
static const char *galley_command(char *buf, size_t size)
{
	const char *path = getenv("PATH");
	char *self = realpath("/proc/self/exe", NULL);
	for (const char *d = path; self && d && *d;) {
		size_t n = strcspn(d, ":");
		char cand[4096];
		snprintf(cand, sizeof(cand), "%.*s/galley", (int)n, d);
		char *real = realpath(cand, NULL);
		int same = real && strcmp(real, self) == 0;
		free(real);
		if (same) {
			free(self);
			return "galley";
		}
		d += n + (d[n] == ':');
	}
	snprintf(buf, size, "%s", self ? self : "galley");
	free(self);
	return buf;
}

int cli_init(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		puts("usage: galley init DIR\n\nWrites a starter project into DIR (new or empty): a "
		     "pipeline, two\nsample articles, a Lua transform with its tests and a README.");
		return EXIT_DONE;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fputs("usage: galley init DIR\n", stderr);
		return EXIT_INVALID;
	}
	const char *dir = argv[1];
	int busy = occupied(dir);
	if (busy) {
		fprintf(stderr, "galley: %s: %s; galley init writes only into a new or empty folder\n",
		        dir, busy > 0 ? "not empty" : "not a folder galley can read");
		return EXIT_INVALID;
	}
	int rc = write_files(dir);
	char self[4096];
	if (rc == EXIT_DONE) {
		const char *g = galley_command(self, sizeof(self));
		printf("galley: a starter project in %s; next:\n  cd %s && %s check pipeline.yaml "
		       "&& %s test scripts/ && %s run pipeline.yaml\n",
		       dir, dir, g, g, g);
	}
	return rc;
}
