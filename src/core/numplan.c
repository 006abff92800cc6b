/*-------------------------------------------------------------------------
 *
 * numplan.c
 *	  Lookups on the numbering-plan tables (numplan_data.c): calling codes,
 *	  regions, number types, validity and possible lengths, with the
 *	  semantics of Google's libphonenumber (PhoneNumberUtil).
 *
 * Number-type patterns are never interpreted here: every region has a
 * deterministic automaton over the digits (see numplan.h) whose states say
 * which descriptions match the digits read so far, and which also marks
 * where the region's leading_digits pattern has matched.  One walk over an
 * NSN (at most 17 table lookups) answers every pattern question about it.
 * The leading-digits patterns of number formats have automata of their own
 * in the same tables.
 *
 * Plain C99, no allocation, no mutable state.
 *
 *-------------------------------------------------------------------------
 */
#include "numplan.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p)		__builtin_prefetch(p)
#else
#define PREFETCH(p)		((void) (p))
#endif

#define DESC_BIT(d)		(1u << (d))
#define ALL_DESC_BITS	(NUMPLAN_ACCEPT_LEADING_DIGITS - 1)
/* the descriptions that type_from_mask turns into a type */
#define TYPE_DESC_BITS	(DESC_BIT(NUMPLAN_DESC_FIXED_LINE) | \
						 DESC_BIT(NUMPLAN_DESC_MOBILE) | \
						 DESC_BIT(NUMPLAN_DESC_TOLL_FREE) | \
						 DESC_BIT(NUMPLAN_DESC_PREMIUM_RATE) | \
						 DESC_BIT(NUMPLAN_DESC_SHARED_COST) | \
						 DESC_BIT(NUMPLAN_DESC_PERSONAL_NUMBER) | \
						 DESC_BIT(NUMPLAN_DESC_VOIP) | \
						 DESC_BIT(NUMPLAN_DESC_PAGER) | \
						 DESC_BIT(NUMPLAN_DESC_UAN) | \
						 DESC_BIT(NUMPLAN_DESC_VOICEMAIL))

/*
 * Walk the region's automaton over nsn[0..len-1].  Returns the accept mask
 * (NumPlanDesc bits only) of the final state, 0 when the walk died.
 *
 * Each step is a load that depends on the one before, and when the tables
 * are not in the cache (as while COPY streams rows through it) that
 * latency is the cost of the walk.  So the walk reads the rows of
 * numplan_dfa_rows (one cache line per step, accept mask included), and
 * crosses runs of states that read any digit alike with one step: that
 * takes a typical walk from ten steps to four.  The first two steps are
 * one load from numplan_dfa_after2, whose address depends only on the region
 * and the digits (and which numplan_type_walk_prefetch may have started).
 * nsn must be ASCII digits (see numplan.h).
 */
static inline uint32_t
walk(const NumPlanRegion *region, const char *nsn, int len)
{
	uint32_t	s = region->dfa_start;
	ptrdiff_t	r = region - numplan_regions;
	int			i = 0;

	/* the first two steps in one load, when region is one of the plan's */
	if (len >= 2 && r >= 0 && r < numplan_n_regions)
	{
		s = numplan_dfa_after2[r * 100 + (nsn[0] - '0') * 10 + (nsn[1] - '0')];
		i = 2;
	}
	while (i < len)
	{
		const NumPlanDfaRow *row = &numplan_dfa_rows[s];
		int			k = row->skip_len;
		bool		jump = k != 0 && k <= len - i;

		/* selects rather than branches: which way a step goes is data */
		s = jump ? row->skip_to : row->next[nsn[i] - '0'];
		i += jump ? k : 1;
		if (s == 0)
			return 0;
	}
	return numplan_dfa_rows[s].accept & ALL_DESC_BITS;
}

/*
 * Whether the automaton started at state s reaches a state with the
 * leading-digits bit on a prefix of nsn (libphonenumber's lookingAt);
 * stops at the first such prefix.
 */
static inline bool
prefix_match(uint32_t s, const char *nsn, int len)
{
	int			i;

	if (numplan_dfa_rows[s].accept & NUMPLAN_ACCEPT_LEADING_DIGITS)
		return true;
	for (i = 0; i < len; i++)
	{
		unsigned	d = (unsigned) (nsn[i] - '0');

		if (d > 9)
			return false;
		s = numplan_dfa_rows[s].next[d];
		if (s == 0)
			return false;
		if (numplan_dfa_rows[s].accept & NUMPLAN_ACCEPT_LEADING_DIGITS)
			return true;
	}
	return false;
}

/*
 * Keep only the descriptions whose possible lengths admit len, as
 * libphonenumber's isNumberMatchingDesc does before it tries the pattern.
 * A description without lengths of its own carries the general ones, which
 * the general description's match has already checked.  For the plan's
 * regions one load of numplan_desc_by_length does it.
 */
static inline uint32_t
filter_lengths(const NumPlanRegion *region, uint32_t mask, int len)
{
	ptrdiff_t	r = region - numplan_regions;
	uint32_t	lenbit;
	uint32_t	out = 0;
	int			d;

	if (len < 0 || len > 31)
		return 0;
	if (r >= 0 && r < numplan_n_regions && len <= PHONE_MAX_NSN_DIGITS)
		return mask & numplan_desc_by_length[r * (PHONE_MAX_NSN_DIGITS + 1) + len];
	lenbit = (uint32_t) 1 << len;
	/* only the descriptions that matched: each is a cache line to read */
	for (mask &= ALL_DESC_BITS; mask != 0; mask &= mask - 1)
	{
		d = numplan_lowest_bit(mask);
		if (region->desc[d].possible_lengths & lenbit)
			out |= DESC_BIT(d);
	}
	return out;
}

/*
 * libphonenumber's getNumberTypeHelper on a mask of matching descriptions
 * (already filtered by length).
 */
static PhoneType
type_from_mask(uint32_t m)
{
	if (!(m & DESC_BIT(NUMPLAN_DESC_GENERAL)))
		return PHONE_TYPE_UNKNOWN;
	if (m & DESC_BIT(NUMPLAN_DESC_PREMIUM_RATE))
		return PHONE_TYPE_PREMIUM_RATE;
	if (m & DESC_BIT(NUMPLAN_DESC_TOLL_FREE))
		return PHONE_TYPE_TOLL_FREE;
	if (m & DESC_BIT(NUMPLAN_DESC_SHARED_COST))
		return PHONE_TYPE_SHARED_COST;
	if (m & DESC_BIT(NUMPLAN_DESC_VOIP))
		return PHONE_TYPE_VOIP;
	if (m & DESC_BIT(NUMPLAN_DESC_PERSONAL_NUMBER))
		return PHONE_TYPE_PERSONAL_NUMBER;
	if (m & DESC_BIT(NUMPLAN_DESC_PAGER))
		return PHONE_TYPE_PAGER;
	if (m & DESC_BIT(NUMPLAN_DESC_UAN))
		return PHONE_TYPE_UAN;
	if (m & DESC_BIT(NUMPLAN_DESC_VOICEMAIL))
		return PHONE_TYPE_VOICEMAIL;

	/*
	 * Fixed line and mobile.  libphonenumber's same_mobile_and_fixed_line
	 * flag needs no special case: the generator checks that wherever it is
	 * set the two descriptions are identical, and then these tests give the
	 * same answers.
	 */
	if (m & DESC_BIT(NUMPLAN_DESC_FIXED_LINE))
		return (m & DESC_BIT(NUMPLAN_DESC_MOBILE)) ?
			PHONE_TYPE_FIXED_LINE_OR_MOBILE : PHONE_TYPE_FIXED_LINE;
	if (m & DESC_BIT(NUMPLAN_DESC_MOBILE))
		return PHONE_TYPE_MOBILE;
	return PHONE_TYPE_UNKNOWN;
}

/* ---------------------------------------------------------------------
 * Lookups declared in numplan.h
 * ---------------------------------------------------------------------
 */

/*
 * Length (1..3) of the assigned calling code that starts digits, or 0.
 * With three digits or more, one load of numplan_cc_start; else (or when
 * the three are not all digits) a digit at a time.
 */
int
numplan_country_code_length(const char *digits, int n)
{
	int			cc = 0;
	int			k;

	if (n >= 3)
	{
		unsigned	d0 = (unsigned) (digits[0] - '0');
		unsigned	d1 = (unsigned) (digits[1] - '0');
		unsigned	d2 = (unsigned) (digits[2] - '0');

		if (d0 <= 9 && d1 <= 9 && d2 <= 9)
			return (int) (numplan_cc_start[d0 * 100 + d1 * 10 + d2] >> 8);
	}
	if (n <= 0 || digits[0] < '1' || digits[0] > '9')
		return 0;
	for (k = 0; k < PHONE_MAX_CC_DIGITS && k < n; k++)
	{
		unsigned	d = (unsigned) (digits[k] - '0');

		if (d > 9)
			return 0;
		cc = cc * 10 + (int) d;
		if (numplan_cc_count[cc] != 0)
			return k + 1;
	}
	return 0;
}

/* geographic region by ISO code, case-insensitive; NULL when unknown */
const NumPlanRegion *
numplan_region_by_id(const char *id)
{
	int			a,
				b,
				idx;

	if (id == NULL || id[0] == '\0' || id[1] == '\0' || id[2] != '\0')
		return NULL;
	a = id[0] | 0x20;
	b = id[1] | 0x20;
	if (a < 'a' || a > 'z' || b < 'a' || b > 'z')
		return NULL;
	idx = numplan_region_by_alpha2[(a - 'a') * 26 + (b - 'a')];
	if (idx == 0 || !numplan_region_geographic(&numplan_regions[idx - 1]))
		return NULL;
	return &numplan_regions[idx - 1];
}

/* main region of calling code cc (its only entry for "001"), or NULL */
const NumPlanRegion *
numplan_main_region_for_code(int cc)
{
	if (cc < 1 || cc > 999 || numplan_cc_count[cc] == 0)
		return NULL;
	return &numplan_regions[numplan_cc_first[cc]];
}

/*
 * Bit mask of NumPlanDesc whose pattern matches the whole nsn (patterns only;
 * possible lengths are not applied here)
 */
uint32_t
numplan_match_descs(const NumPlanRegion *region, const char *nsn, int len)
{
	return walk(region, nsn, len);
}

/*
 * Start loading the first automaton state that walk() will read for
 * region and nsn (nothing when that is not known without a load).
 */
void
numplan_type_walk_prefetch(const NumPlanRegion *region, const char *nsn, int len)
{
	ptrdiff_t	r = region - numplan_regions;
	unsigned	d0,
				d1;

	if (len < 2 || r < 0 || r >= numplan_n_regions)
		return;
	d0 = (unsigned) (nsn[0] - '0');
	d1 = (unsigned) (nsn[1] - '0');
	if (d0 <= 9 && d1 <= 9)
		PREFETCH(&numplan_dfa_after2[r * 100 + d0 * 10 + d1]);
}

/* libphonenumber's getNumberType for an NSN in a given region */
PhoneType
numplan_number_type(const NumPlanRegion *region, const char *nsn, int len)
{
	uint32_t	m = walk(region, nsn, len);

	return type_from_mask(filter_lengths(region, m, len));
}

/* whether numplan_number_type is not PHONE_TYPE_UNKNOWN */
bool
numplan_number_valid(const NumPlanRegion *region, const char *nsn, int len)
{
	uint32_t	m = filter_lengths(region, walk(region, nsn, len), len);

	/* type_from_mask gives a type for any of these with the general one */
	return (m & DESC_BIT(NUMPLAN_DESC_GENERAL)) != 0 &&
		(m & TYPE_DESC_BITS) != 0;
}

/*
 * libphonenumber's getRegionCodeForNumber, and the number's type there
 * (getNumberType) into *type when type is not NULL.  A calling code with one
 * entry gives it; for a shared code the first region (in metadata order)
 * whose leading_digits match the start of the NSN, or, for a region without
 * leading_digits, of which the NSN is a valid number.  NULL (and
 * PHONE_TYPE_UNKNOWN) when there is none.
 */
static inline const NumPlanRegion *
resolve(int cc, const char *nsn, int len, PhoneType *type)
{
	int			n,
				i;
	const NumPlanRegion *r;
	PhoneType	t = PHONE_TYPE_UNKNOWN;

	n = (cc >= 1 && cc <= 999) ? numplan_cc_count[cc] : 0;
	r = n ? &numplan_regions[numplan_cc_first[cc]] : NULL;
	if (n > 1)
	{
		uint32_t	cand = ~(uint32_t) 0;

		/* only the entries that can claim an NSN with these first digits */
		if (len >= 3 && numplan_cc_shared[cc] != 0)
		{
			unsigned	d0 = (unsigned) (nsn[0] - '0');
			unsigned	d1 = (unsigned) (nsn[1] - '0');
			unsigned	d2 = (unsigned) (nsn[2] - '0');

			if (d0 <= 9 && d1 <= 9 && d2 <= 9)
				cand = numplan_shared_candidates[(numplan_cc_shared[cc] - 1) * 1000 +
											  d0 * 100 + d1 * 10 + d2];
		}
		for (i = 0; i < n; i++, r++)
		{
			if (i < 32 && !(cand & ((uint32_t) 1 << i)))
				continue;
			if (r->leading_digits != NULL)
			{
				if (prefix_match(r->dfa_start, nsn, len))
					break;
			}
			else
			{
				t = numplan_number_type(r, nsn, len);
				if (t != PHONE_TYPE_UNKNOWN)
				{
					if (type)
						*type = t;
					return r;
				}
			}
		}
		if (i == n)
			r = NULL;
	}
	if (type)
		*type = r ? numplan_number_type(r, nsn, len) : PHONE_TYPE_UNKNOWN;
	return r;
}

/*
 * Whether the national prefix for parsing of region can have a non-empty
 * match at the start of num: a state with the leading-digits bit after one
 * digit or more of the automaton of the unanchored alternatives, or at the
 * end of num in the automaton of the anchored ones.
 */
bool
numplan_national_prefix_may_match(const NumPlanRegion *region, const char *num,
							   int n)
{
	uint32_t	s = region->npfp_dfa;
	ptrdiff_t	r = region - numplan_regions;
	int			i;

	/* no pattern, or one that can only match the empty string */
	if ((s == 0 && region->npfp_end_lengths == 0) || n <= 0)
		return false;
	/* most numbers leave both automata with their first digit */
	if (r >= 0 && r < numplan_n_regions &&
		!(numplan_npfp_first_digits[r] & (1u << (num[0] - '0'))))
		return false;
	for (i = 0; s != 0 && i < n; i++)
	{
		s = numplan_dfa_rows[s].next[num[i] - '0'];
		if (numplan_dfa_rows[s].accept & NUMPLAN_ACCEPT_LEADING_DIGITS)
			return true;
	}
	if (n < 32 && (region->npfp_end_lengths & ((uint32_t) 1 << n)))
	{
		s = region->npfp_end_dfa;
		for (i = 0; s != 0 && i < n; i++)
			s = numplan_dfa_rows[s].next[num[i] - '0'];
		if (s != 0 && (numplan_dfa_rows[s].accept & NUMPLAN_ACCEPT_LEADING_DIGITS))
			return true;
	}
	return false;
}

/*
 * Whether the pattern of format f matches all of nsn[0..len-1], with its
 * groups in *m.
 *
 * For a pattern of groups (\d{min_1,max_1})...(\d{min_k,max_k}) and a
 * subject of digits, backtracking with greedy quantifiers finds the largest
 * first group that leaves enough digits for the minimum of the others, then
 * the largest second, and so on: group i takes min(max_i, what is left
 * minus the minimums of the groups after it).  A match of the whole
 * subject exists exactly when the sum of the minimums <= len <= the sum of
 * the maximums.  A match of a prefix (libphonenumber's lookingAt, which
 * formatting tries first) then covers the whole subject too, so it is the
 * same match.
 */
bool
numplan_format_groups(const NumPlanFormat *f, const char *nsn, int len,
					  DRegexMatch *m)
{
	int			n = f->n_groups;
	int			min_left = 0;
	int			max_total = 0;
	int			pos = 0;
	int			i;

	if (n == 0)
	{
		/* not a pattern of plain groups: run it */
		if (dregex_prefix(f->prog, nsn, len, m) != DREGEX_MATCH)
			return false;
		/* a match of all of nsn is also the first match at 0 */
		return m->end[0] == len ||
			dregex_full(f->prog, nsn, len, NULL) == DREGEX_MATCH;
	}

	for (i = 0; i < n; i++)
	{
		min_left += f->group_min[i];
		max_total += f->group_max[i];
	}
	if (len < min_left || len > max_total)
		return false;

	m->ngroups = n;
	m->start[0] = 0;
	m->end[0] = len;
	for (i = 0; i < n; i++)
	{
		int			g;

		min_left -= f->group_min[i];
		g = len - pos - min_left;
		if (g > f->group_max[i])
			g = f->group_max[i];
		m->start[i + 1] = pos;
		m->end[i + 1] = pos + g;
		pos += g;
	}
	for (i = n + 1; i <= DREGEX_MAX_GROUPS; i++)
		m->start[i] = m->end[i] = -1;
	return true;
}

/* whether format f may apply to nsn by its (last) leading-digits pattern */
bool
numplan_format_leading_match(const NumPlanFormat *f, const char *nsn, int len)
{
	if (f->n_leading_digits == 0)
		return true;
	return prefix_match(f->leading_dfa, nsn, len);
}

/* libphonenumber's getRegionCodeForNumber: region of cc + nsn, or NULL */
const NumPlanRegion *
numplan_region_for_number(int cc, const char *nsn, int len)
{
	return resolve(cc, nsn, len, NULL);
}

/*
 * libphonenumber's testNumberLength given the lists it works on: possible
 * (0 when the type does not exist) and local-only lengths as bit masks.
 */
static PhoneError
test_length_masks(uint32_t possible, uint32_t local, int len)
{
	int			min,
				max;
	uint32_t	lenbit;

	if (possible == 0)
		return PHONE_ERR_INVALID_LENGTH;
	lenbit = (len >= 0 && len < 32) ? (uint32_t) 1 << len : 0;
	if (local & lenbit)
		return PHONE_OK;
	min = numplan_lowest_bit(possible);
	max = numplan_highest_bit(possible);
	if (len < min)
		return PHONE_ERR_TOO_SHORT;
	if (len > max)
		return PHONE_ERR_TOO_LONG;
	return (possible & lenbit) ? PHONE_OK : PHONE_ERR_INVALID_LENGTH;
}

/* libphonenumber's testNumberLength for a description of a region */
PhoneError
numplan_test_length(const NumPlanRegion *region, NumPlanDesc desc, int len)
{
	const NumPlanNumberDesc *d;

	if ((int) desc < 0 || desc >= NUMPLAN_NDESC)
		desc = NUMPLAN_DESC_GENERAL;
	d = &region->desc[desc];
	return test_length_masks(d->possible_lengths, d->local_only_lengths, len);
}

/* ---------------------------------------------------------------------
 * Public number information (phone_core.h)
 * ---------------------------------------------------------------------
 */

/*
 * Fill *num from an E.164 digit string.  Returns false unless the string
 * is all digits, starts with an assigned calling code and leaves an NSN of
 * PHONE_MIN_NSN_DIGITS..PHONE_MAX_NSN_DIGITS digits.
 */
bool
phone_from_digits(const char *digits, int n, PhoneNumber *num)
{
	int			cc_len,
				i;

	if (digits == NULL || n < 1 || n > PHONE_MAX_DIGITS)
		return false;
	for (i = 0; i < n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			return false;
	cc_len = numplan_country_code_length(digits, n);
	if (cc_len == 0)
		return false;
	if (n - cc_len < PHONE_MIN_NSN_DIGITS || n - cc_len > PHONE_MAX_NSN_DIGITS)
		return false;
	memcpy(num->digits, digits, n);
	num->digits[n] = '\0';
	num->ndigits = (uint8_t) n;
	num->cc_len = (uint8_t) cc_len;
	return true;
}

/* country calling code of num as an integer */
int
phone_number_country_code(const PhoneNumber *num)
{
	int			cc = 0;
	int			i;

	for (i = 0; i < num->cc_len; i++)
		cc = cc * 10 + (num->digits[i] - '0');
	return cc;
}

/* SQL enum label of a type */
const char *
phone_type_name(PhoneType type)
{
	switch (type)
	{
		case PHONE_TYPE_FIXED_LINE:
			return "fixed_line";
		case PHONE_TYPE_MOBILE:
			return "mobile";
		case PHONE_TYPE_FIXED_LINE_OR_MOBILE:
			return "fixed_line_or_mobile";
		case PHONE_TYPE_TOLL_FREE:
			return "toll_free";
		case PHONE_TYPE_PREMIUM_RATE:
			return "premium_rate";
		case PHONE_TYPE_SHARED_COST:
			return "shared_cost";
		case PHONE_TYPE_VOIP:
			return "voip";
		case PHONE_TYPE_PERSONAL_NUMBER:
			return "personal_number";
		case PHONE_TYPE_PAGER:
			return "pager";
		case PHONE_TYPE_UAN:
			return "uan";
		case PHONE_TYPE_VOICEMAIL:
			return "voicemail";
		case PHONE_TYPE_UNKNOWN:
			break;
	}
	return "unknown";
}

/* region of the number ("US", "001" for non-geographic), NULL if none */
const char *
phone_region(const PhoneNumber *num)
{
	const NumPlanRegion *r = resolve(phone_number_country_code(num),
								  num->digits + num->cc_len,
								  num->ndigits - num->cc_len, NULL);

	return r ? r->id : NULL;
}

/* libphonenumber's getNumberType */
PhoneType
phone_type(const PhoneNumber *num)
{
	PhoneType	t;

	(void) resolve(phone_number_country_code(num),
				   num->digits + num->cc_len,
				   num->ndigits - num->cc_len, &t);
	return t;
}

/*
 * libphonenumber's isValidNumber: the number's region (which always has
 * the number's calling code here, or is the "001" entry of that code)
 * recognises the NSN as some type.
 */
bool
phone_is_valid(const PhoneNumber *num)
{
	return phone_type(num) != PHONE_TYPE_UNKNOWN;
}

/*
 * libphonenumber's isPossibleNumberWithReason: the length test of the
 * general description of the calling code's main region.
 */
PhoneError
phone_possible(const PhoneNumber *num)
{
	const NumPlanRegion *r;

	if (num->cc_len == 0)
		return PHONE_ERR_INVALID_COUNTRY_CODE;
	r = numplan_main_region_for_code(phone_number_country_code(num));
	if (r == NULL)
		return PHONE_ERR_INVALID_COUNTRY_CODE;
	return numplan_test_length(r, NUMPLAN_DESC_GENERAL, num->ndigits - num->cc_len);
}

/*
 * libphonenumber's verdict on a number: PHONE_OK when it is valid,
 * PHONE_ERR_NOT_VALID when it is only possible, else phone_possible's
 * reason why not.
 */
PhoneError
phone_verdict(const PhoneNumber *num)
{
	PhoneError	err;

	if (phone_is_valid(num))
		return PHONE_OK;
	err = phone_possible(num);
	return err == PHONE_OK ? PHONE_ERR_NOT_VALID : err;
}

/*
 * phone_parse_verdict
 *		See phone_core.h.
 */
PhoneError
phone_parse_verdict(PhoneError err, const PhoneParseResult *result)
{
	if (err != PHONE_OK && err != PHONE_ERR_EXTENSION)
		return err;
	return phone_verdict(&result->number);
}

/* ---------------------------------------------------------------------
 * Regions (phone_core.h)
 * ---------------------------------------------------------------------
 */

/* the ISO code of a geographic region as the plans spell it, or NULL */
const char *
phone_region_known(const char *id)
{
	const NumPlanRegion *r = numplan_region_by_id(id);

	return r ? r->id : NULL;
}

/* the description libphonenumber's getNumberDescByType picks for a type */
static NumPlanDesc
desc_for_type(PhoneType type)
{
	switch (type)
	{
		case PHONE_TYPE_FIXED_LINE:
		case PHONE_TYPE_FIXED_LINE_OR_MOBILE:
			return NUMPLAN_DESC_FIXED_LINE;
		case PHONE_TYPE_MOBILE:
			return NUMPLAN_DESC_MOBILE;
		case PHONE_TYPE_TOLL_FREE:
			return NUMPLAN_DESC_TOLL_FREE;
		case PHONE_TYPE_PREMIUM_RATE:
			return NUMPLAN_DESC_PREMIUM_RATE;
		case PHONE_TYPE_SHARED_COST:
			return NUMPLAN_DESC_SHARED_COST;
		case PHONE_TYPE_VOIP:
			return NUMPLAN_DESC_VOIP;
		case PHONE_TYPE_PERSONAL_NUMBER:
			return NUMPLAN_DESC_PERSONAL_NUMBER;
		case PHONE_TYPE_PAGER:
			return NUMPLAN_DESC_PAGER;
		case PHONE_TYPE_UAN:
			return NUMPLAN_DESC_UAN;
		case PHONE_TYPE_VOICEMAIL:
			return NUMPLAN_DESC_VOICEMAIL;
		case PHONE_TYPE_UNKNOWN:
			break;
	}
	return NUMPLAN_DESC_GENERAL;
}

/*
 * The metadata's example number of type (PHONE_TYPE_UNKNOWN: of the
 * general description) of the geographic region id into *num; false when
 * id is not such a region or it has no example of that type.
 */
bool
phone_region_example(const char *id, PhoneType type, PhoneNumber *num)
{
	const NumPlanRegion *r = numplan_region_by_id(id);
	const NumPlanNumberDesc *d;
	char		digits[PHONE_MAX_DIGITS + 1];
	int			n;

	if (r == NULL)
		return false;
	d = &r->desc[desc_for_type(type)];
	if (!d->present || d->example == NULL)
		return false;
	n = snprintf(digits, sizeof(digits), "%u", (unsigned) r->country_code);
	if (n <= 0 || (size_t) n + strlen(d->example) > PHONE_MAX_DIGITS)
		return false;
	strcpy(digits + n, d->example);
	return phone_from_digits(digits, (int) strlen(digits), num);
}

/*
 * Entry i (from 0) of the numbering plans into *info; false past the
 * last.
 */
bool
phone_region_info(int i, PhoneRegionInfo *info)
{
	const NumPlanRegion *r;

	if (i < 0 || i >= numplan_n_regions)
		return false;
	r = &numplan_regions[i];
	info->id = r->id;
	info->geographic = numplan_region_geographic(r);
	info->name = r->name;
	info->country_code = r->country_code;
	info->national_prefix = r->national_prefix;
	info->international_prefix = r->preferred_international_prefix ?
		r->preferred_international_prefix : r->international_prefix;
	return true;
}

/* the version of the numbering-plan data ("9.0.40") */
const char *
phone_data_version(void)
{
	return numplan_metadata_version;
}
