/*
 * install_consumer.c - a program built only from what `cmake --install`
 * puts on a system (kinerja/client.h, libkinerja, kinerja.pc), as another
 * government system would build against libkinerja.
 */
#include <stdio.h>

#include <kinerja/client.h>

int
main(int argc, char **argv)
{
	kinerja_client *c;
	kinerja_status  st = KINERJA_STATUS_INIT;
	int             rc;

	if (argc != 2)
		return 2;
	rc = kinerja_open(&c, argv[1], &st);
	if (rc == KINERJA__CODE__OK)
		kinerja_close(c);
	printf("%s: %s\n", kinerja_code_name(rc), st.message);
	kinerja_status_clear(&st);
	return rc == KINERJA__CODE__UNAVAILABLE ? 0 : 1;
}
