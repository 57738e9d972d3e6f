/*
 * Commune search results (see communes_view.h).
 */
#include "communes_view.h"

#include <stdlib.h>

static size_t
matches(const struct communes *communes, const char *typed,
    const struct commune **out, size_t max)
{
	if (communes == NULL || typed[0] == '\0') {
		return 0;
	}
	return communes_search(communes, typed, out, max);
}

size_t
communes_view_count(const struct communes *communes, const char *typed)
{
	return matches(communes, typed, NULL, 0) + 1;
}

const char *
communes_view_item(const struct communes *communes, const char *typed, size_t k,
    const struct commune **commune)
{
	size_t n = matches(communes, typed, NULL, 0);
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
	matches(communes, typed, all, n);
	value = all[k]->insee;
	if (commune != NULL) {
		*commune = all[k];
	}
	free(all);
	return value;
}
