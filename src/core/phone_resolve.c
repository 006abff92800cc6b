/*-------------------------------------------------------------------------
 *
 * phone_resolve.c
 *	  The numbering-plan half of phone_parse(): from lexed digits to an
 *	  E.164 number, and the validation level.
 *
 * This follows the parse of Google's libphonenumber (PhoneNumberUtil's
 * parseHelper and what it calls), on the digit string that phone_lex()
 * produced:
 *
 *	1. The country calling code (maybeExtractCountryCode).  After a '+' it
 *	   is read from the digits.  Otherwise, with a region, the region's
 *	   international dialling prefix (IDD, e.g. "011" in the US) is
 *	   stripped when it starts the digits and the digit after it is not 0,
 *	   and the calling code is read after it.  Failing that, digits that
 *	   start with the region's own calling code are taken as international
 *	   when the rest (national prefix stripped) fits the region's general
 *	   number pattern and the whole does not, or when the whole is too long
 *	   for the region.  Otherwise the number is national and takes the
 *	   region's calling code.  A '+' followed by an unassigned code is
 *	   given a second chance as if there were no '+' (so "+011 44 ..." read
 *	   in the US works, as in libphonenumber).
 *	2. The national prefix and carrier code
 *	   (maybeStripNationalPrefixAndCarrierCode), with the plan of the region
 *	   argument for a national number and of the main region of the calling
 *	   code otherwise (also after '+': "+44 020 ..." is "+44 20 ..."):
 *	   national_prefix_for_parsing must match at the start; with a transform rule and a last capture group that took
 *	   part, the start is rewritten by the rule ("0 11 15 ..." becomes
 *	   "9 11 ..." in Argentina), otherwise it is cut off.  The change is
 *	   undone when the number fitted the general pattern before and no
 *	   longer does, and it is not kept when the result is too short, of an
 *	   impossible length, or of a length possible only for local dialling.
 *	   This happens once, as in libphonenumber.  A national number read in
 *	   a region that is not the main one of its calling code, whose plan
 *	   stripped nothing, is then stripped once with the main region's plan,
 *	   as reading its E.164 form back would do.  When what is left would
 *	   lose a prefix again if its E.164 form were read back (libphonenumber
 *	   reads "+1 1 1 650 253 0000" as +1 16502530000, which reads back as
 *	   +1 6502530000), the input is refused (PHONE_ERR_REPEATED_PREFIX): a
 *	   stored value must read back as itself, and stripping again would
 *	   accept a doubled prefix, which is a typo.  A national number whose
 *	   prefix the plan would take off but keeps because of what would be
 *	   left ("1 415 555 267" in the US) is refused
 *	   (PHONE_ERR_KEPT_PREFIX), at every level, unless it is valid as
 *	   typed: libphonenumber stores +1 1415555267, which is not what was
 *	   typed.
 *	   Before any prefix is stripped (but after a calling code written
 *	   with '+' or an IDD has been checked), more than 19 digits as typed
 *	   are PHONE_ERR_TOO_MANY_DIGITS.
 *	3. The national significant number (NSN) must have 2..17 digits
 *	   (libphonenumber's TOO_SHORT_NSN and TOO_LONG, reported here as
 *	   PHONE_ERR_TOO_SHORT and PHONE_ERR_TOO_MANY_DIGITS; the latter also
 *	   when the whole exceeds 19 digits, with result->total_digits set to
 *	   the digits of the would-be E.164 number).  libphonenumber's
 *	   TOO_SHORT_AFTER_IDD (at most two digits after the '+' or IDD) is
 *	   PHONE_ERR_TOO_SHORT too.  The NSN is kept as a digit string, so an
 *	   Italian leading zero needs no flag.
 *
 * Then the validation level:
 *
 *	ANY       structure only: an assigned calling code, an NSN of 2..17
 *			  digits and at most 19 digits in all (else TOO_MANY_DIGITS).
 *	POSSIBLE  libphonenumber's isPossibleNumberWithReason must say
 *			  IS_POSSIBLE.  Its IS_POSSIBLE_LOCAL_ONLY is refused: a stored
 *			  number must be dialable from anywhere, and a length that is
 *			  possible only for local dialling lacks the area code.  It is
 *			  reported as TOO_SHORT when shorter than every full length of
 *			  the region, else as INVALID_LENGTH.  A valid number (below)
 *			  passes all the same, so that every level accepts what a
 *			  stricter one does: a 7-digit Canadian "310-xxxx" number is
 *			  valid, while for the plan of +1 as a whole, judged by the US,
 *			  7 digits are a local-only length.
 *	VALID     isValidNumber: a number pattern of the region that the number
 *			  belongs to matches it.  Otherwise the POSSIBLE error, or
 *			  NOT_VALID for a possible length.
 *
 * result->region is the region argument when the calling code came from
 * it (national input), and otherwise the region the number belongs to
 * (libphonenumber's getRegionCodeForNumber; "001" for non-geographic
 * services), or the main region of the calling code when it belongs to
 * none, or "" when no calling code was recognised.
 *
 * An input written with '+' never runs a regular expression here except
 * national_prefix_for_parsing, and that only when the automata of the plan
 * (numplan_national_prefix_may_match) say it can match, which they do for
 * hardly any E.164 number.  phone_resolve_e164 is the test of the fast
 * path of type input (phone_parse_e164_rank): whether "+" and given
 * digits would come out of phone_resolve unchanged.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "digit_regex.h"
#include "phone_resolve.h"

/* working buffers: lexed digits plus what a transform rule may add */
#define RESOLVE_BUFSIZE		(PHONE_LEX_MAX_DIGITS + 24)

/* libphonenumber's ValidationResult for testNumberLength */
typedef enum LengthResult
{
	LEN_POSSIBLE,
	LEN_LOCAL_ONLY,
	LEN_TOO_SHORT,
	LEN_TOO_LONG,
	LEN_INVALID
} LengthResult;

/* Does the whole of s[0..n-1] match the general description of r? */
static bool
general_match(const NumPlanRegion *r, const char *s, int n)
{
	if (n <= 0 || n > PHONE_MAX_NSN_DIGITS)
		return false;			/* no general pattern admits these */
	return (numplan_match_descs(r, s, n) &
			(UINT32_C(1) << NUMPLAN_DESC_GENERAL)) != 0;
}

/*
 * libphonenumber's testNumberLength for an NSN of n digits against the
 * general description of r (number type UNKNOWN).
 */
static LengthResult
general_length(const NumPlanRegion *r, int n)
{
	const NumPlanNumberDesc *d = &r->desc[NUMPLAN_DESC_GENERAL];
	uint32_t	lengths = d->possible_lengths;
	int			min;

	if (lengths == 0)
		return LEN_INVALID;
	if (n >= 0 && n < 32 && (d->local_only_lengths & (UINT32_C(1) << n)))
		return LEN_LOCAL_ONLY;
	min = numplan_lowest_bit(lengths);
	if (n == min)
		return LEN_POSSIBLE;
	if (n < min)
		return LEN_TOO_SHORT;
	if (n > numplan_highest_bit(lengths))
		return LEN_TOO_LONG;
	return (lengths & (UINT32_C(1) << n)) ? LEN_POSSIBLE : LEN_INVALID;
}

/*
 * Whether parseHelper keeps a stripped national number of this length:
 * not when it is too short, of an impossible length, or of a length
 * possible only for local dialling.
 */
static inline bool
length_keeps_strip(LengthResult lr)
{
	return lr != LEN_TOO_SHORT && lr != LEN_LOCAL_ONLY && lr != LEN_INVALID;
}

/*
 * libphonenumber's maybeStripNationalPrefixAndCarrierCode on num[0..n-1]
 * with the plan of r.  When the prefix is stripped (or transformed), writes
 * the new number into out (RESOLVE_BUFSIZE bytes), its length into *outn,
 * and returns true; otherwise returns false and leaves out alone.  The new
 * number may equal the old one; when it certainly does, false is returned
 * without running the pattern.  The carrier code is not kept.  With
 * keep_viable, as libphonenumber does it, a number that fits the general
 * pattern of r is left alone when the new one would not; without it, the
 * prefix is taken off whatever the pattern says.
 */
static bool
strip_prefix(const NumPlanRegion *r, const char *num, int n, bool keep_viable,
			 char *out, int *outn)
{
	const char *npfp = r->national_prefix_for_parsing;
	const char *rule = r->national_prefix_transform_rule;
	DRegexMatch m;
	bool		viable;
	int			ng;
	int			end;

	if (n == 0 || npfp == NULL || npfp[0] == '\0')
		return false;

	/*
	 * An empty match would leave the number as it is (no group took part
	 * in it, or only an empty one), so only a non-empty one matters; the
	 * automata of the plan say whether there can be one, and for nearly
	 * every number there cannot.
	 */
	if (!numplan_national_prefix_may_match(r, num, n))
		return false;
	if (dregex_prefix(r->npfp_prog, num, n, &m) != DREGEX_MATCH)
		return false;

	viable = keep_viable && general_match(r, num, n);
	ng = m.ngroups;
	end = m.end[0];

	if (rule == NULL || rule[0] == '\0' || m.start[ng] < 0 ||
		m.end[ng] <= m.start[ng])
	{
		/* no transformation: cut the matched prefix off */
		if (viable && !general_match(r, num + end, n - end))
			return false;
		memcpy(out, num + end, (size_t) (n - end));
		*outn = n - end;
		return true;
	}
	else
	{
		/* rewrite the matched prefix by the transform rule */
		char		t[RESOLVE_BUFSIZE];
		int			k;

		k = dregex_expand(rule, num, &m, t, (int) sizeof(t));
		if (k + (n - end) >= (int) sizeof(t))
			return false;		/* cannot happen with real metadata */
		memcpy(t + k, num + end, (size_t) (n - end));
		k += n - end;
		if (viable && !general_match(r, t, k))
			return false;
		memcpy(out, t, (size_t) k);
		*outn = k;
		return true;
	}
}

/* strip_prefix as libphonenumber does it: a viable number stays viable */
static inline bool
strip_national_prefix(const NumPlanRegion *r, const char *num, int n,
					  char *out, int *outn)
{
	return strip_prefix(r, num, n, true, out, outn);
}

/*
 * Does num[0..n-1] begin with a national prefix that the plan of r would
 * take off (or rewrite by its transform rule), changing the digits?  Sets
 * *left to the number of digits that would be left.  When libphonenumber
 * nevertheless keeps the prefix, it is because what would be left is not a
 * number of r: too short, of an impossible length or one possible only for
 * local dialling, or not fitting the general pattern where the digits with
 * the prefix do.
 */
static bool
prefix_kept(const NumPlanRegion *r, const char *num, int n, int *left)
{
	char		stripped[RESOLVE_BUFSIZE];
	int			sn;

	if (r == NULL || n < PHONE_MIN_NSN_DIGITS || n > PHONE_MAX_NSN_DIGITS ||
		!strip_prefix(r, num, n, false, stripped, &sn) ||
		(sn == n && memcmp(stripped, num, (size_t) n) == 0))
		return false;
	*left = sn;
	return true;
}

/*
 * libphonenumber's parsePrefixAsIdd with the international prefix of r:
 * returns the number of leading digits that are an IDD to strip, or 0.
 */
static int
idd_length(const NumPlanRegion *r, const char *num, int n)
{
	DRegexMatch m;
	int			end;

	if (r->international_prefix == NULL || r->international_prefix[0] == '\0')
		return 0;
	if (dregex_prefix(r->international_prefix_prog, num, n, &m) !=
		DREGEX_MATCH)
		return 0;
	end = m.end[0];
	/* calling codes never start with 0, so "IDD then 0" is not an IDD */
	if (end < n && num[end] == '0')
		return 0;
	return end;
}

/* Decimal value of the first len (1..3) digits */
static int
digits_value(const char *s, int len)
{
	int			v = 0;

	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Write the decimal digits of v (> 0) into buf; returns how many */
static int
code_digits(int v, char *buf)
{
	char		t[8];
	int			k = 0;
	int			i;

	do
	{
		t[k++] = (char) ('0' + v % 10);
		v /= 10;
	} while (v > 0 && k < (int) sizeof(t));
	for (i = 0; i < k; i++)
		buf[i] = t[k - 1 - i];
	return k;
}

/* Where the calling code came from */
typedef enum CodeSource
{
	FROM_PLUS,					/* written after '+' */
	FROM_IDD,					/* after the region's international prefix */
	FROM_REGION_CODE,			/* the region's own code starting the digits */
	FROM_REGION					/* national number: the region's code */
} CodeSource;

/* Country calling code and NSN found by extract_country_code */
typedef struct Extracted
{
	CodeSource	source;
	int			cc;				/* 0 for FROM_REGION before it is set */
	int			cc_len;
	char		nsn[RESOLVE_BUFSIZE];
	int			nsn_len;
	bool		stripped;		/* FROM_REGION_CODE: a national prefix was
								 * taken off after the code */
	const char *judged;			/* digits judged when an error is
								 * returned */
	int			judged_len;
} Extracted;

/*
 * libphonenumber's maybeExtractCountryCode on num[0..n-1] (plus: written
 * after '+'; region may be NULL).  Returns PHONE_OK with *x filled (for a
 * national number x->source is FROM_REGION and x->cc is 0), or
 * PHONE_ERR_TOO_SHORT (TOO_SHORT_AFTER_IDD) or
 * PHONE_ERR_INVALID_COUNTRY_CODE with x->judged set to the digits after
 * the '+' or IDD.
 */
static PhoneError
extract_country_code(const char *num, int n, bool plus,
					 const NumPlanRegion *region, Extracted *x)
{
	int			skip = 0;

	x->cc = 0;
	x->cc_len = 0;
	x->nsn_len = 0;
	x->stripped = false;
	x->judged = num;
	x->judged_len = n;

	if (plus)
		x->source = FROM_PLUS;
	else if (region != NULL && (skip = idd_length(region, num, n)) > 0)
		x->source = FROM_IDD;
	else
		x->source = FROM_REGION;

	if (x->source != FROM_REGION)
	{
		const char *full = num + skip;
		int			fn = n - skip;
		int			cl;

		x->judged = full;
		x->judged_len = fn;
		if (fn <= PHONE_MIN_NSN_DIGITS)
			return PHONE_ERR_TOO_SHORT;
		cl = numplan_country_code_length(full, fn);
		if (cl == 0)
			return PHONE_ERR_INVALID_COUNTRY_CODE;
		x->cc = digits_value(full, cl);
		x->cc_len = cl;
		x->nsn_len = fn - cl;
		memcpy(x->nsn, full + cl, (size_t) x->nsn_len);
		return PHONE_OK;
	}

	if (region != NULL)
	{
		char		ccs[8];
		int			cl = code_digits(region->country_code, ccs);

		if (n > cl && memcmp(num, ccs, (size_t) cl) == 0)
		{
			const char *pot = num + cl;
			int			potn = n - cl;
			char		stripped[RESOLVE_BUFSIZE];
			int			sn;
			bool		cut = false;

			if (strip_national_prefix(region, pot, potn, stripped, &sn))
			{
				cut = sn != potn || memcmp(stripped, pot, (size_t) sn) != 0;
				pot = stripped;
				potn = sn;
			}
			if ((!general_match(region, num, n) &&
				 general_match(region, pot, potn)) ||
				general_length(region, n) == LEN_TOO_LONG)
			{
				x->source = FROM_REGION_CODE;
				x->cc = region->country_code;
				x->cc_len = cl;
				x->nsn_len = potn;
				x->stripped = cut;
				memcpy(x->nsn, pot, (size_t) potn);
				return PHONE_OK;
			}
		}
	}
	return PHONE_OK;
}

/* Copy a region id into result->region */
static void
set_region(PhoneParseResult *result, const char *id)
{
	size_t		k = strlen(id);

	if (k >= sizeof(result->region))
		k = sizeof(result->region) - 1;
	memcpy(result->region, id, k);
	result->region[k] = '\0';
}

/* Fill result->number with cc_len code digits and the NSN, cut to fit */
static void
set_number(PhoneParseResult *result, const char *cc, int cc_len,
		   const char *nsn, int nsn_len)
{
	PhoneNumber *num = &result->number;

	if (cc_len > PHONE_MAX_DIGITS)
		cc_len = PHONE_MAX_DIGITS;
	if (nsn_len > PHONE_MAX_DIGITS - cc_len)
		nsn_len = PHONE_MAX_DIGITS - cc_len;
	memcpy(num->digits, cc, (size_t) cc_len);
	memcpy(num->digits + cc_len, nsn, (size_t) nsn_len);
	num->digits[cc_len + nsn_len] = '\0';
	num->ndigits = (uint8_t) (cc_len + nsn_len);
	num->cc_len = (uint8_t) cc_len;
}

/*
 * Is the NSN of an E.164 number possible for its calling code
 * (isPossibleNumberWithReason, local-only lengths refused)?  mainr is the
 * main region of the code.  Returns PHONE_OK or the length error.
 */
static PhoneError
check_possible(const NumPlanRegion *mainr, int nsn_len)
{
	switch (general_length(mainr, nsn_len))
	{
		case LEN_POSSIBLE:
			return PHONE_OK;
		case LEN_LOCAL_ONLY:
			{
				uint32_t	full;

				full = mainr->desc[NUMPLAN_DESC_GENERAL].possible_lengths;

				if (full != 0 && nsn_len < numplan_lowest_bit(full))
					return PHONE_ERR_TOO_SHORT;
				return PHONE_ERR_INVALID_LENGTH;
			}
		case LEN_TOO_SHORT:
			return PHONE_ERR_TOO_SHORT;
		case LEN_TOO_LONG:
			return PHONE_ERR_TOO_LONG;
		case LEN_INVALID:
			break;
	}
	return PHONE_ERR_INVALID_LENGTH;
}

/*
 * libphonenumber's isValidNumber for the number in *x, whose region
 * (getRegionCodeForNumber) is own: a type pattern of own matches the NSN.
 * Of a calling code shared by several regions, a region without leading
 * digits is only ever chosen because a type pattern of it matched, so that
 * needs no second walk.
 */
static inline bool
number_is_valid(const NumPlanRegion *own, int cc, const char *nsn, int nsn_len)
{
	if (own == NULL)
		return false;
	if (own->leading_digits == NULL && numplan_cc_count[cc] > 1)
		return true;
	return numplan_number_valid(own, nsn, nsn_len);
}

/*
 * phone_resolve_e164
 *		See phone_resolve.h.  What phone_resolve() does with "+" and these
 *		digits when it ends in success with nothing to strip; any other
 *		case is left to it.
 */
bool
phone_resolve_e164(const char *digits, int n, PhoneValidation level)
{
	const NumPlanRegion *mainr;
	const NumPlanRegion *own;
	const char *nsn;
	int			cl;
	int			nsn_len;
	int			cc;

	if (n <= PHONE_MIN_NSN_DIGITS || n > PHONE_MAX_DIGITS)
		return false;
	cl = numplan_country_code_length(digits, n);
	if (cl == 0)
		return false;
	nsn = digits + cl;
	nsn_len = n - cl;
	if (nsn_len < PHONE_MIN_NSN_DIGITS || nsn_len > PHONE_MAX_NSN_DIGITS)
		return false;
	cc = digits[0] - '0';
	if (cl > 1)
		cc = cc * 10 + (digits[1] - '0');
	if (cl > 2)
		cc = cc * 10 + (digits[2] - '0');
	mainr = &numplan_regions[numplan_cc_first[cc]];
	if (level != PHONE_VALIDATE_ANY)
		numplan_type_walk_prefetch(mainr, nsn, nsn_len);
	if (numplan_national_prefix_may_match(mainr, nsn, nsn_len))
		return false;

	/* a code of one region needs no search for the number's region */
	if (level == PHONE_VALIDATE_ANY)
		return true;
	own = numplan_cc_count[cc] == 1 ? mainr :
		numplan_region_for_number(cc, nsn, nsn_len);
	if (level == PHONE_VALIDATE_VALID)
		return number_is_valid(own, cc, nsn, nsn_len);
	return check_possible(mainr, nsn_len) == PHONE_OK ||
		number_is_valid(own, cc, nsn, nsn_len);
}

/*
 * phone_resolve
 *		See phone_resolve.h.
 */
PhoneError
phone_resolve(const PhoneLexed *lex, const NumPlanRegion *region,
			  PhoneValidation level, PhoneParseResult *result)
{
	Extracted	x;
	PhoneError	err;
	const NumPlanRegion *meta;
	const NumPlanRegion *mainr;
	const NumPlanRegion *own;
	char		ccs[8];
	char		stripped[RESOLVE_BUFSIZE];
	int			sn;
	int			total;
	bool		changed;
	bool		kept;

	memset(&result->number, 0, sizeof(result->number));
	result->region[0] = '\0';

	if (!lex->plus && region == NULL)
		return PHONE_ERR_NO_REGION;

	err = extract_country_code(lex->digits, lex->ndigits, lex->plus, region,
							   &x);
	if (err == PHONE_ERR_INVALID_COUNTRY_CODE && lex->plus && region != NULL)
	{
		/*
		 * libphonenumber retries a '+' number with an unassigned code as if
		 * the '+' were not there; only a new calling code (after an IDD)
		 * or a new error replaces the first answer
		 */
		Extracted	y;
		PhoneError	err2;

		err2 = extract_country_code(lex->digits, lex->ndigits, false, region,
									&y);
		if (err2 != PHONE_OK)
		{
			x = y;
			err = err2;
		}
		else if (y.source != FROM_REGION)
		{
			x = y;
			err = PHONE_OK;
		}
	}
	if (err != PHONE_OK)
	{
		set_number(result, "", 0, x.judged, x.judged_len);
		if (region != NULL &&
			(x.source == FROM_REGION_CODE || x.source == FROM_REGION))
			set_region(result, region->id);
		return err;
	}

	/* digits as typed, before any prefix is stripped */
	if (lex->ndigits > PHONE_MAX_DIGITS)
	{
		result->total_digits = lex->ndigits;
		return PHONE_ERR_TOO_MANY_DIGITS;
	}

	if (x.source == FROM_REGION)
	{
		x.cc = region->country_code;
		x.cc_len = code_digits(x.cc, ccs);
		x.nsn_len = lex->ndigits;
		memcpy(x.nsn, lex->digits, (size_t) x.nsn_len);
		meta = region;
	}
	else
	{
		if (x.source == FROM_REGION_CODE)
			code_digits(x.cc, ccs);
		else
			memcpy(ccs, x.judged, (size_t) x.cc_len);
		meta = numplan_main_region_for_code(x.cc);
	}

	changed = false;
	if (x.nsn_len >= PHONE_MIN_NSN_DIGITS && meta != NULL &&
		strip_national_prefix(meta, x.nsn, x.nsn_len, stripped, &sn))
	{
		if (length_keeps_strip(general_length(meta, sn)))
		{
			changed = sn != x.nsn_len ||
				memcmp(stripped, x.nsn, (size_t) sn) != 0;

			/*
			 * The region's own calling code without '+', a prefix taken
			 * off after it, and a prefix again ("44 0 0 20 7946 0000" in
			 * GB): libphonenumber strips twice here, and a doubled prefix
			 * is a typo, refused as after '+'.  The number is the one
			 * libphonenumber reads.
			 */
			if (changed && x.stripped)
			{
				set_region(result, region->id);
				set_number(result, ccs, x.cc_len, stripped, sn);
				result->reason = "after the calling code";
				return PHONE_ERR_REPEATED_PREFIX;
			}
			memcpy(x.nsn, stripped, (size_t) sn);
			x.nsn_len = sn;
		}
	}

	/*
	 * A national number read with the plan of a region that is not the
	 * main one of its calling code ("0 891 12 34 56" in JE, which keeps the
	 * 0): its E.164 form is read back with the main region's plan, so that
	 * plan's stripping applies here, once, as it would there.
	 */
	mainr = numplan_main_region_for_code(x.cc);
	if (mainr != NULL && mainr != meta && !changed &&
		x.nsn_len >= PHONE_MIN_NSN_DIGITS &&
		strip_national_prefix(mainr, x.nsn, x.nsn_len, stripped, &sn) &&
		length_keeps_strip(general_length(mainr, sn)))
	{
		changed = sn != x.nsn_len ||
			memcmp(stripped, x.nsn, (size_t) sn) != 0;
		memcpy(x.nsn, stripped, (size_t) sn);
		x.nsn_len = sn;
	}

	/*
	 * A national number that begins with the national prefix, which
	 * libphonenumber keeps as a digit of the number because without it the
	 * digits are too few (or otherwise not a number of the region): "1 415
	 * 555 267" in US, "06 12 34 56 7" in FR.  Storing that would store a
	 * number the person did not type, so the input is refused below, at
	 * every level, unless the digits as typed are a valid number.  The
	 * prefix was left alone by both strips above (changed is false).
	 */
	kept = x.source == FROM_REGION && !changed &&
		(prefix_kept(meta, x.nsn, x.nsn_len, &sn) ||
		 (mainr != meta && prefix_kept(mainr, x.nsn, x.nsn_len, &sn)));

	if (x.source == FROM_REGION || x.source == FROM_REGION_CODE)
		set_region(result, region->id);

	total = x.cc_len + x.nsn_len;
	if (x.nsn_len > PHONE_MAX_NSN_DIGITS || total > PHONE_MAX_DIGITS)
	{
		result->total_digits = total;
		if (result->region[0] == '\0' && meta != NULL)
			set_region(result, meta->id);
		return PHONE_ERR_TOO_MANY_DIGITS;
	}
	set_number(result, ccs, x.cc_len, x.nsn, x.nsn_len);

	if (mainr != NULL && changed && x.nsn_len >= PHONE_MIN_NSN_DIGITS &&
		strip_national_prefix(mainr, x.nsn, x.nsn_len, stripped, &sn) &&
		(sn != x.nsn_len || memcmp(stripped, x.nsn, (size_t) sn) != 0) &&
		length_keeps_strip(general_length(mainr, sn)))
	{
		/*
		 * The E.164 form of the result would lose a national prefix again
		 * when read back: libphonenumber reads "+1 1 1 650 253 0000" as
		 * +1 16502530000, which reads back as +1 6502530000.  A stored
		 * value must read back as itself, and stripping until nothing
		 * changes would accept typos ("0 0 3 1234 5678" in AU), so the
		 * input is refused.
		 */
		if (result->region[0] == '\0')
			set_region(result, mainr->id);
		return PHONE_ERR_REPEATED_PREFIX;
	}

	if (x.nsn_len < PHONE_MIN_NSN_DIGITS)
	{
		if (result->region[0] == '\0' && meta != NULL)
			set_region(result, meta->id);
		return PHONE_ERR_TOO_SHORT;
	}

	/* the region the number belongs to */
	own = numplan_region_for_number(x.cc, x.nsn, x.nsn_len);
	if (result->region[0] == '\0')
		set_region(result, own != NULL ? own->id : meta->id);

	if (kept && !number_is_valid(own, x.cc, x.nsn, x.nsn_len))
		return PHONE_ERR_KEPT_PREFIX;

	if (level == PHONE_VALIDATE_ANY)
		return PHONE_OK;
	if (level == PHONE_VALIDATE_VALID)
	{
		if (number_is_valid(own, x.cc, x.nsn, x.nsn_len))
			return PHONE_OK;
		err = check_possible(mainr, x.nsn_len);
		return (err != PHONE_OK) ? err : PHONE_ERR_NOT_VALID;
	}
	/* POSSIBLE; a valid number passes whatever its length */
	err = check_possible(mainr, x.nsn_len);
	if (err != PHONE_OK && number_is_valid(own, x.cc, x.nsn, x.nsn_len))
		return PHONE_OK;
	return err;
}

/*
 * phone_resolve_kept_prefix
 *		See phone_resolve.h.
 */
bool
phone_resolve_kept_prefix(const NumPlanRegion *r, const char *nsn, int n,
						  int *left)
{
	char		stripped[RESOLVE_BUFSIZE];
	int			sn;

	if (strip_national_prefix(r, nsn, n, stripped, &sn) &&
		length_keeps_strip(general_length(r, sn)))
		return false;			/* libphonenumber takes it off */
	if (!prefix_kept(r, nsn, n, &sn))
		return false;
	if (left != NULL)
		*left = sn;
	return true;
}
