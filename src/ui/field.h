/*
 * Editing a line of text typed on the on-screen or a physical keyboard.
 * Only safe code points get in (see utf8.h), so what is typed is already
 * clean when it is drawn or stored.
 */
#ifndef PARVIS_UI_FIELD_H
#define PARVIS_UI_FIELD_H

#include <stdbool.h>
#include <stdint.h>

#include "journey.h"

/* Empties f and sets its limit in code points (0: keep the old one). */
void field_clear(struct field *f, size_t max_chars);

/* Replaces the text (sanitised, cut to the limit). */
void field_set(struct field *f, const char *text);

/* Appends one code point; false when it is unsafe or the field is full. */
bool field_insert(struct field *f, uint32_t cp);

/* Removes the last code point; false when empty. */
bool field_erase(struct field *f);

/* What a key or a tap of the on-screen keyboard does to f: types or
 * erases a character, or switches the keyboard's mode (capitals, digits).
 * False when the input is none of these. */
bool field_type(
    struct field *f, enum keyboard_mode *mode, const struct input *in);

/* Number of code points. */
size_t field_chars(const struct field *f);

#endif
