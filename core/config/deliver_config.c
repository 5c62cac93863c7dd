/* deliver_config.c — reading and checking a partner's `deliver:` block
 * (see deliver_config.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/path.h"
#include "config/deliver_config.h"
#include "config/settings.h"

static const char *const deliver_keys[] = {
	"url",         "user",        "key",           "known_hosts",    "password_env",
	"password_file", "ca",        "secret_env",    "secret_file",    "endpoint",
	"region",      "access_key_env", "secret_key_env", "insecure",   "retries",
	"timeout",     NULL};

typedef struct loader {
	arena *ar;
	const char *file, *dir;
	const ynode *map;
	galley_error *err;
} loader;

static int bad(const loader *l, const ynode *n, const char *fmt, const char *a, const char *b)
{
	return galley_error_at(l->err, GALLEY_EINVALID, l->file, n->line, n->column, fmt, a,
	                       b ? b : "");
}

static const char *text(const loader *l, const char *key)
{
	const ynode *n = ynode_get(l->map, key);
	return n && n->kind == YNODE_SCALAR && n->value[0] ? n->value : NULL;
}

const char *deliver_scheme_name(deliver_scheme s)
{
	static const char *const names[] = {"file", "sftp", "ftp", "ftps", "http", "https", "s3"};
	return names[s];
}

static int scheme_of(const char *url, deliver_scheme *out)
{
	for (int s = DELIVER_NONE; s <= DELIVER_S3; s++) {
		size_t n = strlen(deliver_scheme_name((deliver_scheme)s));
		if (!strncmp(url, deliver_scheme_name((deliver_scheme)s), n) && !strncmp(url + n, "://", 3))
			return (*out = (deliver_scheme)s, 0);
	}
	return -1;
}

/* Credentials in the URL ("sftp://user:secret@host/") would end up in
 * logs and the state: refused, with where they belong. */
static int has_credentials(const char *url)
{
	const char *host = strstr(url, "://") + 3;
	size_t len = strcspn(host, "/?#");
	return memchr(host, '@', len) != NULL;
}

/* A file the run will read (a key, known_hosts, a CA bundle): joined to
 * the pipeline's folder and readable now. */
static int readable(loader *l, const char *key, const char **out)
{
	const char *name = text(l, key);
	*out = NULL;
	if (!name)
		return 0;
	*out = path_join(l->ar, l->dir, name);
	if (!*out)
		return galley_error_set(l->err, GALLEY_ENOMEM, "out of memory");
	if (access(*out, R_OK) != 0)
		return bad(l, ynode_get(l->map, key), "'%s': cannot read %s", key, *out);
	return 0;
}


static int require(loader *l, const char *value, const char *key, const char *why)
{
	return value ? 0 : bad(l, l->map, "deliver: needs '%s:' %s", key, why);
}

static int common(loader *l, deliver_config *c)
{
	c->retries = DELIVER_RETRIES;
	c->timeout_ms = DELIVER_TIMEOUT_MS;
	const ynode *n = ynode_get(l->map, "retries");
	char *end = NULL;
	long v = n && n->kind == YNODE_SCALAR ? strtol(n->value, &end, 10) : 0;
	if (n && (!end || *end || end == n->value || v < 0 || v > 10))
		return bad(l, n, "'retries' must be a number from 0 to 10%s%s", "", "");
	if (n)
		c->retries = (int)v;
	n = ynode_get(l->map, "timeout");
	if (n && (n->kind != YNODE_SCALAR || settings_parse_duration(n->value, &c->timeout_ms)))
		return bad(l, n, "'timeout' must be a duration such as 30s or 2m%s%s", "", "");
	n = ynode_get(l->map, "insecure");
	int64_t yes = 0;
	if (n && (n->kind != YNODE_SCALAR || settings_parse_bool(n->value, &yes)))
		return bad(l, n, "'insecure' must be true or false%s%s", "", "");
	c->insecure = (int)yes;
	return readable(l, "ca", &c->ca);
}

/* What each scheme needs. */
static int per_scheme(loader *l, deliver_config *c)
{
	int rc = 0;
	switch (c->scheme) {
	case DELIVER_SFTP:
		rc = require(l, c->user, "user", "(the account on the server)");
		if (!rc)
			rc = require(l, text(l, "key"), "key", "(a private key file; its .pub beside it)");
		if (!rc)
			rc = readable(l, "key", &c->key);
		if (!rc)
			rc = require(l, text(l, "known_hosts"), "known_hosts",
			             "(the server's host key is always checked)");
		if (!rc)
			rc = readable(l, "known_hosts", &c->known_hosts);
		return rc;
	case DELIVER_FTP:
	case DELIVER_FTPS:
		if (c->scheme == DELIVER_FTP && !c->insecure)
			return bad(l, ynode_get(l->map, "url"),
			           "ftp:// sends the password and the bundles in clear; use ftps:// "
			           "(explicit TLS), or say insecure: true%s%s",
			           "", "");
		rc = require(l, c->user, "user", "(the account on the server)");
		if (!rc && !c->password_env && !c->password_file)
			rc = require(l, NULL, "password_env", "(or 'password_file:'; never the password itself)");
		return rc;
	case DELIVER_HTTP:
		if (!c->insecure)
			return bad(l, ynode_get(l->map, "url"),
			           "http:// sends the bundles in clear; use https://, or say insecure: "
			           "true%s%s",
			           "", "");
		return 0;
	case DELIVER_S3:
		rc = require(l, c->region, "region", "(such as eu-north-1)");
		if (!rc)
			rc = require(l, c->access_key_env, "access_key_env",
			             "(the variable holding the access key id)");
		if (!rc)
			rc = require(l, c->secret_key_env, "secret_key_env",
			             "(the variable holding the secret access key)");
		return rc;
	default:
		return 0;
	}
}

static int secrets(loader *l, deliver_config *c)
{
	c->password_env = text(l, "password_env");
	c->secret_env = text(l, "secret_env");
	c->access_key_env = text(l, "access_key_env");
	c->secret_key_env = text(l, "secret_key_env");
	int rc = readable(l, "password_file", &c->password_file);
	return rc ? rc : readable(l, "secret_file", &c->secret_file);
}

int deliver_config_secrets(const deliver_config *c, const char *file, galley_error *err)
{
	static const char *const keys[] = {"password_env", "secret_env", "access_key_env",
	                                   "secret_key_env", NULL};
	const char *names[] = {c->password_env, c->secret_env, c->access_key_env, c->secret_key_env};
	for (int i = 0; keys[i]; i++) {
		const ynode *n = c->node ? ynode_get(c->node, keys[i]) : NULL;
		if (names[i] && !getenv(names[i]))
			return galley_error_at(err, GALLEY_EINVALID, file, n ? n->line : 0,
			                       n ? n->column : 0,
			                       "'%s' names the environment variable %s, which is not set",
			                       keys[i], names[i]);
	}
	return 0;
}

/* url with a '/' at its end, in the arena. */
static const char *as_folder(arena *ar, const char *url)
{
	size_t n = strlen(url);
	if (n && url[n - 1] == '/')
		return url;
	char *s = arena_alloc(ar, n + 2);
	if (s)
		snprintf(s, n + 2, "%s/", url);
	return s;
}

static int load(loader *l, deliver_config *c)
{
	size_t from = 0;
	char hint[128];
	const ynode *unknown = ynode_unknown_key(l->map, &from, deliver_keys, NULL, hint, sizeof(hint));
	if (unknown)
		return bad(l, unknown, "unknown key '%s' in deliver:%s", unknown->value, hint);
	const char *url = text(l, "url");
	if (!url)
		return bad(l, l->map, "deliver: needs 'url:' (sftp://, ftps://, https:// or s3://)%s%s",
		           "", "");
	const ynode *at = ynode_get(l->map, "url");
	if (scheme_of(url, &c->scheme))
		return bad(l, at, "'%s': galley delivers over sftp://, ftps://, https:// and s3:// "
		                  "(ftp:// and http:// with insecure: true, file:// to the outbox only)%s",
		           url, "");
	if (has_credentials(url))
		return bad(l, at, "the url holds credentials; give the account as 'user:' and the "
		                  "password through 'password_env:' (or 'password_file:')%s%s",
		           "", "");
	c->url = as_folder(l->ar, url);
	c->base = c->url;
	if (c->url && c->scheme == DELIVER_FTPS) { /* explicit TLS: libcurl's ftps:// is implicit */
		char *b = arena_alloc(l->ar, strlen(c->url));
		if (b)
			snprintf(b, strlen(c->url), "ftp%s", c->url + 4);
		c->base = b;
	}
	c->user = text(l, "user");
	c->region = text(l, "region");
	c->endpoint = text(l, "endpoint");
	int rc = c->url && c->base ? common(l, c)
	                           : galley_error_set(l->err, GALLEY_ENOMEM, "out of memory");
	if (!rc)
		rc = secrets(l, c);
	return rc ? rc : per_scheme(l, c);
}

int deliver_config_load(arena *ar, const char *file, const char *dir, const ynode *map,
                        deliver_config *out, galley_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!map)
		return 0;
	loader l = {.ar = ar, .file = file, .dir = dir, .map = map, .err = err};
	out->node = map;
	if (map->kind != YNODE_MAP)
		return bad(&l, map, "deliver: must be a map with a url:%s%s", "", "");
	return load(&l, out);
}

char *deliver_secret(const char *env, const char *file)
{
	const char *v = env ? getenv(env) : NULL;
	if (v)
		return strdup(v);
	char *text = NULL;
	size_t len = 0;
	if (!file || path_read_file(file, 1 << 16, &text, &len) != 0)
		return NULL;
	text[strcspn(text, "\r\n")] = '\0';
	return text;
}
