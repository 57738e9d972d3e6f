/*
 * What the terminal can show.  parvis draws boxes, blocks (the QR code,
 * the progress bars, the text cursor), arrows, marks and French letters;
 * the Linux console shows only the glyphs its font holds, and a missing
 * one comes out as a blot.  At start the console's font is asked which
 * it holds (GIO_UNIMAP); each missing one is then drawn as an ASCII
 * character of the same width (✓ as *, ◂ as <, é as e...), and the QR
 * code is left out when the blocks are missing (its link stays written).
 * Any other terminal is taken to show everything.  PARVIS_GLYPHS=ascii
 * (every one replaced) or =unicode (none) decides instead.
 */
#ifndef PARVIS_UI_GLYPHS_H
#define PARVIS_UI_GLYPHS_H

#include <stdbool.h>
#include <wchar.h>

/* Finds out what the terminal on fd shows; call once, before drawing. */
void ui_glyphs_detect(int fd);

/* The character to draw for wc: wc itself, or what stands for it. */
wchar_t ui_glyph(wchar_t wc);

/* Draws one character at (y, x), or what stands for it. */
void ui_put_glyph(int y, int x, wchar_t wc);

/* True when the half and full blocks of the QR code can be shown. */
bool ui_glyphs_blocks(void);

/* How many of the glyphs parvis draws are replaced (0: none). */
int ui_glyphs_replaced(void);

#endif
