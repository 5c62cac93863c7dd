/* import/nitf — NITF 3.x files (one news item each) into articles.  The
 * parse is lib/xml_in's (no network, no DTD, no entities); the mapping is
 * lib/nitf_read's, which import/newsml shares for the NITF a NewsML-G2
 * item carries inline.  A file that is not well-formed NITF is
 * quarantined with libxml2's first error, line and column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_fill.h"
#include "galley/plugin.h"
#include "io/import_files.h"
#include "xml/nitf_read.h"
#include "xml/xml_in.h"

static const galley_host *H;

static const galley_setting settings[] = {
	IMPORT_FILE_SETTINGS("NITF files, such as 'wire/*.xml',", "16777216"),
	{0},
};

static int nitf_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	(void)ctx;
	H = host;
	*state = NULL;
	return GALLEY_OK;
}

static int nitf_run(void *state, galley_ctx *ctx)
{
	(void)state;
	return import_list_files(H, ctx, "import/nitf");
}

/* The article from a parsed document; why it cannot be one into why. */
static int read_doc(galley_ctx *ctx, galley_article *a, const xmlNode *root, const char *path,
                    char *why, size_t n)
{
	if (!xml_is(root, "nitf"))
		return snprintf(why, n, "not NITF: the root element is <%s>, not <nitf>", root->name), -1;
	if (nitf_read(H, a, root) ||
	    fill(H, a, "language", H->setting_string(ctx, "language")))
		return snprintf(why, n, "out of memory"), -1;
	if (!H->get(a, "headline"))
		return snprintf(why, n, "no headline: neither body.head/hedline/hl1 nor head/title"), -1;
	if (!H->block_count(a)) /* a flash: the headline alone */
		H->log(ctx, GALLEY_LOG_WARN, "%s: a headline but no text: imported as a headline only", path);
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	/* galley's NITF keeps the id in du-key@key, the guid in doc-id */
	const char *key = xml_attr(xml_path(root, "head/docdata/du-key"), "key");
	const char *ids[] = {key, H->extra_get_string(a, "doc_id"), H->get(a, "headline"), file};
	if (fill_id(H, a, ids, 4))
		return snprintf(why, n, "out of memory"), -1;
	return 0;
}

static int nitf_process(void *state, galley_ctx *ctx, galley_article *a)
{
	(void)state;
	return xml_in_process(H, ctx, a, read_doc);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"NITF 3.x files, one news item each (lib/xml/nitf_read,\n"
	"the reverse of export/nitf; import/newsml uses the same code for NITF carried\n"
	"inline). Settings: `path` (required), `language` (for documents without\n"
	"`baselang`), `max_bytes` (16 MB), `follow_symlinks`. A document with a\n"
	"headline but no paragraph (a flash) is imported with a warning.\n"
	"\n"
	"| NITF | galley |\n"
	"| --- | --- |\n"
	"| `body.head/hedline/hl1`, else `head/title` | `headline` |\n"
	"| `hedline/hl2` | `kicker` |\n"
	"| `byline` (its `person`, else its text, without `By `/`Av `) | `bylines` |\n"
	"| `abstract` | `standfirst` |\n"
	"| `body.content`: `p` (class `caption`/`embed` keeps that type), `hl2`, `bq` (`block`/`p` text; `credit` without a leading dash), `ul`/`ol` (`li`), `pre`/`table` (as text), `block` (walked) | `body`: paragraph, heading level 2, quote with `speaker`, list, paragraph |\n"
	"| `media`: `media-reference` `source`, `mime-type`, `alternate-text`; `media-caption`; `media-producer`; `media-type` | `media`: `href`, `mime`, `alt`, `caption`, `credit`, type (`image` for image/graphic) |\n"
	"| `docdata/doc-id@id-string` | `guid`, `id` (its slug, unless `du-key@key` gives one), `extra.doc_id` |\n"
	"| `docdata/du-key@key`; `du-key@version` | `id` (as galley's NITF writes it); `version` |\n"
	"| `docdata@management-status` (`usable`, `withheld`, `canceled`; `embargoed` is usable, its time in `date.release`); `docdata/correction` | `pubstatus`; the signal `correction` |\n"
	"| `docdata/date.issue@norm` (else `date.release`); a later `date.release`; `date.expire` | `dates.published`; `dates.embargo`; `extra.expires` (ISO 8601 basic `20231012T060000Z` read as `2023-10-12T06:00:00Z`) |\n"
	"| `docdata/urgency@ed-urg` (1–8) | `urgency` |\n"
	"| `docdata/key-list/keyword@key` | `keywords` |\n"
	"| `docdata/identified-content`: `person`, `org`, `location`, `event`, `object.title`, `virtloc` | entities `person`, `organisation`, `place`, `event`, `work`, `place` |\n"
	"| `evloc` and `location` in the body (text, else `city`/`country`) | entities `place` (each once) |\n"
	"| `head/tobject/tobject.subject` (`refnum`, `type`, `matter`, `detail`) | `extra.subjects` `[{code, type, matter, detail}]`, and a `subject` entity by the most specific name |\n"
	"| `tobject@tobject.type` | `extra.genre` |\n"
	"| `pubdata@position.section`; `@name`; `@date.publication` | `section`; `extra.publication`; `dates.published` when docdata has none |\n"
	"| `doc.copyright@holder`; `doc.rights@limitations`; `body.end/tagline`; `body.head/dateline` | `extra.copyright_holder`; `usageterms`; `extra.tagline`; `extra.dateline` |\n"
	"| `nitf@baselang`, else `body@xml:lang` | `language` |\n";

GALLEY_PLUGIN_DEFINE(.name = "import/nitf", .doc = reference,
                     .description = "reads NITF 3.x news items: headline, byline, body, media and docdata",
                     .role = GALLEY_ROLE_SOURCE, .settings = settings, .init = nitf_init,
                     .run = nitf_run, .process = nitf_process)
