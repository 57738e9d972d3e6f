/*
 * Text entry (see field.h).
 */
#include "field.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void
field_clear(struct field *f, size_t max_chars)
{
	f->buf[0] = '\0';
	f->len = 0;
	if (max_chars > 0) {
		f->max_chars = max_chars;
	}
}

size_t
field_chars(const struct field *f)
{
	return utf8_length(f->buf);
}

bool
field_insert(struct field *f, uint32_t cp)
{
	char enc[4];
	size_t n;

	if (utf8_is_unsafe(cp) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		return false;
	}
	if (cp == ' ' && (f->len == 0 || f->buf[f->len - 1] == ' ')) {
		return false; /* no leading or doubled spaces */
	}
	n = utf8_encode(cp, enc);
	if (field_chars(f) >= f->max_chars || f->len + n >= sizeof f->buf) {
		return false;
	}
	memcpy(f->buf + f->len, enc, n);
	f->len += n;
	f->buf[f->len] = '\0';
	return true;
}

bool
field_erase(struct field *f)
{
	if (f->len == 0) {
		return false;
	}
	do {
		f->len--;
	} while (f->len > 0 && ((unsigned char)f->buf[f->len] & 0xC0) == 0x80);
	f->buf[f->len] = '\0';
	return true;
}

void
field_set(struct field *f, const char *text)
{
	char *clean = utf8_sanitize(text, strlen(text), 0);
	size_t i = 0;
	uint32_t cp;

	field_clear(f, 0);
	if (clean == NULL) {
		return;
	}
	while (clean[i] != '\0') {
		size_t n = utf8_decode(clean + i, strlen(clean + i), &cp);
		if (n == 0 || !field_insert(f, cp)) {
			break;
		}
		i += n;
	}
	free(clean);
}

bool
field_type(struct field *f, enum keyboard_mode *mode, const struct input *in)
{
	switch (in->action) {
	case ACTION_CHAR:
		field_insert(f, in->ch);
		return true;
	case ACTION_ERASE:
		field_erase(f);
		return true;
	case ACTION_SHIFT:
		*mode =
		    *mode == KEYBOARD_UPPER ? KEYBOARD_LOWER : KEYBOARD_UPPER;
		return true;
	case ACTION_DIGITS:
		*mode =
		    *mode == KEYBOARD_DIGITS ? KEYBOARD_LOWER : KEYBOARD_DIGITS;
		return true;
	default:
		return false;
	}
}
