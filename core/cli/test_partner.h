/* test_partner.h — a `galley test` case that names a partner: does that
 * partner want the article the stages made (its filters, then its `when:`
 * script, as a run asks them)? */
#ifndef GALLEY_TEST_PARTNER_H
#define GALLEY_TEST_PARTNER_H

#include <stddef.h>

#include "config/pipeline.h"
#include "model/article.h"

/* 1 wanted, 0 not (why says which test said no), -1 the partner is
 * unknown or its script failed (why says so). */
int test_partner_wants(const pipeline *p, const char *name, const galley_article *a, char *why,
                       size_t n);

#endif
