/*
 * QR codes with libqrencode, drawn as half blocks (see qr.h).
 */
#include "qr.h"

#include <curses.h>
#include <qrencode.h>

#include "widgets.h"

#define QUIET 2

static QRcode *
encode(const char *text)
{
	return QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
}

bool
qr_size(const char *text, int *rows, int *cols)
{
	QRcode *qr = encode(text);

	if (qr == NULL) {
		return false;
	}
	*cols = qr->width + 2 * QUIET;
	*rows = (*cols + 1) / 2;
	QRcode_free(qr);
	return true;
}

/* True when module (r, c) of the code with its quiet zone is dark. */
static bool
dark(const QRcode *qr, int r, int c)
{
	r -= QUIET;
	c -= QUIET;
	if (r < 0 || c < 0 || r >= qr->width || c >= qr->width) {
		return false;
	}
	return qr->data[r * qr->width + c] & 1;
}

void
qr_draw(int y, int x, const char *text)
{
	/* Light modules are the glyph's ink (white on black), dark ones the
	 * background, so the code is dark on light as scanners expect. */
	static const wchar_t *const cell[2][2] = {
		{ L"█", L"▀" }, /* top light: bottom light / dark */
		{ L"▄", L" " }, /* top dark:  bottom light / dark */
	};
	QRcode *qr = encode(text);
	int size;

	if (qr == NULL) {
		return;
	}
	size = qr->width + 2 * QUIET;
	ui_qr_colors(true);
	for (int r = 0; r < size; r += 2) {
		for (int c = 0; c < size; c++) {
			bool top = dark(qr, r, c);
			bool bottom = r + 1 < size && dark(qr, r + 1, c);
			mvaddwstr(y + r / 2, x + c, cell[top][bottom]);
		}
	}
	ui_qr_colors(false);
	QRcode_free(qr);
}
