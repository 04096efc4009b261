/*
 * test_hashtab.c - the one hash index: insert, find, grow, clear, and
 * entries that share a folded hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/hashtab.h"

/* Finds ref among the records filed under hash. */
static int count_under(const struct hashtab *h, uint64_t hash, uint32_t ref)
{
	struct hashtab_iter it;
	uint32_t i;
	int n = 0;

	for (i = hashtab_first(h, hash, &it); i != HASHTAB_NONE; i = hashtab_next(h, &it))
		n += i == ref;
	return n;
}

static void test_empty(void **state)
{
	struct hashtab h;
	struct hashtab_iter it;

	(void)state;
	hashtab_init(&h);
	assert_int_equal(hashtab_first(&h, 42, &it), HASHTAB_NONE);
	hashtab_free(&h);
}

/* 100k keys through several growths: every one is found, none twice. */
static void test_grow_keeps_all(void **state)
{
	struct hashtab h;
	uint32_t i;

	(void)state;
	hashtab_init(&h);
	for (i = 0; i < 100000; i++)
		hashtab_insert(&h, hash_u64(i), i);
	assert_int_equal(h.len, 100000);
	assert_true(h.mask + 1 >= 2 * h.len);
	for (i = 0; i < 100000; i++)
		assert_int_equal(count_under(&h, hash_u64(i), i), 1);
	assert_int_equal(count_under(&h, hash_u64(100000), 100000), 0);
	hashtab_free(&h);
}

/* Equal hashes: every record under it is offered, the caller compares keys. */
static void test_collisions(void **state)
{
	struct hashtab h;
	struct hashtab_iter it;
	uint32_t i, seen = 0;

	(void)state;
	hashtab_init(&h);
	for (i = 0; i < 40; i++)
		hashtab_insert(&h, 7, i);
	for (i = hashtab_first(&h, 7, &it); i != HASHTAB_NONE; i = hashtab_next(&h, &it))
		seen |= 1u << (i % 32), assert_true(i < 40);
	assert_int_equal(seen, 0xffffffffu);
	hashtab_free(&h);
}

static void test_clear_and_reserve(void **state)
{
	struct hashtab h;
	size_t slots;

	(void)state;
	hashtab_init(&h);
	hashtab_reserve(&h, 1000);
	slots = h.mask + 1;
	assert_true(slots >= 2000);
	hashtab_insert(&h, hash_u64(1), 0);
	hashtab_clear(&h);
	assert_int_equal(h.len, 0);
	assert_int_equal(count_under(&h, hash_u64(1), 0), 0);
	assert_int_equal(h.mask + 1, slots);
	hashtab_free(&h);
}

static void test_hash_bytes(void **state)
{
	(void)state;
	assert_true(hash_bytes("ab", 2) != hash_bytes("ba", 2));
	assert_true(hash_bytes("", 0) == hash_bytes("", 0));
	assert_true(hash_u64(1) != hash_u64(2));
}

/* An IPv4 address as the sort and the resolver hold it: 16 bytes, 10.0.x.y. */
static void ten_net(uint8_t a[16], uint32_t n)
{
	memset(a, 0, 16);
	a[0] = 10;
	a[2] = (uint8_t)(n >> 8);
	a[3] = (uint8_t)n;
}

/*
 * hash_bytes eight bytes a step: a change in any byte, of either word or
 * the tail, moves the hash; runs of zeros of different lengths differ; and
 * consecutive addresses land near their home slots (a hash that kept the
 * low word's structure would cluster them into long probe runs).
 */
static void test_hash_bytes_words(void **state)
{
	uint8_t a[17] = {0}, b[17];
	struct hashtab h;
	size_t i, far = 0, total = 0;
	uint32_t n;
	(void)state;

	for (i = 0; i < sizeof(a); i++) {
		memcpy(b, a, sizeof(b));
		b[i] = 1;
		assert_true(hash_bytes(b, sizeof(b)) != hash_bytes(a, sizeof(a)));
		if (i < 16)
			assert_true(hash_bytes(b, 16) != hash_bytes(a, 16));
	}
	for (i = 0; i < 16; i++)
		assert_true(hash_bytes(a, i) != hash_bytes(a, i + 1));

	hashtab_init(&h);
	for (n = 0; n < 4096; n++) {
		ten_net(b, n);
		hashtab_insert(&h, hash_bytes(b, 16), n);
	}
	for (n = 0; n < 4096; n++) {
		struct hashtab_iter it;
		uint64_t hash;
		size_t dist;

		ten_net(b, n);
		hash = hash_bytes(b, 16);
		assert_int_equal(hashtab_first(&h, hash, &it), n);
		/* it.pos is one past the slot found. */
		dist = (it.pos - 1 - (hashtab_fold(hash) & h.mask)) & h.mask;
		total += dist;
		if (dist > far)
			far = dist;
	}
	hashtab_free(&h);
	/* Linear probing at most half full: about half a slot on average. */
	assert_true(total < 4096);
	assert_true(far < 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),      cmocka_unit_test(test_grow_keeps_all),
	    cmocka_unit_test(test_collisions), cmocka_unit_test(test_clear_and_reserve),
	    cmocka_unit_test(test_hash_bytes), cmocka_unit_test(test_hash_bytes_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
