/* item_settle.h — what the run settles about an article between its
 * transforms and its sinks (on the sink thread, in input order): that it
 * keeps the model's rules (pubstatus, urgency, a readable embargo), its
 * content hash, and, when partners are set, its version from the state:
 * the source's when it gives one, else 1 for a guid never seen and +1
 * each time its content changed.  The exporters then write that version. */
#ifndef GALLEY_ITEM_SETTLE_H
#define GALLEY_ITEM_SETTLE_H

#include <stddef.h>

typedef struct run run;
typedef struct galley_article galley_article;

/* 0 settled; 1 the article breaks a rule (quarantine it: msg says why);
 * -1 the run cannot go on (out of memory, the state failed: msg). */
int item_settle(run *r, galley_article *a, char *msg, size_t size);

#endif
