/*
 * The figures drawn as text in a terminal (for figures_text.c): display
 * widths measured with wcwidth(), labels cut to a column with "…",
 * wrapped paragraphs, section rules, and horizontal bar charts of block
 * characters.  Characters that are never drawn (controls) are left out,
 * whatever the text.  Needs a UTF-8 locale.
 */
#ifndef PARVIS_KIOSK_FIGURES_DRAW_H
#define PARVIS_KIOSK_FIGURES_DRAW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Every line stays within this many columns: a terminal of 80 never
 * wraps it. */
#define STATS_LINE_WIDTH 79

/* Columns of a chart line: the label, the count, the percentage. */
#define STATS_LABEL_WIDTH 32
#define STATS_COUNT_WIDTH 5
#define STATS_PERCENT_WIDTH 5

/* The columns the drawable characters of s take. */
int figures_draw_width(const char *s);

/* n spaces. */
void figures_draw_pad(FILE *out, int n);

/* s in exactly width columns: cut with "…" when longer, padded with
 * spaces (before it when right is true) when shorter. */
void figures_draw_fit(FILE *out, const char *s, int width, bool right);

/* The words of text from column indent, wrapped before
 * STATS_LINE_WIDTH; the lines after the first start at column next. */
void figures_draw_wrapped(FILE *out, int indent, int next, const char *text);

/* A blank line, then "── title ─────..." to STATS_LINE_WIDTH. */
void figures_draw_section(FILE *out, const char *title);

/* One bar chart: the longest bar (max) fills the bar column; base is
 * 100 %; extra is the width of an optional last column (0: none). */
struct figures_chart {
	FILE *out;
	int indent;
	int64_t max;
	int64_t base;
	int extra;
};

/* "label   █████▍   count   pct %   extra": the bar in eighths of a
 * column (█ then one of ▏▎▍▌▋▊▉), a count that is not zero showing at
 * least ▏; the percentage is "—" when base is 0. */
void figures_chart_line(const struct figures_chart *c, const char *label,
    int64_t count, const char *extra);

#endif
