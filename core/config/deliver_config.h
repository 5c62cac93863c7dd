/* deliver_config.h — a partner's `deliver:` block: where its bundles go
 * beyond the local outbox (SFTP, FTP over TLS, an HTTPS PUT signed with
 * an HMAC, an S3 bucket), with what credentials, how often retried.
 * Secrets are named, never written: an environment variable or a file.
 * deliver_config_load checks everything a run needs before it starts
 * (scheme, keys per scheme, files readable, variables set), with the
 * YAML position of what is wrong. */
#ifndef GALLEY_DELIVER_CONFIG_H
#define GALLEY_DELIVER_CONFIG_H

#include <stdint.h>

#include "base/arena.h"
#include "base/error.h"
#include "config/yaml_load.h"

typedef enum deliver_scheme {
	DELIVER_NONE = 0, /* no deliver: (or file://): the outbox is the delivery */
	DELIVER_SFTP,
	DELIVER_FTP,  /* plain FTP: only with insecure: true */
	DELIVER_FTPS, /* FTP with explicit TLS (AUTH TLS), data channel too */
	DELIVER_HTTP, /* plain HTTP: only with insecure: true */
	DELIVER_HTTPS,
	DELIVER_S3,
} deliver_scheme;

#define DELIVER_RETRIES 3
#define DELIVER_TIMEOUT_MS 30000

typedef struct deliver_config {
	deliver_scheme scheme;
	const char *url; /* as written, ending in '/' (a folder, a prefix) */
	const char *base; /* what libcurl is given: ftps:// is ftp:// with AUTH TLS required */
	const char *user;
	const char *key, *known_hosts;                 /* sftp: files */
	const char *password_env, *password_file;       /* ftp, ftps (and sftp's key passphrase) */
	const char *ca;                                 /* a CA bundle for TLS */
	const char *secret_env, *secret_file;           /* https: the HMAC key */
	const char *endpoint, *region;                  /* s3 */
	const char *access_key_env, *secret_key_env;    /* s3 */
	int insecure;                                   /* allows ftp:// and http:// */
	int retries;                                    /* attempts after the first */
	int64_t timeout_ms;                             /* connect and stalled-transfer limit */
	const ynode *node;
} deliver_config;

/* Reads map (a partner's `deliver:`, NULL: none) into out; dir is the
 * pipeline's folder, for relative key files. */
int deliver_config_load(arena *ar, const char *file, const char *dir, const ynode *map,
                        deliver_config *out, galley_error *err);
/* Every secret's environment variable is set (galley run, check and
 * deliver ask; galley status, which sends nothing, does not); 0, or an
 * error at the key's position in file. */
int deliver_config_secrets(const deliver_config *c, const char *file, galley_error *err);
/* The scheme's name, as in a URL. */
const char *deliver_scheme_name(deliver_scheme s);
/* A secret from its environment variable or file (one line, the newline
 * dropped), malloc'd; NULL when neither is set or readable. */
char *deliver_secret(const char *env, const char *file);

#endif
