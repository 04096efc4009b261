/*
 * test_hashtab.c - the one hash index: insert, find, grow, clear, and
 * entries that share a folded hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),      cmocka_unit_test(test_grow_keeps_all),
	    cmocka_unit_test(test_collisions), cmocka_unit_test(test_clear_and_reserve),
	    cmocka_unit_test(test_hash_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
