/*-------------------------------------------------------------------------
 *
 * phone_encoding.c
 *	  The 8-byte stored form of a phone number: an order-preserving,
 *	  prefix-contiguous bijection between digit strings of length 0..19
 *	  and the integers [0, PHONE_RANK_LIMIT).
 *
 * See the comment at the top of phone_core.h for the definition.  Nothing
 * in this file depends on numbering-plan data: a stored value is a pure
 * function of its digits.
 *
 *-------------------------------------------------------------------------
 */
#include "phone_core.h"

/*
 * subtree[n] = S(n) = (10^(n+1) - 1) / 9: the number of digit strings of
 * length 0..n, i.e. the size of a complete 10-ary tree of height n.
 */
static const uint64_t subtree[PHONE_MAX_DIGITS + 1] = {
	UINT64_C(1),
	UINT64_C(11),
	UINT64_C(111),
	UINT64_C(1111),
	UINT64_C(11111),
	UINT64_C(111111),
	UINT64_C(1111111),
	UINT64_C(11111111),
	UINT64_C(111111111),
	UINT64_C(1111111111),
	UINT64_C(11111111111),
	UINT64_C(111111111111),
	UINT64_C(1111111111111),
	UINT64_C(11111111111111),
	UINT64_C(111111111111111),
	UINT64_C(1111111111111111),
	UINT64_C(11111111111111111),
	UINT64_C(111111111111111111),
	UINT64_C(1111111111111111111),
	UINT64_C(11111111111111111111)
};

/*
 * pow20[n] = 10^(20 - n) modulo 2^64, for phone_rank.
 */
static const uint64_t pow20[PHONE_MAX_DIGITS + 1] = {
	UINT64_C(7766279631452241920),	/* 10^20 mod 2^64 */
	UINT64_C(10000000000000000000),
	UINT64_C(1000000000000000000),
	UINT64_C(100000000000000000),
	UINT64_C(10000000000000000),
	UINT64_C(1000000000000000),
	UINT64_C(100000000000000),
	UINT64_C(10000000000000),
	UINT64_C(1000000000000),
	UINT64_C(100000000000),
	UINT64_C(10000000000),
	UINT64_C(1000000000),
	UINT64_C(100000000),
	UINT64_C(10000000),
	UINT64_C(1000000),
	UINT64_C(100000),
	UINT64_C(10000),
	UINT64_C(1000),
	UINT64_C(100),
	UINT64_C(10)
};

/* the inverse of 9 modulo 2^64: 9 * INVERSE_OF_9 = 1 (mod 2^64) */
#define INVERSE_OF_9	UINT64_C(0x8E38E38E38E38E39)

/*
 * phone_rank
 *		Preorder index of digits[0..n-1] in the tree: each digit d at depth
 *		i skips the d sibling subtrees before it (of height 19 - i) and one
 *		step for the node itself, so the rank is
 *
 *			sum over i of (d_i * S(19 - 1 - i) + 1)
 *			= (sum of d_i * 10^(19 - i) - sum of d_i) / 9 + n
 *			= (V * 10^(20 - n) - digit sum) / 9 + n
 *
 *		with V the value of the digits as a decimal number.  The numerator
 *		can exceed 64 bits, but it is a multiple of 9 and the quotient fits,
 *		so computing modulo 2^64 and multiplying by the inverse of 9 gives
 *		the exact quotient.  One pass over the digits, no table per digit.
 *		n must be 0..PHONE_MAX_DIGITS.
 */
uint64_t
phone_rank(const char *digits, int n)
{
	uint64_t	value = 0;
	uint64_t	sum = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		uint64_t	d = (uint64_t) (digits[i] - '0');

		value = value * 10 + d;
		sum += d;
	}
	return phone_rank_of_value(value, sum, n);
}

/*
 * phone_rank_of_value
 *		See phone_rank.
 */
uint64_t
phone_rank_of_value(uint64_t value, uint64_t digit_sum, int n)
{
	return (value * pow20[n] - digit_sum) * INVERSE_OF_9 + (uint64_t) n;
}

/*
 * phone_unrank
 *		Inverse of phone_rank.  Returns the length, or -1 when rank is out
 *		of range.
 */
int
phone_unrank(uint64_t rank, char *digits)
{
	int			n = 0;

	if (rank >= PHONE_RANK_LIMIT)
		return -1;

	/* rank 0 is the root (the empty string); each step descends one level */
	while (rank > 0)
	{
		uint64_t	size = subtree[PHONE_MAX_DIGITS - 1 - n];
		uint64_t	d;

		rank -= 1;
		d = rank / size;
		rank -= d * size;
		digits[n++] = (char) ('0' + d);
	}
	digits[n] = '\0';
	return n;
}

/*
 * phone_prefix_range
 *		The strings that begin with digits[0..n-1] are the prefix itself and
 *		its subtree: S(19 - n) consecutive ranks starting at its own.
 */
void
phone_prefix_range(const char *digits, int n, uint64_t *lo, uint64_t *hi)
{
	*lo = phone_rank(digits, n);
	*hi = *lo + subtree[PHONE_MAX_DIGITS - n] - 1;
}
