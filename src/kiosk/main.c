/* parvis: being written. */
#include <stdio.h>

int
main(void)
{
	puts("parvis");
	return 0;
}
