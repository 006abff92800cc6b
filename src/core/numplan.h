/*-------------------------------------------------------------------------
 *
 * numplan.h
 *	  The numbering-plan model: what the generated tables in numplan_data.c
 *	  hold, and the lookups the rest of the core uses on them.
 *
 * The tables are written by tools/gen_numplan_data.js from Google's
 * libphonenumber metadata (see the banner of src/data/numplan_data.c for the exact
 * package versions).  Plain C99, no PostgreSQL headers.
 *
 * Number-type patterns are compiled at generation time into one
 * deterministic automaton per region over the ten digits; the runtime walks
 * it and never interprets those regular expressions.  The patterns that
 * need capture groups or prefix matches are compiled at generation time
 * too: number formats into tables of group lengths (or, for a format that
 * is not plain digit groups, a program), international prefixes and
 * national-prefix parsing into programs that src/core/digit_regex.c runs.
 * Their source text stays beside them for the SQL functions and the
 * tests.
 *
 *-------------------------------------------------------------------------
 */
#ifndef NUMPLAN_H
#define NUMPLAN_H

#include "digit_regex.h"
#include "phone_core.h"

/*
 * Used only inside the module: with GCC or clang, bind calls and data
 * references to these directly rather than through the symbol tables of a
 * shared object.
 */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

/*
 * Descriptions of a region, in libphonenumber's order.  NUMPLAN_DESC_GENERAL
 * is general_desc; the others follow PhoneType where one exists.
 */
typedef enum NumPlanDesc
{
	NUMPLAN_DESC_GENERAL = 0,
	NUMPLAN_DESC_FIXED_LINE,
	NUMPLAN_DESC_MOBILE,
	NUMPLAN_DESC_TOLL_FREE,
	NUMPLAN_DESC_PREMIUM_RATE,
	NUMPLAN_DESC_SHARED_COST,
	NUMPLAN_DESC_PERSONAL_NUMBER,
	NUMPLAN_DESC_VOIP,
	NUMPLAN_DESC_PAGER,
	NUMPLAN_DESC_UAN,
	NUMPLAN_DESC_VOICEMAIL,
	NUMPLAN_DESC_NO_INTERNATIONAL_DIALLING,
	NUMPLAN_NDESC
} NumPlanDesc;

typedef struct NumPlanNumberDesc
{
	bool		present;		/* the metadata has this description */
	uint32_t	possible_lengths;	/* bit n set: NSN length n possible; for
									 * a type whose metadata gives none, the
									 * general description's (as
									 * libphonenumber does) */
	uint32_t	local_only_lengths; /* bit n: possible only for local dialling */
	const char *pattern;		/* national_number_pattern source, or NULL */
	const char *example;		/* example number (NSN digits), or NULL */
} NumPlanNumberDesc;

typedef struct NumPlanFormat
{
	const char *pattern;		/* e.g. "(\\d{3})(\\d{3})(\\d{4})" */
	const DRegexProgram *prog;	/* pattern, compiled */
	uint8_t		n_groups;		/* > 0: pattern is n_groups groups
								 * "(\\d{min,max})" in a row, with the
								 * lengths below (see
								 * numplan_format_groups); 0: it is not, and
								 * prog runs */
	uint8_t		group_min[DREGEX_MAX_GROUPS];
	uint8_t		group_max[DREGEX_MAX_GROUPS];
	const char *format;			/* e.g. "$1 $2 $3" */
	const char *const *leading_digits;	/* leading_digits_pattern list */
	uint8_t		n_leading_digits;
	const char *national_prefix_formatting_rule;	/* e.g. "0$1", or NULL
													 * (already expanded: $NP
													 * and $FG replaced as
													 * libphonenumber does) */
	bool		national_prefix_optional_when_formatting;
	const char *domestic_carrier_code_formatting_rule;	/* or NULL */
	uint32_t	leading_dfa;	/* start state in numplan_dfa_rows of the last
								 * leading_digits pattern (states where it
								 * matches carry NUMPLAN_ACCEPT_LEADING_DIGITS);
								 * 0 when there is none */
} NumPlanFormat;

typedef struct NumPlanRegion
{
	char		id[4];			/* "US"; "001" for non-geographic entities */
	const char *name;			/* English name ("United States"), from
								 * ISO 3166-1; for "001" a description of
								 * the service ("International Freephone") */
	uint16_t	country_code;
	bool		main_country_for_code;
	const char *leading_digits; /* NULL or a pattern (shared codes) */
	const char *international_prefix;	/* regex source, or NULL */
	const DRegexProgram *international_prefix_prog; /* it compiled, or NULL */
	const char *preferred_international_prefix; /* or NULL */
	const char *national_prefix;	/* or NULL */
	const char *preferred_extn_prefix;	/* or NULL */
	const char *national_prefix_for_parsing;	/* or NULL */
	const DRegexProgram *npfp_prog; /* it compiled, or NULL */
	const char *national_prefix_transform_rule; /* or NULL */
	bool		mobile_number_portable_region;
	NumPlanNumberDesc desc[NUMPLAN_NDESC];
	const NumPlanFormat *formats;
	uint16_t	n_formats;
	const NumPlanFormat *intl_formats; /* intl_number_format list; when the
									 * metadata has none, same as formats */
	uint16_t	n_intl_formats;
	uint32_t	dfa_start;		/* start state in numplan_dfa_rows */

	/*
	 * A filter in front of national_prefix_for_parsing (see
	 * numplan_national_prefix_may_match): start states in numplan_dfa_rows of an
	 * automaton of its alternatives that do not end with "$" and of one of
	 * those that do (0 when there are none), where NUMPLAN_ACCEPT_LEADING_DIGITS
	 * marks the end of a match; bit n of npfp_end_lengths is set when the
	 * latter can match n digits.  All 0 when there is no such pattern (or
	 * one that only matches the empty string).
	 */
	uint32_t	npfp_dfa;
	uint32_t	npfp_end_dfa;
	uint32_t	npfp_end_lengths;
} NumPlanRegion;

/* Generated tables (src/data/numplan_data.c) */
extern const NumPlanRegion numplan_regions[];
extern const int numplan_n_regions;

/*
 * The automata, one row of 32 bytes per state, so that a walk reads one
 * cache line per step.  State 0 is the dead state.  next[d] is the state
 * after the digit d.  accept has bit p (a NumPlanDesc) set when the digits
 * read so far match the whole national_number_pattern of description p of
 * the region the walk started in (and NUMPLAN_ACCEPT_LEADING_DIGITS, below).
 * When from the state every digit leads to the same next state, skip_len
 * times in a row (else 0), skip_to is the state after those digits: a walk
 * that only needs its final state may jump over such runs.
 */
typedef struct NumPlanDfaRow
{
	uint16_t	next[10];
	uint16_t	accept;
	uint16_t	skip_to;
	uint8_t		skip_len;
	uint8_t		pad[7];
} NumPlanDfaRow;

#if defined(__GNUC__) || defined(__clang__)
#define NUMPLAN_DFA_ROWS_ALIGN __attribute__((aligned(64)))
#else
#define NUMPLAN_DFA_ROWS_ALIGN
#endif

extern const NumPlanDfaRow numplan_dfa_rows[];

/*
 * numplan_dfa_after2[i * 100 + 10 * d0 + d1] is the state of the automaton of
 * numplan_regions[i] (started at its dfa_start) after the digits d0 d1, 0 when
 * the walk has died: the first two steps of a walk over an NSN in one load
 * that depends on no other (see numplan_type_walk_prefetch).
 */
extern const uint16_t numplan_dfa_after2[];

/*
 * numplan_npfp_first_digits[i] has bit d set when an automaton of the national
 * prefix for parsing of numplan_regions[i] (npfp_dfa, npfp_end_dfa) is still
 * alive after the digit d: when the bit is clear, the prefix cannot match
 * a number that starts with d.
 */
extern const uint16_t numplan_npfp_first_digits[];

/*
 * numplan_desc_by_length[i * (PHONE_MAX_NSN_DIGITS + 1) + n] has bit d (a
 * NumPlanDesc) set when desc[d].possible_lengths of numplan_regions[i] has bit n:
 * the descriptions that admit an NSN of n digits, in one load.
 */
extern const uint16_t numplan_desc_by_length[];

/*
 * One more bit of NumPlanDfaRow.accept: set when the digits read so far match
 * the whole leading_digits pattern of the region (or, in the automaton of a
 * number format, NumPlanFormat.leading_dfa, its last leading-digits pattern).
 * The leading digits match an NSN (libphonenumber's "lookingAt") when the
 * walk over the NSN passes a state with this bit.
 */
#define NUMPLAN_ACCEPT_LEADING_DIGITS	(1u << NUMPLAN_NDESC)

/*
 * Index tables: numplan_regions[numplan_cc_first[cc]] is the first of the
 * numplan_cc_count[cc] entries of calling code cc (0 entries: unassigned);
 * numplan_region_by_alpha2[(X - 'A') * 26 + (Y - 'A')] is 1 + the index of
 * region "XY", or 0 when there is none.
 */
extern const uint16_t numplan_cc_first[1000];
extern const uint8_t numplan_cc_count[1000];
extern const uint16_t numplan_region_by_alpha2[26 * 26];

/*
 * numplan_cc_start[p]: for the three digits p (000..999), 0 when no calling
 * code starts them; else the length of the code that does in bits 8-9 and
 * its numplan_cc_first in bits 0-7.
 */
extern const uint16_t numplan_cc_start[1000];

/*
 * Calling codes shared by several regions: numplan_cc_shared[cc] is 0, or
 * 1 + k where numplan_shared_candidates[k * 1000 + p] has bit i set when entry
 * numplan_cc_first[cc] + i can be the region of an NSN beginning with the
 * three digits p (a filter that spares walking the other regions).
 */
extern const uint8_t numplan_cc_shared[1000];
extern const uint32_t numplan_shared_candidates[];

extern const char numplan_metadata_version[];	/* "9.0.40" */

/* ---------------------------------------------------------------------
 * Lookups (src/core/numplan.c)
 *
 * An NSN or digit string passed to these must be ASCII digits: the core
 * only ever has such strings here (the lexer's output, the digits of a
 * PhoneNumber, or input that the fast path checked), so the lookups do not
 * check them again.  numplan_country_code_length and numplan_format_leading_match
 * are the exceptions: they take any string.
 * ---------------------------------------------------------------------
 */

/* length (1..3) of the assigned calling code that starts digits, or 0 */
extern int	numplan_country_code_length(const char *digits, int n);

/*
 * Whether r is a geographic region, not the "001" entry of a
 * non-geographic calling code
 */
static inline bool
numplan_region_geographic(const NumPlanRegion *r)
{
	return r->id[0] != '0';
}

/*
 * Geographic region by ISO code ("US"), case-insensitive; NULL for any
 * other string ("001" included)
 */
extern const NumPlanRegion *numplan_region_by_id(const char *id);

/* the main region of a calling code, or NULL if unassigned */
extern const NumPlanRegion *numplan_main_region_for_code(int cc);

/* bit mask of NumPlanDesc whose pattern matches the whole nsn (DFA walk) */
extern uint32_t numplan_match_descs(const NumPlanRegion *region,
								 const char *nsn, int len);

/* libphonenumber's getNumberType for an NSN in a given region */
extern PhoneType numplan_number_type(const NumPlanRegion *region,
								  const char *nsn, int len);

/* whether numplan_number_type is not PHONE_TYPE_UNKNOWN (fewer branches) */
extern bool numplan_number_valid(const NumPlanRegion *region,
							  const char *nsn, int len);

/*
 * A hint that numplan_number_type(region, nsn, len) is about to be asked:
 * starts loading what its walk reads first.  No effect on any result.
 */
extern void numplan_type_walk_prefetch(const NumPlanRegion *region,
									const char *nsn, int len);

/* libphonenumber's getRegionCodeForNumber: region of cc + nsn, or NULL */
extern const NumPlanRegion *numplan_region_for_number(int cc,
												const char *nsn, int len);

/*
 * libphonenumber's testNumberLength for a desc of a region: PHONE_OK (also
 * for local-only lengths), PHONE_ERR_TOO_SHORT, _TOO_LONG or
 * _INVALID_LENGTH.
 */
extern PhoneError numplan_test_length(const NumPlanRegion *region, NumPlanDesc desc,
								   int len);

/*
 * Whether number format f may apply to nsn by its leading digits: it has
 * none, or its last leading_digits pattern matches a prefix of nsn (the
 * test of libphonenumber's chooseFormattingPatternForNumber; the format's
 * own pattern must still match the whole NSN).
 */
extern bool numplan_format_leading_match(const NumPlanFormat *f,
									  const char *nsn, int len);

/*
 * Whether the pattern of number format f matches the whole of nsn[0..len-1]
 * (libphonenumber's matches()); if so, *m receives the first match at the
 * start (lookingAt(), greedy), which libphonenumber then replaces.  For a
 * format with n_groups > 0 that match covers all of nsn and is computed
 * from the group lengths; otherwise the program of the pattern runs.
 */
extern bool numplan_format_groups(const NumPlanFormat *f, const char *nsn,
								  int len, DRegexMatch *m);

/*
 * Whether national_prefix_for_parsing of region can have a non-empty match
 * at the start of num[0..n-1] (libphonenumber's lookingAt; "$" is the end
 * of num).  False only when it certainly cannot, so that the regular
 * expression, which also finds the groups, need not run.
 */
extern bool numplan_national_prefix_may_match(const NumPlanRegion *region,
										   const char *num, int n);

/*
 * Small helpers shared by the plan's lookups and the resolver: the lowest
 * and highest set bit of a nonzero mask.
 */
static inline int
numplan_lowest_bit(uint32_t mask)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctz(mask);
#else
	int			b = 0;

	while (!(mask & 1))
	{
		mask >>= 1;
		b++;
	}
	return b;
#endif
}

static inline int
numplan_highest_bit(uint32_t mask)
{
#if defined(__GNUC__) || defined(__clang__)
	return 31 - __builtin_clz(mask);
#else
	int			b = 31;

	while (!(mask & (UINT32_C(1) << b)))
		b--;
	return b;
#endif
}

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif							/* NUMPLAN_H */
