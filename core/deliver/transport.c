/* transport.c — a bundle to a partner's server through libcurl (see
 * transport.h).  Each transfer is one easy handle, set up for its scheme
 * alone (no redirects, no other protocol), with the pipeline's timeout
 * for the connection and for a stalled transfer. */
#include <curl/curl.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/deliver_config.h"
#include "deliver/transport.h"

#define PART_SUFFIX ".part" /* the name a file has on the server until complete */

/* What an upload reads: a file, or bytes in memory. */
typedef struct source {
	FILE *f;
	const char *mem;
	size_t len, pos;
	int die_midway; /* GALLEY_FAULT=mid-upload: killed after half the file */
} source;

typedef struct call {
	const deliver_config *c;
	CURL *h;
	char errbuf[CURL_ERROR_SIZE];
	int host_key; /* 1: mismatch, 2: not in known_hosts */
	char *secret; /* the password, passphrase or keys, wiped and freed after */
	transport_result *res;
} call;

int transport_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void transport_release(void)
{
	curl_global_cleanup();
}

/* For tests/deliver.t: half the file goes out, then the process dies as
 * a kill -9 in the middle of an upload would leave things. */
static size_t half_then_die(source *s, char *buf, size_t want)
{
	if (s->pos) {
		struct timespec t = {.tv_sec = 0, .tv_nsec = 500000000L}; /* the half reaches the server */
		nanosleep(&t, NULL);
		raise(SIGKILL);
	}
	size_t k = fread(buf, 1, want < s->len / 2 ? want : s->len / 2, s->f);
	s->pos += k;
	return k;
}

static size_t read_source(char *buf, size_t size, size_t n, void *data)
{
	source *s = data;
	if (s->f && s->die_midway)
		return half_then_die(s, buf, size * n);
	if (s->f)
		return fread(buf, 1, size * n, s->f);
	size_t k = s->len - s->pos < size * n ? s->len - s->pos : size * n;
	memcpy(buf, s->mem + s->pos, k);
	s->pos += k;
	return k;
}

static size_t discard(char *buf, size_t size, size_t n, void *data)
{
	(void)buf, (void)data;
	return size * n;
}

static int host_key(CURL *h, const struct curl_khkey *known, const struct curl_khkey *found,
                    enum curl_khmatch match, void *data)
{
	(void)h, (void)known, (void)found;
	call *k = data;
	if (match == CURLKHMATCH_OK)
		return CURLKHSTAT_FINE;
	k->host_key = match == CURLKHMATCH_MISMATCH ? 1 : 2;
	return CURLKHSTAT_REJECT;
}

static int fail(call *k, int transient, const char *fmt, const char *a, const char *b)
{
	k->res->transient = transient;
	snprintf(k->res->error, sizeof(k->res->error), fmt, a, b ? b : "");
	return -1;
}

/* Transient: the server may answer next time. */
static int transient_code(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_UPLOAD_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSH:
	case CURLE_AGAIN:
	case CURLE_REMOTE_DISK_FULL:
	case CURLE_FTP_ACCEPT_FAILED:
	case CURLE_FTP_ACCEPT_TIMEOUT:
	case CURLE_FTP_CANT_GET_HOST:
	case CURLE_FTP_WEIRD_PASV_REPLY:
	case CURLE_FTP_WEIRD_227_FORMAT:
		return 1;
	default:
		return 0;
	}
}

/* A failed transfer said as a newsroom engineer needs it. */
static int curl_failed(call *k, CURLcode rc)
{
	const char *detail = k->errbuf[0] ? k->errbuf : curl_easy_strerror(rc);
	if (k->host_key == 1)
		return fail(k, 0,
		            "the server's host key does not match the one in %s: refused, nothing "
		            "sent (if the partner changed its key, update known_hosts)%s",
		            k->c->known_hosts, "");
	if (k->host_key == 2)
		return fail(k, 0, "the server's host key is not in %s: refused, nothing sent%s",
		            k->c->known_hosts, "");
	if (rc == CURLE_LOGIN_DENIED || rc == CURLE_REMOTE_ACCESS_DENIED)
		return fail(k, 0, "the server refused the login or the folder: %s%s", detail, "");
	return fail(k, transient_code(rc), "%s%s", detail, "");
}

/* The handle for one request: the scheme's protocol only, the timeout,
 * TLS and SSH as the config says. */
static int start(call *k, const char *url)
{
	const deliver_config *c = k->c;
	k->errbuf[0] = '\0';
	k->host_key = 0;
	CURL *h = k->h;
	curl_easy_reset(h);
	static const char *const protocols[] = {"file", "sftp", "ftp", "ftp", "http", "https", "https"};
	long secs = (long)(c->timeout_ms / 1000) > 0 ? (long)(c->timeout_ms / 1000) : 1;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols[c->scheme]);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, k->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, secs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	if (c->ca)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca);
	if (c->user)
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
	if (c->scheme == DELIVER_FTPS)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (c->scheme == DELIVER_SFTP || c->scheme == DELIVER_FTP || c->scheme == DELIVER_FTPS)
		curl_easy_setopt(h, CURLOPT_FTP_CREATE_MISSING_DIRS, (long)CURLFTP_CREATE_DIR);
	if (c->scheme == DELIVER_SFTP) {
		char pub[4200];
		snprintf(pub, sizeof(pub), "%s.pub", c->key);
		curl_easy_setopt(h, CURLOPT_SSH_AUTH_TYPES, (long)CURLSSH_AUTH_PUBLICKEY);
		curl_easy_setopt(h, CURLOPT_SSH_PRIVATE_KEYFILE, c->key);
		curl_easy_setopt(h, CURLOPT_SSH_PUBLIC_KEYFILE, access(pub, R_OK) == 0 ? pub : "");
		curl_easy_setopt(h, CURLOPT_SSH_KNOWNHOSTS, c->known_hosts);
		curl_easy_setopt(h, CURLOPT_SSH_KEYFUNCTION, host_key);
		curl_easy_setopt(h, CURLOPT_SSH_KEYDATA, k);
		if (k->secret)
			curl_easy_setopt(h, CURLOPT_KEYPASSWD, k->secret);
	} else if (k->secret && (c->scheme == DELIVER_FTP || c->scheme == DELIVER_FTPS)) {
		curl_easy_setopt(h, CURLOPT_PASSWORD, k->secret);
	}
	return 0;
}

static void upload_from(call *k, source *s, curl_off_t size)
{
	curl_easy_setopt(k->h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(k->h, CURLOPT_READFUNCTION, read_source);
	curl_easy_setopt(k->h, CURLOPT_READDATA, s);
	curl_easy_setopt(k->h, CURLOPT_INFILESIZE_LARGE, size);
}

/* base + name, the name percent-encoded; malloc'd. */
static char *url_for(call *k, const char *base, const char *name)
{
	char *enc = curl_easy_escape(k->h, name, 0);
	size_t n = strlen(base) + (enc ? strlen(enc) : 0) + 1;
	char *url = enc ? malloc(n) : NULL;
	if (url)
		snprintf(url, n, "%s%s", base, enc);
	curl_free(enc);
	return url;
}

/* ---- SFTP and FTP: a temporary name, renamed when complete ---- */

/* The folder's path as an SFTP command names it: "/srv/in/", or for
 * "sftp://host/~/in/" the home-relative "in/"; malloc'd. */
static char *sftp_folder(call *k, const char *url)
{
	const char *p = strchr(strstr(url, "://") + 3, '/');
	char *path = curl_easy_unescape(k->h, p ? p : "/", 0, NULL);
	char *out = path ? strdup(strncmp(path, "/~/", 3) == 0 ? path + 3 : path) : NULL;
	curl_free(path);
	return out;
}

/* The commands that rename name.part to name once the upload is done. */
static struct curl_slist *rename_commands(call *k, const char *name)
{
	char a[4400], b[4400];
	struct curl_slist *list = NULL;
	if (k->c->scheme == DELIVER_SFTP) {
		char *dir = sftp_folder(k, k->c->base);
		if (!dir)
			return NULL;
		snprintf(a, sizeof(a), "rename \"%s%s%s\" \"%s%s\"", dir, name, PART_SUFFIX, dir, name);
		free(dir);
		return curl_slist_append(NULL, a);
	}
	snprintf(a, sizeof(a), "RNFR %s%s", name, PART_SUFFIX);
	snprintf(b, sizeof(b), "RNTO %s", name);
	list = curl_slist_append(NULL, a);
	struct curl_slist *more = list ? curl_slist_append(list, b) : NULL;
	if (!more)
		curl_slist_free_all(list);
	return more;
}

/* The size of the file at url on the server, or -1. */
static curl_off_t remote_size(call *k, const char *url)
{
	start(k, url);
	curl_easy_setopt(k->h, CURLOPT_NOBODY, 1L);
	curl_off_t size = -1;
	if (curl_easy_perform(k->h) == CURLE_OK &&
	    curl_easy_getinfo(k->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &size) != CURLE_OK)
		size = -1;
	return size;
}

static void remove_part(call *k, const char *name)
{
	char cmd[4400], *dir = k->c->scheme == DELIVER_SFTP ? sftp_folder(k, k->c->base) : NULL;
	if (k->c->scheme == DELIVER_SFTP)
		snprintf(cmd, sizeof(cmd), "rm \"%s%s%s\"", dir ? dir : "", name, PART_SUFFIX);
	else
		snprintf(cmd, sizeof(cmd), "DELE %s%s", name, PART_SUFFIX);
	free(dir);
	struct curl_slist *q = curl_slist_append(NULL, cmd);
	start(k, k->c->base);
	curl_easy_setopt(k->h, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(k->h, CURLOPT_QUOTE, q);
	curl_easy_perform(k->h);
	curl_slist_free_all(q);
}

static int put_renamed(call *k, source *s, curl_off_t size, const char *name)
{
	char part[4200];
	snprintf(part, sizeof(part), "%s%s", name, PART_SUFFIX);
	char *tmp_url = url_for(k, k->c->base, part), *url = url_for(k, k->c->base, name);
	struct curl_slist *cmds = rename_commands(k, name);
	int rc = tmp_url && url && cmds ? 0 : fail(k, 1, "out of memory%s%s", "", "");
	CURLcode e = CURLE_OK;
	if (!rc) {
		start(k, tmp_url);
		upload_from(k, s, size);
		curl_easy_setopt(k->h, CURLOPT_POSTQUOTE, cmds);
		e = curl_easy_perform(k->h);
	}
	if (!rc && e == CURLE_QUOTE_ERROR && remote_size(k, url) == size) {
		remove_part(k, name); /* complete under its name already: an earlier run's */
		e = CURLE_OK;
	}
	if (!rc && e != CURLE_OK)
		rc = curl_failed(k, e);
	if (!rc && remote_size(k, url) != size)
		rc = fail(k, 1, "%s is not the size that was sent after the upload%s", name, "");
	if (!rc) /* as the partner's config says it (ftps://, not libcurl's ftp://) */
		snprintf(k->res->remote, sizeof(k->res->remote), "%s%s", k->c->url, name);
	curl_slist_free_all(cmds);
	free(tmp_url);
	free(url);
	return rc;
}

/* ---- HTTPS: a PUT with the body's HMAC; S3: a PUT signed with SigV4 ---- */

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* HMAC-SHA256 of what s holds, with key, as hex (out: 65 bytes); s is
 * rewound after. */
static int hmac_of(source *s, const char *key, char *out)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
	                       OSSL_PARAM_construct_end()};
	int ok = ctx && EVP_MAC_init(ctx, (const unsigned char *)key, strlen(key), params);
	int die = s->die_midway; /* reading is not uploading */
	s->die_midway = 0;
	char buf[65536];
	for (size_t n; ok && (n = read_source(buf, 1, sizeof(buf), s)) > 0;)
		ok = EVP_MAC_update(ctx, (unsigned char *)buf, n);
	unsigned char md[32];
	size_t len = 0;
	ok = ok && EVP_MAC_final(ctx, md, &len, sizeof(md)) && len == 32;
	if (ok)
		hex(md, 32, out);
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	if (s->f)
		rewind(s->f);
	s->pos = 0;
	s->die_midway = die;
	return ok ? 0 : -1;
}

/* The URL an object is PUT to: https://…/inbox/NAME, or for S3 the
 * endpoint, the bucket and the prefix, path style. */
static char *put_url(call *k, const char *name)
{
	const deliver_config *c = k->c;
	if (c->scheme != DELIVER_S3)
		return url_for(k, c->base, name);
	char base[4200], endpoint[1024];
	if (c->endpoint)
		snprintf(endpoint, sizeof(endpoint), "%s", c->endpoint);
	else
		snprintf(endpoint, sizeof(endpoint), "https://s3.%s.amazonaws.com", c->region);
	size_t e = strlen(endpoint);
	while (e && endpoint[e - 1] == '/')
		endpoint[--e] = '\0';
	snprintf(base, sizeof(base), "%s/%s", endpoint, c->base + strlen("s3://"));
	return url_for(k, base, name);
}

static int put_object(call *k, source *s, curl_off_t size, const char *name, const char *sha)
{
	const deliver_config *c = k->c;
	char *url = put_url(k, name), line[200], sigv4[128];
	/* no "Expect: 100-continue": a server that does not answer it would cost
	 * a second a file */
	struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
	headers = headers ? curl_slist_append(headers, "Content-Type: application/octet-stream") : NULL;
	snprintf(line, sizeof(line), "X-Galley-SHA256: %s", sha);
	headers = headers ? curl_slist_append(headers, line) : NULL;
	if (headers && c->scheme == DELIVER_S3) {
		snprintf(line, sizeof(line), "x-amz-content-sha256: %s", sha);
		headers = curl_slist_append(headers, line);
	} else if (headers && k->secret) {
		char mac[65];
		if (hmac_of(s, k->secret, mac) == 0) {
			snprintf(line, sizeof(line), "X-Galley-Signature: sha256=%s", mac);
			headers = curl_slist_append(headers, line);
		}
	}
	int rc = url && headers ? 0 : fail(k, 1, "out of memory%s%s", "", "");
	if (!rc) {
		start(k, url);
		upload_from(k, s, size);
		curl_easy_setopt(k->h, CURLOPT_HTTPHEADER, headers);
		if (c->scheme == DELIVER_S3) {
			snprintf(sigv4, sizeof(sigv4), "aws:amz:%s:s3", c->region);
			curl_easy_setopt(k->h, CURLOPT_AWS_SIGV4, sigv4);
			curl_easy_setopt(k->h, CURLOPT_USERNAME, getenv(c->access_key_env));
			curl_easy_setopt(k->h, CURLOPT_PASSWORD, k->secret);
		}
		CURLcode e = curl_easy_perform(k->h);
		long status = 0;
		curl_easy_getinfo(k->h, CURLINFO_RESPONSE_CODE, &status);
		char code[16];
		snprintf(code, sizeof(code), "%ld", status);
		if (e != CURLE_OK)
			rc = curl_failed(k, e);
		else if (status == 401 || status == 403)
			rc = fail(k, 0, "the server refused the upload (HTTP %s): check the %s", code,
			          c->scheme == DELIVER_S3 ? "access keys and the region" : "signing secret");
		else if (status == 408 || status == 429 || status >= 500)
			rc = fail(k, 1, "the server answered HTTP %s%s", code, "");
		else if (status < 200 || status > 299)
			rc = fail(k, 0, "the server answered HTTP %s%s", code, "");
		else /* s3://bucket/prefix/NAME, not the endpoint's URL */
			snprintf(k->res->remote, sizeof(k->res->remote), "%s%s", c->url, name);
	}
	curl_slist_free_all(headers);
	free(url);
	return rc;
}

/* ---- one file ---- */

static int send_one(call *k, source *s, curl_off_t size, const char *name, const char *sha)
{
	if (k->c->scheme == DELIVER_SFTP || k->c->scheme == DELIVER_FTP ||
	    k->c->scheme == DELIVER_FTPS)
		return put_renamed(k, s, size, name);
	return put_object(k, s, size, name, sha);
}

static void sha256_hex(const char *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	hex(md, 32, out);
}

/* The secret this scheme needs, read now (never kept past the call). */
static char *secret_of(const deliver_config *c)
{
	switch (c->scheme) {
	case DELIVER_S3:
		return deliver_secret(c->secret_key_env, NULL);
	case DELIVER_HTTP:
	case DELIVER_HTTPS:
		return deliver_secret(c->secret_env, c->secret_file);
	default:
		return deliver_secret(c->password_env, c->password_file);
	}
}

int transport_send(const deliver_config *c, const char *path, const char *name,
                   const char *sha256, transport_result *res)
{
	memset(res, 0, sizeof(*res));
	call k = {.c = c, .res = res, .h = curl_easy_init(), .secret = secret_of(c)};
	struct stat st;
	source file = {.f = fopen(path, "rb")};
	int rc = 0;
	if (!k.h)
		rc = fail(&k, 1, "cannot start libcurl%s%s", "", "");
	else if (!file.f || fstat(fileno(file.f), &st) != 0)
		rc = fail(&k, 0, "cannot read %s (the outbox copy)%s", path, "");
	if (!rc) {
		const char *fault = getenv("GALLEY_FAULT");
		file.die_midway = fault && strcmp(fault, "mid-upload") == 0;
		file.len = (size_t)st.st_size;
		res->bytes = (long long)st.st_size;
		rc = send_one(&k, &file, (curl_off_t)st.st_size, name, sha256);
	}
	if (!rc) { /* then its checksum, as sha256sum -c reads it */
		char line[600], side[4200], side_sha[65];
		int n = snprintf(line, sizeof(line), "%s  %s\n", sha256, name);
		snprintf(side, sizeof(side), "%s.sha256", name);
		sha256_hex(line, (size_t)n, side_sha);
		source mem = {.mem = line, .len = (size_t)n};
		char remote[sizeof(res->remote)];
		memcpy(remote, res->remote, sizeof(remote));
		rc = send_one(&k, &mem, (curl_off_t)n, side, side_sha);
		memcpy(res->remote, remote, sizeof(remote));
	}
	if (file.f)
		fclose(file.f);
	if (k.secret) {
		explicit_bzero(k.secret, strlen(k.secret));
		free(k.secret);
	}
	if (k.h)
		curl_easy_cleanup(k.h);
	return rc;
}
