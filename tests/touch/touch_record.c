/*
 * touch_record: turns a touch recording written as text ("TYPE CODE
 * VALUE" lines with the kernel's names, '#' comments; see
 * tests/data/touch/) into the raw stream of struct input_event that a
 * touchscreen's /dev/input/eventN gives, for the kiosk to replay.
 *
 * usage: touch_record TEXT RAW
 */
#include <libevdev/libevdev.h>
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	char line[256];
	FILE *in, *out;

	if (argc != 3) {
		fprintf(stderr, "usage: touch_record TEXT RAW\n");
		return 2;
	}
	in = fopen(argv[1], "r");
	out = fopen(argv[2], "wb");
	if (in == NULL || out == NULL) {
		perror("touch_record");
		return 1;
	}
	while (fgets(line, sizeof line, in) != NULL) {
		struct input_event ev;
		char type[32], code[32];
		int value, t, c;

		if (line[0] == '#' ||
		    sscanf(line, "%31s %31s %d", type, code, &value) != 3) {
			continue;
		}
		t = libevdev_event_type_from_name(type);
		c = t < 0 ? -1 : libevdev_event_code_from_name(t, code);
		if (c < 0) {
			fprintf(stderr, "touch_record: unknown event %s %s\n",
			    type, code);
			return 1;
		}
		memset(&ev, 0, sizeof ev);
		ev.type = (unsigned short)t;
		ev.code = (unsigned short)c;
		ev.value = value;
		fwrite(&ev, sizeof ev, 1, out);
	}
	fclose(in);
	return fclose(out) == 0 ? 0 : 1;
}
