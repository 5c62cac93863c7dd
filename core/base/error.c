/* error.c — filling and formatting galley_error values. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"

static int error_vset(galley_error *err, int code, const char *file, int line, int column,
                      const char *fmt, va_list ap)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return code;
}

int galley_error_set(galley_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int galley_error_at(galley_error *err, int code, const char *file, int line, int column,
                    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return code;
}

void galley_error_format(const galley_error *err, char *out, size_t size)
{
	if (err->file[0] && err->line > 0 && err->column > 0)
		snprintf(out, size, "%s:%d:%d: %s", err->file, err->line, err->column, err->message);
	else if (err->file[0] && err->line > 0)
		snprintf(out, size, "%s:%d: %s", err->file, err->line, err->message);
	else if (err->file[0])
		snprintf(out, size, "%s: %s", err->file, err->message);
	else
		snprintf(out, size, "%s", err->message);
}
