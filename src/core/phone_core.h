/*-------------------------------------------------------------------------
 *
 * phone_core.h
 *	  Public interface of the phone core: the 8-byte encoding of E.164
 *	  numbers, text parsing, validation, formatting and matching.
 *
 * The core is plain C99.  It includes no PostgreSQL header, allocates no
 * memory (every output goes to a caller-supplied buffer) and keeps no
 * mutable global state, so it is safe to call from any thread and can be
 * unit-tested, fuzzed and benchmarked on its own (see test/ and bench/).
 *
 * This is the one header of the core that the PostgreSQL glue (src/pg)
 * includes: everything the glue calls is declared here.  The other headers
 * of src/core (numplan.h, phone_lex.h, phone_resolve.h, phone_tz.h,
 * digit_regex.h) are the core's own, for its modules, the generated data
 * and the C tests; `make test-symbols` fails when src/pg includes one.
 *
 * THE STORED FORM
 * ---------------
 * A phone number is its E.164 digit string D = d1 d2 ... dk (country
 * calling code followed by the national significant number), 1 <= k <= 19.
 * It is stored as
 *
 *		rank(D) = sum over i = 1..k of (d_i * S(19 - i) + 1)
 *		S(n)    = (10^(n+1) - 1) / 9
 *
 * which is the preorder index of D in the complete 10-ary tree of depth
 * 19 whose root is the empty string.  rank is a bijection from the digit
 * strings of length 0..19 onto [0, PHONE_RANK_LIMIT), PHONE_RANK_LIMIT =
 * S(19) = 11111111111111111111 < 2^64.  It preserves order: rank(A) <
 * rank(B) exactly when A sorts before B in byte order (a proper prefix
 * sorts before its extensions).  The strings that begin with a prefix P
 * are exactly the ranks [rank(P), rank(P) + S(19 - len(P)) - 1].
 *
 * The SQL datum is the signed int64 rank(D) - 2^63 (rank with its top bit
 * flipped), so signed comparison of datums equals unsigned comparison of
 * ranks.  The binary wire form (phone_send/phone_recv) is the unsigned
 * rank as 8 bytes, most significant byte first.  Examples, pinned by the
 * regression test "phone_binary" and by test/test_core.c:
 *
 *		""            -> rank 0                   (not a phone)
 *		"1"            -> 1111111111111111112 = 0x0F6B75AB2BC471C8
 *		"14155552671"  -> 1572839185666666673 = 0x15D3D8E7F679F0B1
 *		"390612345678" -> 4340137174200000006 = 0x3C3B43C3D0A89E06
 *
 * Nothing here consults metadata or settings: equality, order and hash of
 * stored values depend only on the digits.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHONE_CORE_H
#define PHONE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PHONE_MAX_DIGITS		19	/* whole E.164 digit string */
#define PHONE_MAX_CC_DIGITS		3	/* country calling code */
#define PHONE_MIN_NSN_DIGITS	2	/* national significant number */
#define PHONE_MAX_NSN_DIGITS	17
#define PHONE_MAX_EXT_DIGITS	20	/* extension, as libphonenumber allows */

/* S(19): number of digit strings of length 0..19; ranks are below it */
#define PHONE_RANK_LIMIT		UINT64_C(11111111111111111111)

/* Sizes of output buffers that always suffice */
#define PHONE_FORMAT_BUFSIZE	64	/* any phone_format() result + NUL */
#define PHONE_DETAIL_BUFSIZE	256 /* phone_error_detail() result + NUL */

/* ---------------------------------------------------------------------
 * Encoding (src/core/phone_encoding.c)
 * ---------------------------------------------------------------------
 */

/* rank of digits[0..n-1] ('0'..'9' characters), 0 <= n <= 19 */
extern uint64_t phone_rank(const char *digits, int n);

/*
 * The same rank from what one pass over the digits can gather: value is
 * the digits read as a decimal number, digit_sum the sum of the digits,
 * n their count (0..19).
 */
extern uint64_t phone_rank_of_value(uint64_t value, uint64_t digit_sum,
									int n);

/*
 * Inverse of phone_rank: writes the digit string and a NUL into digits
 * (at least PHONE_MAX_DIGITS + 1 bytes) and returns its length, or -1 when
 * rank >= PHONE_RANK_LIMIT.
 */
extern int	phone_unrank(uint64_t rank, char *digits);

/* ranks of all digit strings that begin with digits[0..n-1], inclusive */
extern void phone_prefix_range(const char *digits, int n,
							   uint64_t *lo, uint64_t *hi);

/* datum <-> rank */
static inline int64_t
phone_rank_to_datum(uint64_t rank)
{
	return (int64_t) (rank ^ UINT64_C(0x8000000000000000));
}

static inline uint64_t
phone_datum_to_rank(int64_t value)
{
	return ((uint64_t) value) ^ UINT64_C(0x8000000000000000);
}

/* ---------------------------------------------------------------------
 * A parsed number
 * ---------------------------------------------------------------------
 */
typedef struct PhoneNumber
{
	char		digits[PHONE_MAX_DIGITS + 1];	/* E.164 digits, NUL-ended */
	uint8_t		ndigits;		/* strlen(digits) */
	uint8_t		cc_len;			/* digits of the country calling code */
} PhoneNumber;

/*
 * Fill *num from an E.164 digit string (no '+').  Returns false when the
 * string does not start with an assigned country calling code or its
 * national number is not 2..17 digits (the structural check; no plan
 * validation).
 */
extern bool phone_from_digits(const char *digits, int n, PhoneNumber *num);

/* country calling code as an integer, e.g. 44 */
extern int	phone_number_country_code(const PhoneNumber *num);

/*
 * Length (1..3) of the country calling code that starts digits[0..n-1]
 * among those assigned in the numbering plans in use or in the data of any
 * earlier release (a stored value may carry a code withdrawn since), or 0
 * when none does (src/core/numplan_history.c).
 */
extern int	phone_cc_length_ever(const char *digits, int n);

/* ---------------------------------------------------------------------
 * Parsing (src/core/phone_parse.c; the characters are read in src/core/phone_lex.c,
 * the digits resolved in src/core/phone_resolve.c, and errors explained in
 * src/core/phone_error.c)
 * ---------------------------------------------------------------------
 */

/* How strictly input is checked (setting phone.validation) */
typedef enum PhoneValidation
{
	PHONE_VALIDATE_ANY = 0,		/* structure only */
	PHONE_VALIDATE_POSSIBLE,	/* length possible in the region */
	PHONE_VALIDATE_VALID		/* matches a number pattern of the region */
} PhoneValidation;

/* Why an input was refused; PHONE_OK when it was not */
typedef enum PhoneError
{
	PHONE_OK = 0,
	PHONE_ERR_EMPTY,			/* no digits, only spaces/punctuation */
	PHONE_ERR_LETTERS,			/* letters that do not make a number */
	PHONE_ERR_BAD_CHARACTER,	/* a character that has no place in a number */
	PHONE_ERR_PLUS_POSITION,	/* '+' anywhere but at the start */
	PHONE_ERR_TOO_MANY_DIGITS,	/* more than 19 digits */
	PHONE_ERR_EXTENSION,		/* the number carries an extension */
	PHONE_ERR_NO_REGION,		/* national number and no region given */
	PHONE_ERR_UNKNOWN_REGION,	/* region argument is not a known region */
	PHONE_ERR_BAD_URI,			/* malformed tel: URI */
	PHONE_ERR_INVALID_COUNTRY_CODE, /* no assigned calling code starts it */
	PHONE_ERR_TOO_SHORT,		/* shorter than any length of the region */
	PHONE_ERR_TOO_LONG,			/* longer than any length of the region */
	PHONE_ERR_INVALID_LENGTH,	/* between, but not a possible length */
	PHONE_ERR_NOT_VALID,		/* possible length, matches no pattern */
	PHONE_ERR_REPEATED_PREFIX,	/* a national (trunk) prefix written twice */
	PHONE_ERR_MIXED_SCRIPTS,	/* digits of two scripts in one number */
	PHONE_ERR_LABEL,			/* a label ("Tel:") before the number */
	PHONE_ERR_KEPT_PREFIX		/* a national number that would keep its
								 * national (trunk) prefix for want of
								 * digits ("1 415 555 267" in US) */
} PhoneError;

typedef struct PhoneParseResult
{
	PhoneError	error;
	PhoneNumber number;			/* set when error is PHONE_OK or
								 * PHONE_ERR_EXTENSION; for the plan errors
								 * (INVALID_COUNTRY_CODE .. NOT_VALID) it holds
								 * the digits that were judged, with cc_len 0
								 * when no calling code was recognised; for
								 * REPEATED_PREFIX the number libphonenumber
								 * reads (the prefix stripped once, or twice
								 * after the region's own calling code
								 * written without '+'), for
								 * KEPT_PREFIX the one it reads with the
								 * prefix kept */
	char		extension[PHONE_MAX_EXT_DIGITS + 1];	/* "" when none; set
														 * for EXTENSION and
														 * for the errors of
														 * phone_resolve */
	char		region[8];		/* region the number was read or judged in
								 * ("" when none); for UNKNOWN_REGION the
								 * region that was given, cut to 7 bytes */
	int			error_pos;		/* byte offset in the input of the offending
								 * character, -1 when not applicable */
	int			error_charpos;	/* the same as a 1-based character count */
	char		error_char[5];	/* the offending character (UTF-8), or "" */
	int			total_digits;	/* digits typed (before any prefix was
								 * stripped); for TOO_MANY_DIGITS the
								 * count that was too high */
	const char *reason;			/* for BAD_URI: what is wrong, or NULL; for
								 * LETTERS: not NULL when the letters are an
								 * extension label without an extension; for
								 * BAD_CHARACTER: not NULL when it is a "#"
								 * that ends the input; for LABEL: not NULL
								 * when it is a note after the number,
								 * "(office)"; for REPEATED_PREFIX: not NULL
								 * when the prefix follows the region's own
								 * calling code written without '+' */
	char		label[32];		/* for LABEL: the label, cut to 31 bytes */
	PhoneValidation level;		/* the level the input was judged at */
	bool		extension_hash; /* the extension was read from digits before
								 * a final "#" ("... 0000#") */
} PhoneParseResult;

/*
 * Parse input[0..len-1] (UTF-8, need not be NUL-terminated).  region is an
 * ISO 3166-1 alpha-2 code used for national-format input, or NULL/"" /"ZZ"
 * for none.  Returns result->error.
 *
 * When the number is well formed but carries an extension, the result is
 * PHONE_ERR_EXTENSION with number and extension both filled in, so a
 * caller that wants to split the extension off can accept it.
 */
extern PhoneError phone_parse(const char *input, size_t len,
							  const char *region, PhoneValidation level,
							  PhoneParseResult *result);

/*
 * The common case of phone_parse() for type input, in short.  Returns true
 * only for "+" followed by ASCII digits, alone (canonical E.164) or with
 * the separators space - . / ( ) among them, or for "tel:+" followed by
 * digits and - . ( ) (a global tel: URI without parameters), that
 * phone_parse() accepts at level as exactly these digits, whatever known
 * region (or none) it is given, and then sets *rank to their phone_rank().
 * It returns false for everything else, and also for such input that
 * needs a closer look (a national prefix could be there, say): false tells
 * nothing about the input, and the caller goes on to phone_parse().  Reads
 * the input once and fills no result: the fast path of bulk loads, whose
 * numbers are mostly written these ways.
 */
extern bool phone_parse_e164_rank(const char *input, size_t len,
								  PhoneValidation level, uint64_t *rank);

/*
 * The digits of input written in the forms phone_parse_e164_rank() reads:
 * "+" followed by ASCII digits and the separators space - . / ( ), or
 * "tel:+" (any case) followed by ASCII digits and RFC 3966's visual
 * separators - . ( ) (no space or /, no parameters).  Copies them into buf
 * (PHONE_MAX_DIGITS bytes) and returns their count, from 0; -1 for any
 * other input and for more than PHONE_MAX_DIGITS digits.  Consults no
 * numbering plan: for the digits as written, whatever their calling code
 * (the glue reads stored values of withdrawn codes with it).
 */
extern int	phone_e164_digits(const char *input, size_t len, char *buf);

/*
 * The digits of a prefix for prefix search: an optional '+', then digits
 * of any script with separators between them.  Writes the digits and a NUL
 * into digits (PHONE_MAX_DIGITS + 1 bytes) and returns their count, or -1
 * when the text holds anything else, no digit, or more than 19.
 */
extern int	phone_prefix_digits(const char *text, size_t len, char *digits);

/*
 * Human-readable explanation of a parse error, one or more full sentences
 * (for errdetail), written into buf.  Returns the length written.
 */
extern size_t phone_error_detail(const PhoneParseResult *result,
								 char *buf, size_t bufsize);

/* A suggestion (for errhint), or NULL when there is none */
extern const char *phone_error_hint(const PhoneParseResult *result);

/*
 * Short machine name of an error ("too_short", "letters", ...).  Not used
 * by the extension: the unit tests and the fuzzers name errors with it.
 */
extern const char *phone_error_name(PhoneError error);

/* ---------------------------------------------------------------------
 * Number information (src/core/numplan.c)
 * ---------------------------------------------------------------------
 */
typedef enum PhoneType
{
	PHONE_TYPE_FIXED_LINE = 0,
	PHONE_TYPE_MOBILE,
	PHONE_TYPE_FIXED_LINE_OR_MOBILE,
	PHONE_TYPE_TOLL_FREE,
	PHONE_TYPE_PREMIUM_RATE,
	PHONE_TYPE_SHARED_COST,
	PHONE_TYPE_VOIP,
	PHONE_TYPE_PERSONAL_NUMBER,
	PHONE_TYPE_PAGER,
	PHONE_TYPE_UAN,
	PHONE_TYPE_VOICEMAIL,
	PHONE_TYPE_UNKNOWN
} PhoneType;

/* SQL enum label of a type, e.g. "fixed_line_or_mobile" */
extern const char *phone_type_name(PhoneType type);

/* region of the number ("US", "001" for non-geographic), NULL if none */
extern const char *phone_region(const PhoneNumber *num);
extern PhoneType phone_type(const PhoneNumber *num);
extern bool phone_is_valid(const PhoneNumber *num);

/*
 * libphonenumber's isPossibleNumberWithReason: PHONE_OK, or one of
 * PHONE_ERR_INVALID_COUNTRY_CODE, _TOO_SHORT, _TOO_LONG, _INVALID_LENGTH.
 */
extern PhoneError phone_possible(const PhoneNumber *num);

/*
 * The verdict phone_check() reports: PHONE_OK when num is valid,
 * PHONE_ERR_NOT_VALID when it is possible but not valid, else the reason
 * phone_possible() gives.
 */
extern PhoneError phone_verdict(const PhoneNumber *num);

/*
 * The verdict on text that phone_parse() read at PHONE_VALIDATE_ANY,
 * returning err and filling *result: what phone_check() reports and what
 * phone_report_number() keeps.  PHONE_OK when the number is valid,
 * PHONE_ERR_NOT_VALID when it is only possible (phone_parse() accepts it at
 * PHONE_VALIDATE_POSSIBLE), else why it is neither: err when phone_parse()
 * refused the text (a national prefix written twice or kept for want of
 * digits included: refused text is never possible), or phone_verdict()'s
 * reason.  An extension does not change the verdict.
 */
extern PhoneError phone_parse_verdict(PhoneError err,
									  const PhoneParseResult *result);

/* ---------------------------------------------------------------------
 * Regions and the data (src/core/numplan.c)
 * ---------------------------------------------------------------------
 */

/*
 * The ISO 3166-1 code of the geographic region (one with a numbering plan
 * of its own) that id names in any case, spelt as the plans spell it
 * ("us" -> "US"); NULL when id names none ("001" and "ZZ" included).
 */
extern const char *phone_region_known(const char *id);

/*
 * The metadata's example number of a type (PHONE_TYPE_FIXED_LINE_OR_MOBILE:
 * fixed line; PHONE_TYPE_UNKNOWN: any) for the geographic region id, into
 * *num.  False when id is not known or the region has no such example.
 */
extern bool phone_region_example(const char *id, PhoneType type,
								 PhoneNumber *num);

/* One entry of the numbering plans */
typedef struct PhoneRegionInfo
{
	const char *id;				/* "US"; "001" for a non-geographic code */
	bool		geographic;		/* false for "001" entries */
	const char *name;			/* "United States", or a description of the
								 * service; may be NULL */
	int			country_code;
	const char *national_prefix;	/* "1", or NULL */
	const char *international_prefix;	/* the preferred one, else the
										 * pattern ("011"); or NULL */
} PhoneRegionInfo;

/*
 * Entry i (0, 1, ...) of the numbering plans, in the data's order, into
 * *info; false when i is past the last.
 */
extern bool phone_region_info(int i, PhoneRegionInfo *info);

/* Version of the numbering-plan data ("9.0.40") */
extern const char *phone_data_version(void);

/* ---------------------------------------------------------------------
 * Formatting (src/core/phone_format.c)
 * ---------------------------------------------------------------------
 */
typedef enum PhoneFormat
{
	PHONE_FORMAT_E164,			/* +14155552671 */
	PHONE_FORMAT_INTERNATIONAL, /* +1 415-555-2671 */
	PHONE_FORMAT_NATIONAL,		/* (415) 555-2671 */
	PHONE_FORMAT_RFC3966		/* tel:+1-415-555-2671 */
} PhoneFormat;

/*
 * Format num as libphonenumber does; buf must hold PHONE_FORMAT_BUFSIZE
 * bytes.  Returns the length written (without the NUL).
 */
extern size_t phone_format(const PhoneNumber *num, PhoneFormat style,
						   char *buf);

/*
 * How to dial num from region calling_from (libphonenumber's
 * formatOutOfCountryCallingNumber).  Returns 0 and writes "" when
 * calling_from is not a known region.
 */
extern size_t phone_format_out_of_country(const PhoneNumber *num,
										  const char *calling_from,
										  char *buf);

/* ---------------------------------------------------------------------
 * Matching (src/core/phone_match.c)
 * ---------------------------------------------------------------------
 */
typedef enum PhoneMatch
{
	PHONE_MATCH_NOT_A_NUMBER = 0,
	PHONE_MATCH_NO_MATCH,
	PHONE_MATCH_SHORT_NSN,
	PHONE_MATCH_NSN,
	PHONE_MATCH_EXACT
} PhoneMatch;

/* libphonenumber's isNumberMatch(PhoneNumber, String) */
extern PhoneMatch phone_match(const PhoneNumber *num,
							  const char *text, size_t len);
extern const char *phone_match_name(PhoneMatch match);

/* ---------------------------------------------------------------------
 * Masking (src/core/phone_mask.c)
 *
 * Masking a number for display to people who must not see all of it.  The
 * keyed pseudonyms (phone_pseudonym) need PostgreSQL's HMAC and settings
 * and live entirely in the glue (src/pg/pg_phone_privacy.c).
 * ---------------------------------------------------------------------
 */

/*
 * Size of a buffer that holds any phone_mask() result and its NUL:
 * '+', up to 3 country-code digits, a space, up to 17 national digits.
 */
#define PHONE_MASK_BUFSIZE		(1 + PHONE_MAX_CC_DIGITS + 1 + PHONE_MAX_NSN_DIGITS + 1)

/*
 * How many trailing digits of a national significant number of nsn_len
 * digits phone_mask() shows when asked for `visible` (>= 0): `visible`,
 * but never more than half of the national digits, rounded down.
 */
extern int	phone_mask_visible(int nsn_len, int visible);

/*
 * Write the masked form of num into buf (PHONE_MASK_BUFSIZE bytes): '+',
 * the country calling code, a space, then the national significant number
 * with every digit but the last phone_mask_visible(nsn_len, visible)
 * replaced by '*', e.g. "+1 ******2671".  A negative visible counts as 0
 * (callers that take it from users should refuse it first).  Returns the
 * length written, without the NUL.
 */
extern size_t phone_mask(const PhoneNumber *num, int visible, char *buf);

/* ---------------------------------------------------------------------
 * Time zones (src/core/phone_tz.c)
 *
 * libphonenumber's prefix -> time-zone map, generated into
 * src/data/tz_data.c by tools/tz/gen_tz_data.js (its tables: phone_tz.h).
 * ---------------------------------------------------------------------
 */

/* most zones any number maps to (the generator checks the data) */
#define PHONE_TZ_MAX_ZONES		64

/* what libphonenumber answers when it knows no zone */
#define PHONE_TZ_UNKNOWN		"Etc/Unknown"

/*
 * The time zones of num, as libphonenumber's
 * PhoneNumberToTimeZonesMapper.getTimeZonesForNumber gives them:
 *	- a number that is not valid (type unknown): "Etc/Unknown";
 *	- a number whose type cannot be placed (toll-free, premium-rate, VoIP,
 *	  ...): the zones of its country calling code;
 *	- otherwise the zones of the longest prefix of its E.164 digits in the
 *	  map; "Etc/Unknown" when no prefix matches.
 * Writes up to max zone names (static strings, sorted) into zones and
 * returns how many there are (at least 1; at most PHONE_TZ_MAX_ZONES).
 */
extern int	phone_timezones_of(const PhoneNumber *num, const char **zones,
							   int max);

/*
 * Every zone the callee of num may be in, for decisions about calling
 * hours: phone_timezones_of, but when that is one zone for a mobile number
 * whose country spans several zones and places mobile numbers nowhere
 * (its mobile ranges carry no area code, unlike those of Mexico 52,
 * Argentina 54, Brazil 55 and China 86, the countries libphonenumber
 * calls geographic for mobiles), the zone is only the country's default
 * (+61 4 is Australia/Sydney, +7 9 Europe/Moscow, +62 8 Asia/Jakarta):
 * then the map's zone and every zone of the number's region in the tz
 * database (zone.tab, src/data/tz_region_data.c), sorted.  Same contract as
 * phone_timezones_of otherwise.
 */
extern int	phone_timezones_possible(const PhoneNumber *num, const char **zones,
									 int max);

/* ---------------------------------------------------------------------
 * SMS bodies (src/core/phone_sms.c): the words of an SMS body, as keyword
 * matching reads them
 * ---------------------------------------------------------------------
 */

/*
 * Writes the words of the UTF-8 text in[0..len-1] into out, upper-case,
 * separated by one space, with no space before the first or after the
 * last, and NUL-terminated; returns the length written.  out must have
 * room for len + 1 bytes: the result is never longer than the input.
 *
 * Characters are read as Unicode's compatibility normalisation (NFKC)
 * followed by case folding and the removal of accents would read them,
 * for every character that can spell a keyword in a Latin script:
 *	- full-width and half-width forms, mathematical alphanumerics, circled
 *	  letters, superscript digits and the Latin ligatures become the ASCII
 *	  letters and digits they stand for;
 *	- letters with accents (Latin-1 Supplement, Latin Extended-A, and
 *	  combining marks after a letter) lose them; ß is SS, Æ AE, Œ OE;
 *	- every kind of space (no-break, ideographic, the typographic spaces,
 *	  line and paragraph separators) and every punctuation mark or symbol
 *	  (ASCII, Latin-1, general punctuation, CJK punctuation, arrows,
 *	  mathematical and technical symbols, dingbats, emoji) separates words;
 *	- format characters that join or hide (zero-width space and joiners,
 *	  word joiner, soft hyphen, byte-order mark, variation selectors) are
 *	  dropped, so that they cannot split a word;
 *	- any other character (a letter of another script) is kept as it is,
 *	  inside its word.
 * Bytes that are not valid UTF-8 are kept as they are, one at a time.
 */
extern size_t phone_sms_words(const char *in, size_t len, char *out);

#endif							/* PHONE_CORE_H */
