/*
 * fuzz_destroy.c - the SOCK_DESTROY answer parser (destroy_reply_parse)
 * on a byte stream, as a kernel's answer to -K arrives; and the request
 * builder on a socket made of the same bytes.
 *
 * Input: four bytes of sequence number, then the answer.  The error found
 * must be an errno in [-4095, 0]; the request built for a record filled
 * from the input must fit its buffer and say its own length.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "model/conntable.h"
#include "source/destroy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t req[DESTROY_REQUEST_MAX];
	struct conn c;
	uint32_t seq;
	uint8_t *buf;
	int err = 0, r;

	if (size < sizeof(seq))
		return 0;
	memcpy(&seq, data, sizeof(seq));
	buf = (uint8_t *)fuzz_copy(data + sizeof(seq), size - sizeof(seq));
	r = destroy_reply_parse(buf, size - sizeof(seq), seq, &err);
	if (r != 0 && r != -ENOMSG && r != -EBADMSG)
		abort();
	if (r == 0 && (err > 0 || err < -4095))
		abort();
	memset(&c, 0, sizeof(c));
	memcpy(&c, data + sizeof(seq),
	       size - sizeof(seq) < sizeof(c) ? size - sizeof(seq) : sizeof(c));
	r = destroy_request_build(req, sizeof(req), &c, seq, seq);
	if (r != -EPROTONOSUPPORT) {
		struct nlmsghdr h;

		if (r <= 0 || (size_t)r > sizeof(req))
			abort();
		memcpy(&h, req, sizeof(h));
		if (h.nlmsg_len != (uint32_t)r)
			abort();
	}
	free(buf);
	return 0;
}
