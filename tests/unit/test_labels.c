/*
 * test_labels.c - display names in the table and the enrichment that
 * chooses them: an ephemeral port is never named, a named port is named
 * for its protocol only, host names survive a sort and go with a reset.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "enrich/display_names.h"
#include "enrich/services.h"
#include "model/conntable.h"

#include "conn_builder.h"
#include "support/name_tables.h"

static void test_port_names(void **state)
{
	struct services *svc = services_load_builtin();
	struct port_range eph = {32768, 60999, false};
	struct conntable t;

	(void)state;
	conntable_init(&t);
	/* ssh server side; a client on an ephemeral port; 33434 (traceroute in
	 * some services files) is ephemeral here and stays unnamed. */
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 22, "10.0.0.2", 40000, CS_ESTABLISHED);
	add_inet(&t, PROTO_UDP, AF_INET, "10.0.0.1", 53, "0.0.0.0", 0, CS_CLOSE);
	display_names_ports(&t, svc, &eph);
	assert_string_equal(conntable_port_label(&t, PROTO_TCP, 22), "ssh");
	assert_null(conntable_port_label(&t, PROTO_TCP, 40000));
	assert_string_equal(conntable_port_label(&t, PROTO_UDP, 53), "domain");
	assert_null(conntable_port_label(&t, PROTO_UDP, 22)); /* only the ports of rows */
	assert_null(conntable_port_label(&t, PROTO_TCP, 0));
	conntable_reset(&t);
	assert_null(conntable_port_label(&t, PROTO_TCP, 22));
	conntable_free(&t);
	services_free(svc);
}

/* A port inside the ephemeral range is not named even when the services file names it. */
static void test_ephemeral_never_named(void **state)
{
	struct services *svc = services_load_builtin();
	struct port_range eph = {1, 65535, false};
	struct conntable t;

	(void)state;
	conntable_init(&t);
	add_inet(&t, PROTO_TCP, AF_INET, "10.0.0.1", 22, "10.0.0.2", 443, CS_ESTABLISHED);
	display_names_ports(&t, svc, &eph);
	assert_null(conntable_port_label(&t, PROTO_TCP, 22));
	assert_null(conntable_port_label(&t, PROTO_TCP, 443));
	conntable_free(&t);
	services_free(svc);
}

static void test_host_labels(void **state)
{
	struct conntable t;
	uint8_t a4[16] = {0}, a6[16] = {0};
	size_t i;

	(void)state;
	conntable_init(&t);
	assert_int_equal(inet_pton(AF_INET, "192.0.2.1", a4), 1);
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", a6), 1);
	conntable_label_host(&t, AF_INET, a4, "www.example", 11);
	conntable_label_host(&t, AF_INET, a4, "other", 5); /* the first name stays */
	assert_string_equal(conntable_host_label(&t, AF_INET, a4), "www.example");
	assert_null(conntable_host_label(&t, AF_INET6, a4));
	assert_null(conntable_host_label(&t, AF_INET6, a6));
	/* Many names: the index grows and the pool moves; all still found. */
	for (i = 0; i < 1000; i++) {
		uint8_t a[16] = {0};
		char name[16];

		memcpy(a, &i, sizeof(i) < 16 ? sizeof(i) : 16);
		snprintf(name, sizeof(name), "h%zu", i);
		conntable_label_host(&t, AF_INET6, a, name, strlen(name));
	}
	for (i = 0; i < 1000; i++) {
		uint8_t a[16] = {0};
		char name[16];

		memcpy(a, &i, sizeof(i) < 16 ? sizeof(i) : 16);
		snprintf(name, sizeof(name), "h%zu", i);
		assert_string_equal(conntable_host_label(&t, AF_INET6, a), name);
	}
	assert_string_equal(conntable_host_label(&t, AF_INET, a4), "www.example");
	conntable_reset(&t);
	assert_null(conntable_host_label(&t, AF_INET, a4));
	conntable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_port_names),
	    cmocka_unit_test(test_ephemeral_never_named),
	    cmocka_unit_test(test_host_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
