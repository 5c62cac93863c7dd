/* error.h — galley's error values: a negative code plus one message line
 * with the position it is about (file, line, column, article).  Functions
 * fill one galley_error and return the code; main prints it once. */
#ifndef GALLEY_ERROR_H
#define GALLEY_ERROR_H

#include <stdarg.h>

/* Append-only. */
enum {
	GALLEY_EOK = 0,
	GALLEY_ENOMEM = -1,
	GALLEY_EIO = -2,
	GALLEY_ESYNTAX = -3,  /* malformed YAML */
	GALLEY_EINVALID = -4, /* well-formed but wrong: unknown key, bad type */
	GALLEY_ELIMIT = -5,   /* a named limit was exceeded */
	GALLEY_EPLUGIN = -6,  /* a plugin could not be loaded or refused */
	GALLEY_ESTAGE = -7,   /* a stage failed */
	GALLEY_EUSAGE = -8,
	GALLEY_ELOCKED = -9   /* another run holds the pipeline's lock */
};

typedef struct galley_error {
	int code;
	char file[512];
	int line; /* 1-based; 0 = unknown */
	int column;
	char message[1024];
} galley_error;

/* Records the message and returns code.  err may be NULL. */
int galley_error_set(galley_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int galley_error_at(galley_error *err, int code, const char *file, int line, int column,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* "FILE:LINE:COLUMN: message" with the parts that are known. */
void galley_error_format(const galley_error *err, char *out, size_t size);

#endif
