/*
 * QR codes drawn with half-block characters: two modules per cell
 * vertically, dark modules on a light background, with a quiet zone.
 */
#ifndef PARVIS_UI_QR_H
#define PARVIS_UI_QR_H

#include <stdbool.h>

/* Size in cells of the QR code of text (with its quiet zone); false when
 * text cannot be encoded. */
bool qr_size(const char *text, int *rows, int *cols);

/* Draws it with its top-left corner at (y, x). */
void qr_draw(int y, int x, const char *text);

#endif
