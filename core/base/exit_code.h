/* exit_code.h — what galley's exit status means (the README's table):
 * the commands return these, and the watchdog exits with EXIT_ABORTED
 * when it ends a run it cannot stop otherwise. */
#ifndef GALLEY_EXIT_CODE_H
#define GALLEY_EXIT_CODE_H

enum {
	EXIT_DONE = 0,        /* every article went through */
	EXIT_QUARANTINED = 1, /* the run finished, some articles were set aside */
	EXIT_INVALID = 2,     /* bad pipeline or usage: nothing ran */
	EXIT_ABORTED = 3      /* the run stopped: nothing was published */
};

#endif
