/*
 * Commune search results (see communes_view.h).
 */
#include "communes_view.h"

#include <stdlib.h>

static size_t
matches(const struct journey *j, const struct commune **out, size_t max)
{
	if (j->communes == NULL || j->field.len == 0) {
		return 0;
	}
	return communes_search(j->communes, j->field.buf, out, max);
}

size_t
communes_view_count(const struct journey *j)
{
	return matches(j, NULL, 0) + 1;
}

const char *
communes_view_item(
    const struct journey *j, size_t k, const struct commune **commune)
{
	size_t n = matches(j, NULL, 0);
	const struct commune **all;
	const char *value = COMMUNES_ELSEWHERE;

	if (commune != NULL) {
		*commune = NULL;
	}
	if (k >= n) {
		return value;
	}
	all = calloc(n, sizeof *all);
	if (all == NULL) {
		return value;
	}
	matches(j, all, n);
	value = all[k]->insee;
	if (commune != NULL) {
		*commune = all[k];
	}
	free(all);
	return value;
}
