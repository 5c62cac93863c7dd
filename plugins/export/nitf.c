/* export/nitf — one DIR/ID.xml per article in NITF 3.6, written by
 * lib/xml/nitf_write (which export/newsml shares) with libxml2's
 * xmlTextWriter.  The mapping is the reference table below; tests/exports.t
 * checks the output with xmllint against IPTC's schema. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article/article_doc.h"
#include "io/export_path.h"
#include "galley/plugin.h"
#include "xml/nitf_write.h"
#include "xml/xml_out.h"

static const galley_host *H;

static const galley_setting settings[] = {
	EXPORT_DIR_SETTING("nitf"),
	GALLEY_SETTING("publication", STRING, NULL, "pubdata name: the publication's name"),
	GALLEY_SETTING("copyrightholder", STRING, NULL, "docdata doc.copyright holder"),
	GALLEY_SETTING("tagline", STRING, NULL, "body.end tagline of every article"),
	GALLEY_SETTING("namespace", BOOL, "true", "write NITF 3.6's XML namespace on <nitf>"),
	{0},
};

static int nitf_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	*state = NULL;
	(void)host;
	(void)ctx;
	return GALLEY_OK;
}

static int nitf_file(void *state, galley_ctx *ctx, const json_t *art, char **out, size_t *len)
{
	(void)state;
	nitf_options o = {.publication = H->setting_string(ctx, "publication"),
	                  .copyrightholder = H->setting_string(ctx, "copyrightholder"),
	                  .tagline = H->setting_string(ctx, "tagline"),
	                  .with_namespace = H->setting_bool(ctx, "namespace")};
	xml_out x;
	if (xml_out_start(&x))
		return -1;
	nitf_write(&x, art, &o);
	return xml_out_end(&x, out, len);
}

static int nitf_process(void *state, galley_ctx *ctx, galley_article *a)
{
	return doc_export(H, ctx, a, "xml", nitf_file, state);
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"`DIR/ID.xml` per article in NITF 3.6, written with\n"
	"libxml2's `xmlTextWriter` (the library escapes markup; characters XML 1.0\n"
	"forbids are dropped). `tests/exports.t` checks every file with `xmllint` and\n"
	"the elements below with XPath. Settings: `dir` (default `nitf`),\n"
	"`publication` (`pubdata` name), `copyrightholder`, `tagline`, `namespace`\n"
	"(default true: `xmlns=\"http://iptc.org/std/NITF/2006-10-18/\"` on `<nitf>`, as\n"
	"NITF 3.6's schema has it; false for readers that expect the DTD's bare names).\n"
	"\n"
	"| galley | NITF 3.6 |\n"
	"| --- | --- |\n"
	"| `language` | `nitf/@baselang` |\n"
	"| `headline` | `head/title`, `body.head/hedline/hl1` |\n"
	"| `kicker` | `hedline/hl2` |\n"
	"| `guid` (else `id`) | `docdata/doc-id/@id-string` |\n"
	"| `id`; `version` | `docdata/du-key/@key` (import/nitf reads it back as the id); `du-key/@version` |\n"
	"| `pubstatus` (none when null: usable) | `docdata/@management-status` |\n"
	"| `signals` with `correction` | `docdata/correction` |\n"
	"| `urgency` (1–8: NITF has no 9) | `docdata/urgency/@ed-urg` |\n"
	"| `usageterms` | `docdata/doc.rights/@limitations` |\n"
	"| `dates.published`, else `created`, else `modified` | `docdata/date.issue/@norm`, `pubdata/@date.publication` (ISO 8601 basic, `20261123T060000+0000`) |\n"
	"| `dates.embargo`, else the published date | `docdata/date.release/@norm` |\n"
	"| `dates.expires` | `docdata/date.expire/@norm` |\n";

GALLEY_PLUGIN_DEFINE(.name = "export/nitf", .doc = reference,
                     .description = "writes each article as NITF 3.6 XML (DIR/ID.xml)",
                     .role = GALLEY_ROLE_SINK, .settings = settings, .init = nitf_init,
                     .process = nitf_process)
