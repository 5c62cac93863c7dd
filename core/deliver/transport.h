/* transport.h — one bundle, and then its .sha256, to a partner's server
 * through libcurl: SFTP and FTP(S) under a temporary name renamed when
 * complete (and over SFTP its size checked after), HTTPS as a PUT signed
 * with an HMAC-SHA256 of the body, S3 as a PUT signed with AWS SigV4.
 * No secret is ever part of a URL or a message. */
#ifndef GALLEY_TRANSPORT_H
#define GALLEY_TRANSPORT_H

#include "config/deliver_config.h"

typedef struct transport_result {
	int transient;      /* worth another try: refused, timed out, 5xx, 408, 429 */
	char error[600];    /* why it failed */
	char remote[1200];  /* where the bundle went (no credentials) */
	long long bytes;    /* the bundle's size */
} transport_result;

/* Sends the file at path as name (then name.sha256, the line
 * "SHA256  name"); 0 when both arrived whole, else -1 and res says why. */
int transport_send(const deliver_config *c, const char *path, const char *name,
                   const char *sha256, transport_result *res);

/* libcurl's global set-up, once per process before any thread starts;
 * and its release at exit. */
int transport_init(void);
void transport_release(void);

#endif
