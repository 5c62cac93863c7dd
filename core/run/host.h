/* host.h — the host API handed to plugins (galley/plugin.h), over the run
 * the ctx belongs to. */
#ifndef GALLEY_HOST_H
#define GALLEY_HOST_H

#include "galley/plugin.h"

/* The table every plugin's init receives (a run keeps it as r->host). */
const galley_host *host_api(void);

#endif
