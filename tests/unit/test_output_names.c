/*
 * test_output_names.c - every name the formatters print for the model's
 * enumerations (output/names.c) and the colour of every state and class
 * (output/colour.c), including the values no kernel sends today.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "model/conntable.h"
#include "output/colour.h"
#include "output/format.h"

static struct conn conn(int proto, int family, int state)
{
	struct conn c;

	memset(&c, 0, sizeof(c));
	c.proto = (uint8_t)proto;
	c.family = (uint8_t)family;
	c.state = (uint8_t)state;
	return c;
}

static void test_proto_names(void **state)
{
	static const char *const v4[] = {"tcp", "udp", "udpl", "raw", "icmp", "unix"};
	static const char *const v6[] = {"tcp6", "udp6", "udpl6", "raw6", "icmp6", "unix"};
	struct conn c;
	int p;

	(void)state;
	for (p = 0; p < PROTO_COUNT; p++) {
		c = conn(p, p == PROTO_UNIX ? AF_UNIX : AF_INET, 0);
		assert_string_equal(format_proto_name(&c), v4[p]);
		c.family = p == PROTO_UNIX ? AF_UNIX : AF_INET6;
		assert_string_equal(format_proto_name(&c), v6[p]);
	}
	c = conn(PROTO_COUNT, AF_INET, 0);
	assert_string_equal(format_proto_name(&c), "?");
}

static void test_state_names(void **state)
{
	struct conn c;

	(void)state;
	c = conn(PROTO_TCP, AF_INET, CS_LISTEN);
	assert_string_equal(format_state_name(&c), "LISTEN");
	c.state = CS_BOUND_INACTIVE;
	assert_string_equal(format_state_name(&c), "BOUND");
	c.state = CS_MAX;
	assert_string_equal(format_state_name(&c), "UNKNOWN");
	c.state = 15; /* the largest state a record holds: four bits */
	assert_string_equal(format_state_name(&c), "UNKNOWN");
	c = conn(PROTO_UDP, AF_INET, CS_ESTABLISHED);
	assert_string_equal(format_state_name(&c), "ESTABLISHED");
	c.state = CS_CLOSE;
	assert_string_equal(format_state_name(&c), "UNCONN");
}

static void test_unix_names(void **state)
{
	static const char *const states[] = {"FREE", "", "CONNECTING", "CONNECTED",
					     "DISCONNECTING"};
	struct conn c;
	unsigned s;

	(void)state;
	assert_string_equal(format_unix_type_name(SOCK_STREAM), "STREAM");
	assert_string_equal(format_unix_type_name(SOCK_DGRAM), "DGRAM");
	assert_string_equal(format_unix_type_name(SOCK_SEQPACKET), "SEQPACKET");
	assert_string_equal(format_unix_type_name(SOCK_RAW), "RAW");
	assert_string_equal(format_unix_type_name(SOCK_RDM), "RDM");
	assert_string_equal(format_unix_type_name(99), "UNKNOWN");
	for (s = US_FREE; s <= US_DISCONNECTING; s++) {
		c = conn(PROTO_UNIX, AF_UNIX, (int)s);
		if (s != US_UNCONNECTED)
			assert_string_equal(format_unix_state_name(&c), states[s]);
	}
	c = conn(PROTO_UNIX, AF_UNIX, 9);
	assert_string_equal(format_unix_state_name(&c), "UNKNOWN");
}

static void test_class_and_timer_names(void **state)
{
	(void)state;
	assert_string_equal(format_class_name(PC_WELL_KNOWN), "well-known");
	assert_string_equal(format_class_name(PC_REGISTERED), "registered");
	assert_string_equal(format_class_name(PC_DYNAMIC), "dynamic");
	assert_string_equal(format_class_name(PC_NONE), "-");
	assert_string_equal(format_timer_name(TIMER_OFF), "off");
	assert_string_equal(format_timer_name(TIMER_ON), "on");
	assert_string_equal(format_timer_name(TIMER_KEEPALIVE), "keepalive");
	assert_string_equal(format_timer_name(TIMER_TIMEWAIT), "timewait");
	assert_string_equal(format_timer_name(TIMER_PROBE), "probe");
}

static void test_colour_roles(void **state)
{
	struct conn c;
	enum colour_mode m;

	(void)state;
	c = conn(PROTO_UNIX, AF_UNIX, US_CONNECTING);
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_OPENING);
	c.state = US_DISCONNECTING;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_CLOSING);
	c.state = US_CONNECTED;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_ESTABLISHED);
	c.state = US_UNCONNECTED;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_NONE);
	c.unix_flags = UNIX_FLAG_ACCEPTCON;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_LISTEN);
	c.state = US_FREE;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_NONE);
	c = conn(PROTO_TCP, AF_INET, CS_NEW_SYN_RECV);
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_OPENING);
	c.state = CS_LAST_ACK;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_CLOSING);
	c.state = CS_CLOSE;
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_NONE);
	c = conn(PROTO_UDP, AF_INET, CS_CLOSE);
	assert_int_equal(colour_role_state(&c), COLOUR_ROLE_LISTEN);
	assert_int_equal(colour_role_class(PC_WELL_KNOWN), COLOUR_ROLE_WELL_KNOWN);
	assert_int_equal(colour_role_class(PC_DYNAMIC), COLOUR_ROLE_DYNAMIC);
	assert_int_equal(colour_role_class(PC_NONE), COLOUR_ROLE_NONE);
	assert_true(colour_parse_mode("tty", &m) && m == COLOUR_AUTO);
	assert_true(colour_parse_mode("auto", &m) && m == COLOUR_AUTO);
	assert_true(colour_parse_mode("yes", &m) && m == COLOUR_ALWAYS);
	assert_false(colour_parse_mode("maybe", &m));
	assert_false(colour_wanted(COLOUR_AUTO, true, "1", "xterm"));
	assert_false(colour_wanted(COLOUR_AUTO, true, NULL, "dumb"));
	assert_true(colour_wanted(COLOUR_AUTO, true, "", "xterm"));
	assert_false(colour_wanted(COLOUR_AUTO, false, NULL, "xterm"));
	assert_true(colour_wanted(COLOUR_ALWAYS, false, NULL, NULL));
	assert_false(colour_wanted(COLOUR_NEVER, true, NULL, "xterm"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proto_names),	 cmocka_unit_test(test_state_names),
	    cmocka_unit_test(test_unix_names),	 cmocka_unit_test(test_class_and_timer_names),
	    cmocka_unit_test(test_colour_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
