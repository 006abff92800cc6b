/*-------------------------------------------------------------------------
 *
 * test_differential.c
 *	  Differential test of the phone core against Google's libphonenumber.
 *
 * Reads test/data/corpus.tsv (inputs and the answers of Google's library,
 * written by test/oracle/gen_corpus.js; the format is described in
 * test/data/README.md), runs the same questions through the core and
 * compares every field:
 *
 *	parse          phone_parse(input, region, PHONE_VALIDATE_ANY): accepted,
 *	               or which error (mapped to Google's error names below)
 *	e164, ext      the digits and extension read, where both accepted
 *	valid          phone_is_valid
 *	possible       phone_possible (isPossibleNumberWithReason)
 *	number_region  phone_region (getRegionCodeForNumber)
 *	type           phone_type (getNumberType)
 *	format_e164, international, national, rfc3966
 *	               phone_format in the four styles
 *	ooc            phone_format_out_of_country from the case's ooc_from
 *	match          phone_match(number, match_input) (isNumberMatch)
 *	validate       phone_parse(input, region, PHONE_VALIDATE_VALID), where
 *	               both parsers read the same digits: accepted exactly when
 *	               Google's isValidNumber says valid, otherwise refused with
 *	               the error that Google's isPossibleNumberWithReason
 *	               implies (TOO_SHORT, TOO_LONG, INVALID_LENGTH,
 *	               INVALID_COUNTRY_CODE; NOT_VALID for a possible number;
 *	               for a local-only length also TOO_SHORT or INVALID_LENGTH)
 *	check          phone_check's verdict (as src/pg/pg_phone_numplan.c computes
 *	               it) against the same verdict from Google's answers
 *	validate_possible
 *	               the same with PHONE_VALIDATE_POSSIBLE: accepted exactly
 *	               when isPossibleNumberWithReason says IS_POSSIBLE, else
 *	               refused with its reason (IS_POSSIBLE_LOCAL_ONLY: accepted,
 *	               or refused as TOO_SHORT or INVALID_LENGTH)
 *
 * The number-level fields (valid .. match) are asked of the number Google
 * read, so that each field measures one part of the core: a parse
 * disagreement is counted once, under parse or e164, and does not also
 * show up in every later field.  Where our parse read the same digits the
 * number is our parse result; otherwise it is phone_from_digits() of
 * Google's E.164 digits.
 *
 * A field passes when at least 99.9% of its comparisons agree.  Cases
 * listed in test/data/known_differences.tsv (input, region, field, our
 * value, Google's value, reason) are deliberate deviations: they are
 * left out of the count and printed, grouped by reason.  The last line of output is
 * "N passed, M failed" (fields); the exit status is non-zero when a field
 * fails.
 *
 * Usage: test_differential [-n SHOW] [-c] [-k KNOWN] [-e FILE] [CORPUS]
 *	 -c        leave out the deliberate differences that doc/phone.md names
 *	           and that our parse result shows (text before or after the
 *	           number, a doubled or misplaced '+', an unknown region, a
 *	           national prefix kept for want of digits or written twice): for
 *	           a corpus without a known-differences list (holdout.tsv)
 *	 -n SHOW   disagreements shown per field (default 8; the first two of
 *	           each kind of input)
 *	 -k KNOWN  known-differences file (default: known_differences.tsv next
 *	           to the corpus)
 *	 -e FILE   also write every unexplained disagreement to FILE in the
 *	           format of known_differences.tsv (reason left empty), for review
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone_core.h"

#define DEFAULT_CORPUS	"test/data/corpus.tsv"
#define KNOWN_NAME		"known_differences.tsv"
#define PASS_PERMILLE	999		/* agreement needed, in tenths of a percent */
#define MAX_KINDS		64
#define N_DELIBERATE	5		/* entries of deliberate_name */

/* ---------------------------------------------------------------------
 * Mapping our enums to Google's names
 * ---------------------------------------------------------------------
 */

/* Our PhoneError, by name, for messages and known_differences.tsv */
static const char *const error_name[] = {
	[PHONE_OK] = "OK",
	[PHONE_ERR_EMPTY] = "ERR_EMPTY",
	[PHONE_ERR_LETTERS] = "ERR_LETTERS",
	[PHONE_ERR_BAD_CHARACTER] = "ERR_BAD_CHARACTER",
	[PHONE_ERR_PLUS_POSITION] = "ERR_PLUS_POSITION",
	[PHONE_ERR_TOO_MANY_DIGITS] = "ERR_TOO_MANY_DIGITS",
	[PHONE_ERR_EXTENSION] = "ERR_EXTENSION",
	[PHONE_ERR_NO_REGION] = "ERR_NO_REGION",
	[PHONE_ERR_UNKNOWN_REGION] = "ERR_UNKNOWN_REGION",
	[PHONE_ERR_BAD_URI] = "ERR_BAD_URI",
	[PHONE_ERR_INVALID_COUNTRY_CODE] = "ERR_INVALID_COUNTRY_CODE",
	[PHONE_ERR_TOO_SHORT] = "ERR_TOO_SHORT",
	[PHONE_ERR_TOO_LONG] = "ERR_TOO_LONG",
	[PHONE_ERR_INVALID_LENGTH] = "ERR_INVALID_LENGTH",
	[PHONE_ERR_NOT_VALID] = "ERR_NOT_VALID",
	[PHONE_ERR_REPEATED_PREFIX] = "ERR_REPEATED_PREFIX",
	[PHONE_ERR_MIXED_SCRIPTS] = "ERR_MIXED_SCRIPTS",
	[PHONE_ERR_LABEL] = "ERR_LABEL",
	[PHONE_ERR_KEPT_PREFIX] = "ERR_KEPT_PREFIX",
};

#define N_ERRORS ((int) (sizeof(error_name) / sizeof(error_name[0])))

/*
 * Parse results: which of Google's answers ("OK" or the name of the
 * NumberParseException error type) each of our results agrees with.
 * Google's library reports fewer kinds of error than we do, so several of
 * ours map onto one of its names:
 *
 *	OK, ERR_EXTENSION (number and extension read)   OK
 *	ERR_EMPTY, ERR_LETTERS, ERR_BAD_CHARACTER,
 *	ERR_PLUS_POSITION, ERR_BAD_URI                  NOT_A_NUMBER
 *	ERR_TOO_MANY_DIGITS, ERR_TOO_LONG               TOO_LONG
 *	ERR_NO_REGION, ERR_UNKNOWN_REGION,
 *	ERR_INVALID_COUNTRY_CODE                        INVALID_COUNTRY_CODE
 *	ERR_TOO_SHORT                                   TOO_SHORT_NSN,
 *	                                                TOO_SHORT_AFTER_IDD,
 *	                                                NOT_A_NUMBER
 *
 * ERR_TOO_SHORT also agrees with NOT_A_NUMBER because Google's parser calls
 * an input with fewer than two digits "not a number" before it looks at
 * lengths, where we call it too short.  ERR_INVALID_LENGTH and
 * ERR_NOT_VALID agree with nothing: with PHONE_VALIDATE_ANY the parser
 * must not judge the plan, just as Google's parse does not.
 *
 * Deliberate deviations (listed in known_differences.tsv, not mapped
 * here): Google's parser skips text it does not understand before and
 * after the number and drops single stray letters inside it; ours refuses
 * such input (ERR_LETTERS, ERR_BAD_CHARACTER, ERR_PLUS_POSITION) and never
 * silently drops characters.  Our stored form holds at most 19 digits;
 * Google accepts a 3-digit calling code with a 17-digit national number
 * (20 digits), which we refuse with ERR_TOO_MANY_DIGITS.
 */
static const char *const parse_agrees[][3] = {
	[PHONE_OK] = {"OK"},
	[PHONE_ERR_EMPTY] = {"NOT_A_NUMBER"},
	[PHONE_ERR_LETTERS] = {"NOT_A_NUMBER"},
	[PHONE_ERR_BAD_CHARACTER] = {"NOT_A_NUMBER"},
	[PHONE_ERR_PLUS_POSITION] = {"NOT_A_NUMBER"},
	[PHONE_ERR_TOO_MANY_DIGITS] = {"TOO_LONG"},
	[PHONE_ERR_EXTENSION] = {"OK"},
	[PHONE_ERR_NO_REGION] = {"INVALID_COUNTRY_CODE"},
	[PHONE_ERR_UNKNOWN_REGION] = {"INVALID_COUNTRY_CODE"},
	[PHONE_ERR_BAD_URI] = {"NOT_A_NUMBER"},
	[PHONE_ERR_INVALID_COUNTRY_CODE] = {"INVALID_COUNTRY_CODE"},
	[PHONE_ERR_TOO_SHORT] = {"TOO_SHORT_NSN", "TOO_SHORT_AFTER_IDD", "NOT_A_NUMBER"},
	[PHONE_ERR_TOO_LONG] = {"TOO_LONG"},
	[PHONE_ERR_INVALID_LENGTH] = {NULL},
	[PHONE_ERR_NOT_VALID] = {NULL},
	[PHONE_ERR_REPEATED_PREFIX] = {NULL},
	[PHONE_ERR_MIXED_SCRIPTS] = {"NOT_A_NUMBER"},
	[PHONE_ERR_LABEL] = {"NOT_A_NUMBER"},
	[PHONE_ERR_KEPT_PREFIX] = {NULL},
};

/*
 * phone_possible() results and Google's ValidationResult names.  Our
 * PHONE_OK covers both IS_POSSIBLE and IS_POSSIBLE_LOCAL_ONLY (both are
 * "possible" for isPossibleNumber; a stored number has no local-only
 * state).
 */
static const char *const possible_agrees[][2] = {
	[PHONE_OK] = {"IS_POSSIBLE", "IS_POSSIBLE_LOCAL_ONLY"},
	[PHONE_ERR_INVALID_COUNTRY_CODE] = {"INVALID_COUNTRY_CODE"},
	[PHONE_ERR_TOO_SHORT] = {"TOO_SHORT"},
	[PHONE_ERR_TOO_LONG] = {"TOO_LONG"},
	[PHONE_ERR_INVALID_LENGTH] = {"INVALID_LENGTH"},
};

#define N_POSSIBLE ((int) (sizeof(possible_agrees) / sizeof(possible_agrees[0])))

/* Our PhoneType and Google's PhoneNumberType names */
static const char *const type_google[] = {
	[PHONE_TYPE_FIXED_LINE] = "FIXED_LINE",
	[PHONE_TYPE_MOBILE] = "MOBILE",
	[PHONE_TYPE_FIXED_LINE_OR_MOBILE] = "FIXED_LINE_OR_MOBILE",
	[PHONE_TYPE_TOLL_FREE] = "TOLL_FREE",
	[PHONE_TYPE_PREMIUM_RATE] = "PREMIUM_RATE",
	[PHONE_TYPE_SHARED_COST] = "SHARED_COST",
	[PHONE_TYPE_VOIP] = "VOIP",
	[PHONE_TYPE_PERSONAL_NUMBER] = "PERSONAL_NUMBER",
	[PHONE_TYPE_PAGER] = "PAGER",
	[PHONE_TYPE_UAN] = "UAN",
	[PHONE_TYPE_VOICEMAIL] = "VOICEMAIL",
	[PHONE_TYPE_UNKNOWN] = "UNKNOWN",
};

#define N_TYPES ((int) (sizeof(type_google) / sizeof(type_google[0])))

/* Our PhoneMatch and Google's MatchType names */
static const char *const match_google[] = {
	[PHONE_MATCH_NOT_A_NUMBER] = "NOT_A_NUMBER",
	[PHONE_MATCH_NO_MATCH] = "NO_MATCH",
	[PHONE_MATCH_SHORT_NSN] = "SHORT_NSN_MATCH",
	[PHONE_MATCH_NSN] = "NSN_MATCH",
	[PHONE_MATCH_EXACT] = "EXACT_MATCH",
};

#define N_MATCHES ((int) (sizeof(match_google) / sizeof(match_google[0])))

/* ---------------------------------------------------------------------
 * Fields and their tallies
 * ---------------------------------------------------------------------
 */
typedef enum Field
{
	F_PARSE,
	F_E164,
	F_EXT,
	F_VALID,
	F_POSSIBLE,
	F_REGION,
	F_TYPE,
	F_FMT_E164,
	F_FMT_INTL,
	F_FMT_NATIONAL,
	F_FMT_RFC3966,
	F_OOC,
	F_MATCH,
	F_VALIDATE,
	F_VALIDATE_POSSIBLE,
	F_CHECK,
	N_FIELDS
} Field;

static const char *const field_name[N_FIELDS] = {
	"parse", "e164", "ext", "valid", "possible", "number_region", "type",
	"format_e164", "international", "national", "rfc3966", "ooc", "match",
	"validate", "validate_possible", "check"
};

typedef struct Tally
{
	long		compared;		/* comparisons made */
	long		agreed;
	long		known;			/* disagreements listed as known */
	long		shown;			/* disagreements kept for printing */
	char	  **samples;		/* up to run->show of them, as text: the
								 * first two of each kind */
	long		by_kind[MAX_KINDS]; /* unexplained disagreements per kind */
} Tally;

/* Corpus columns the test reads */
enum
{
	C_KIND,
	C_INPUT,
	C_REGION,
	C_PARSE,
	C_E164,
	C_EXT,
	C_VALID,
	C_POSSIBLE,
	C_NUMBER_REGION,
	C_TYPE,
	C_INTL,
	C_NATIONAL,
	C_RFC3966,
	C_OOC_FROM,
	C_OOC,
	C_MATCH_INPUT,
	C_MATCH,
	N_COLUMNS
};

static const char *const column_name[N_COLUMNS] = {
	"kind", "input", "region", "parse", "e164", "ext", "valid", "possible",
	"number_region", "type", "international", "national", "rfc3966",
	"ooc_from", "ooc", "match_input", "match"
};

/* A known difference (one line of known_differences.tsv) */
typedef struct Known
{
	char	   *input;
	char	   *region;
	char	   *field;
	char	   *ours;
	char	   *google;
	char	   *reason;
	int			used;
} Known;

/* Everything the comparison needs, in one place */
typedef struct Run
{
	Tally		tally[N_FIELDS];
	const char *kinds[MAX_KINDS];
	int			nkinds;
	Known	   *known;
	int			nknown;
	char	   *known_text;		/* the file the entries point into */
	int			show;			/* disagreements printed per field */
	FILE	   *emit;			/* where to write unexplained ones, or NULL */
	bool		classify;		/* -c: recognise the deliberate differences */
	const char *deliberate;		/* the current case's deliberate difference
								 * (with -c), or NULL */
	long		by_deliberate[N_DELIBERATE];	/* disagreements left out,
												 * per category */
	bool		parse_known;	/* the current case's parse disagreement is
								 * a known or deliberate one */
} Run;

/*
 * The deliberate differences that doc/phone.md lists, recognised from our
 * parse result alone (option -c, for a corpus without a list of known
 * differences): where Google reads a number and we refuse the input for
 * one of these reasons, the disagreement is left out of the count.
 */
static const char *const deliberate_name[N_DELIBERATE] = {
	"text before or after the number",
	"more than one '+', or a '+' not first",
	"an unknown region argument",
	"a national number that would keep its national prefix for want of digits",
	"a national prefix written twice"
};

/* ---------------------------------------------------------------------
 * Reading TSV
 * ---------------------------------------------------------------------
 */

/*
 * Read a whole file into a NUL-terminated buffer.  Returns NULL (after a
 * message) when it cannot be read.
 */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0;
	size_t		n = 0;

	if (f == NULL)
		return NULL;
	for (;;)
	{
		size_t		got;

		if (cap - n < 65536)
		{
			char	   *nb;

			cap = cap ? cap * 2 : 1 << 20;
			nb = realloc(buf, cap + 1);
			if (nb == NULL)
			{
				free(buf);
				fclose(f);
				fprintf(stderr, "out of memory reading %s\n", path);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* value of one hex digit, or -1 */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Undo the corpus escaping in place (\\ \t \n \r \xHH); s is NUL-ended.
 * Returns the decoded length (a decoded \x00 would be a NUL inside), or -1
 * for a malformed escape.
 */
static long
unescape(char *s)
{
	char	   *r = s;
	char	   *w = s;

	while (*r)
	{
		if (*r != '\\')
		{
			*w++ = *r++;
			continue;
		}
		r++;
		switch (*r)
		{
			case '\\':
				*w++ = '\\';
				break;
			case 't':
				*w++ = '\t';
				break;
			case 'n':
				*w++ = '\n';
				break;
			case 'r':
				*w++ = '\r';
				break;
			case 'x':
				if (hexval(r[1]) < 0 || hexval(r[2]) < 0)
					return -1;
				*w++ = (char) (hexval(r[1]) * 16 + hexval(r[2]));
				r += 2;
				break;
			default:
				return -1;
		}
		r++;
	}
	*w = '\0';
	return (long) (w - s);
}

/*
 * Split line (NUL-ended, no newline) at tabs into at most max fields.
 * Returns the number of fields.
 */
static int
split_tabs(char *line, char **fields, int max)
{
	int			n = 0;

	fields[n++] = line;
	for (char *p = line; *p; p++)
	{
		if (*p == '\t')
		{
			*p = '\0';
			if (n == max)
				return max + 1;
			fields[n++] = p + 1;
		}
	}
	return n;
}

/*
 * Next line of buf starting at *pos: NUL-terminates it in place (dropping
 * a trailing CR) and advances *pos.  Returns NULL at the end.
 */
static char *
next_line(char *buf, size_t len, size_t *pos)
{
	char	   *line;
	char	   *nl;

	if (*pos >= len)
		return NULL;
	line = buf + *pos;
	nl = memchr(line, '\n', len - *pos);
	if (nl)
	{
		*nl = '\0';
		*pos = (size_t) (nl - buf) + 1;
	}
	else
		*pos = len;
	if (nl && nl > line && nl[-1] == '\r')
		nl[-1] = '\0';
	return line;
}

/*
 * Load known_differences.tsv into run->known.  A missing file means no
 * known differences.  Returns false (after a message) on a malformed file.
 */
static bool
load_known(Run *run, const char *path)
{
	size_t		len;
	size_t		pos = 0;
	char	   *buf = read_file(path, &len);
	char	   *line;
	int			cap = 0;
	int			lineno = 0;
	bool		header_seen = false;

	run->known = NULL;
	run->nknown = 0;
	if (buf == NULL)
	{
		printf("no known differences (%s not found)\n", path);
		return true;
	}
	while ((line = next_line(buf, len, &pos)) != NULL)
	{
		char	   *f[7];
		int			nf;

		lineno++;
		/* comments only before the header: an input may start with '#' */
		if ((!header_seen && line[0] == '#') || line[0] == '\0')
			continue;
		nf = split_tabs(line, f, 6);
		if (!header_seen)
		{
			header_seen = true;
			if (nf == 6 && strcmp(f[0], "input") == 0)
				continue;
			fprintf(stderr, "%s:%d: expected the header line "
					"input/region/field/ours/google/reason\n", path, lineno);
			return false;
		}
		if (nf != 6)
		{
			fprintf(stderr, "%s:%d: expected 6 tab-separated fields, found %d\n",
					path, lineno, nf);
			return false;
		}
		for (int i = 0; i < 5; i++)
		{
			if (unescape(f[i]) < 0)
			{
				fprintf(stderr, "%s:%d: malformed escape\n", path, lineno);
				return false;
			}
		}
		if (f[5][0] == '\0')
		{
			fprintf(stderr, "%s:%d: a known difference needs a reason\n",
					path, lineno);
			return false;
		}
		if (run->nknown == cap)
		{
			Known	   *nk;

			cap = cap ? cap * 2 : 256;
			nk = realloc(run->known, sizeof(Known) * cap);
			if (nk == NULL)
			{
				fprintf(stderr, "out of memory\n");
				return false;
			}
			run->known = nk;
		}
		run->known[run->nknown].input = f[0];
		run->known[run->nknown].region = f[1];
		run->known[run->nknown].field = f[2];
		run->known[run->nknown].ours = f[3];
		run->known[run->nknown].google = f[4];
		run->known[run->nknown].reason = f[5];
		run->known[run->nknown].used = 0;
		run->nknown++;
	}
	run->known_text = buf;		/* the entries point into it */
	return true;
}

/* ---------------------------------------------------------------------
 * Comparing
 * ---------------------------------------------------------------------
 */

/*
 * Write s[0..len-1] with the corpus escaping (so that tabs and controls
 * show) into dst, which has room for 4 * len + 1 bytes; returns the length
 * written.
 */
static size_t
escape_to(char *dst, const char *s, size_t len)
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
		{
			dst[n++] = '\\';
			dst[n++] = c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
		}
		else if (c < 0x20 || c == 0x7f)
			n += (size_t) sprintf(dst + n, "\\x%02x", c);
		else
			dst[n++] = (char) c;
	}
	dst[n] = '\0';
	return n;
}

/* print s with the corpus escaping */
static void
put_escaped(FILE *out, const char *s, size_t len)
{
	char		buf[1024];

	while (len > 0)
	{
		size_t		chunk = len < 255 ? len : 255;

		escape_to(buf, s, chunk);
		fputs(buf, out);
		s += chunk;
		len -= chunk;
	}
}

/* index of a kind name, added on first sight (the last slot collects the rest) */
static int
kind_index(Run *run, const char *kind)
{
	for (int i = 0; i < run->nkinds; i++)
		if (strcmp(run->kinds[i], kind) == 0)
			return i;
	if (run->nkinds == MAX_KINDS - 1)
		return MAX_KINDS - 1;
	run->kinds[run->nkinds] = kind;
	return run->nkinds++;
}

/* the known difference for this disagreement, or NULL */
static Known *
find_known(Run *run, const char *input, size_t input_len, const char *region,
		   Field field, const char *ours, const char *google)
{
	for (int i = 0; i < run->nknown; i++)
	{
		Known	   *k = &run->known[i];

		if (strlen(k->input) == input_len &&
			memcmp(k->input, input, input_len) == 0 &&
			strcmp(k->region, region) == 0 &&
			strcmp(k->field, field_name[field]) == 0 &&
			strcmp(k->ours, ours) == 0 &&
			strcmp(k->google, google) == 0)
			return k;
	}
	return NULL;
}

/* The case being compared */
typedef struct Case
{
	long		lineno;
	const char *kind;
	const char *input;
	size_t		input_len;
	const char *region;
} Case;

/*
 * Record one comparison of field: agree says whether ours agrees with
 * google; a disagreement is looked up among the known ones, printed while
 * fewer than run->show have been, and counted.
 */
static void
record(Run *run, const Case *c, Field field, bool agree,
	   const char *ours, const char *google)
{
	Tally	   *t = &run->tally[field];
	Known	   *k;

	t->compared++;
	if (agree)
	{
		t->agreed++;
		return;
	}
	k = find_known(run, c->input, c->input_len, c->region, field, ours, google);
	if (k)
	{
		k->used++;
		t->known++;
		if (field == F_PARSE)
			run->parse_known = true;
		return;
	}
	/* phone_check's verdict differs because the parse does, as listed */
	if (field == F_CHECK && run->parse_known)
	{
		t->known++;
		return;
	}
	if (run->deliberate != NULL)
	{
		for (int i = 0; i < N_DELIBERATE; i++)
			if (run->deliberate == deliberate_name[i] && field == F_PARSE)
				run->by_deliberate[i]++;
		t->known++;
		return;
	}
	/* keep the first two of each kind, so that the samples show variety */
	if (++t->by_kind[kind_index(run, c->kind)] <= 2 && t->shown < run->show)
	{
		size_t		size = 4 * c->input_len + 4 * strlen(ours) +
			4 * strlen(google) + strlen(c->kind) + strlen(c->region) + 100;
		char	   *text = malloc(size);
		size_t		n;

		if (t->samples == NULL)
			t->samples = calloc((size_t) run->show, sizeof(char *));
		if (text == NULL || t->samples == NULL)
		{
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
		n = (size_t) sprintf(text, "line %ld [%s] \"", c->lineno, c->kind);
		n += escape_to(text + n, c->input, c->input_len);
		n += (size_t) sprintf(text + n, "\" in %s: ours \"", c->region);
		n += escape_to(text + n, ours, strlen(ours));
		n += (size_t) sprintf(text + n, "\", google \"");
		n += escape_to(text + n, google, strlen(google));
		sprintf(text + n, "\"");
		t->samples[t->shown++] = text;
	}
	if (run->emit)
	{
		put_escaped(run->emit, c->input, c->input_len);
		fprintf(run->emit, "\t%s\t%s\t", c->region, field_name[field]);
		put_escaped(run->emit, ours, strlen(ours));
		fputc('\t', run->emit);
		put_escaped(run->emit, google, strlen(google));
		fprintf(run->emit, "\t\n");
	}
}

/* compare two strings as one field */
static void
record_str(Run *run, const Case *c, Field field, const char *ours,
		   const char *google)
{
	record(run, c, field, strcmp(ours, google) == 0, ours, google);
}

/* the parse result, as shown: our error name and the Google name it maps to */
static bool
parse_agrees_with(PhoneError err, const char *google)
{
	if ((int) err < 0 || (int) err >= N_ERRORS)
		return false;
	for (int i = 0; i < 3 && parse_agrees[err][i]; i++)
		if (strcmp(parse_agrees[err][i], google) == 0)
			return true;
	return false;
}

static const char *
our_error_name(PhoneError err)
{
	if ((int) err < 0 || (int) err >= N_ERRORS)
		return "ERR_OUT_OF_RANGE";
	return error_name[err];
}

/*
 * Compare the number-level fields for one case whose number Google read:
 * num is the number to ask (see the file banner), or NULL when Google's
 * digits do not make a PhoneNumber for us.
 */
static void
compare_number(Run *run, const Case *c, char **col, const PhoneNumber *num)
{
	char		buf[PHONE_FORMAT_BUFSIZE];
	const char *s;
	static const char unrep[] = "(no PhoneNumber for these digits)";

	if (num == NULL)
	{
		for (int f = F_VALID; f < N_FIELDS; f++)
		{
			static const int col_of[N_FIELDS] = {
				[F_VALID] = C_VALID, [F_POSSIBLE] = C_POSSIBLE,
				[F_REGION] = C_NUMBER_REGION, [F_TYPE] = C_TYPE,
				[F_FMT_E164] = C_E164, [F_FMT_INTL] = C_INTL,
				[F_FMT_NATIONAL] = C_NATIONAL, [F_FMT_RFC3966] = C_RFC3966,
				[F_OOC] = C_OOC, [F_MATCH] = C_MATCH
			};

			record(run, c, (Field) f, false, unrep, col[col_of[f]]);
		}
		return;
	}

	/* validity */
	record_str(run, c, F_VALID, phone_is_valid(num) ? "true" : "false",
			   col[C_VALID]);

	/* possible */
	{
		PhoneError	p = phone_possible(num);
		bool		agree = false;
		const char *shown = our_error_name(p);

		if ((int) p >= 0 && (int) p < N_POSSIBLE)
		{
			for (int i = 0; i < 2 && possible_agrees[p][i]; i++)
				if (strcmp(possible_agrees[p][i], col[C_POSSIBLE]) == 0)
					agree = true;
			if (possible_agrees[p][0])
				shown = possible_agrees[p][0];
		}
		record(run, c, F_POSSIBLE, agree, shown, col[C_POSSIBLE]);
	}

	/* region */
	s = phone_region(num);
	record_str(run, c, F_REGION, s ? s : "", col[C_NUMBER_REGION]);

	/* type */
	{
		PhoneType	t = phone_type(num);

		s = ((int) t >= 0 && (int) t < N_TYPES) ? type_google[t] : "(out of range)";
		record_str(run, c, F_TYPE, s, col[C_TYPE]);
	}

	/* the four formats */
	phone_format(num, PHONE_FORMAT_E164, buf);
	record_str(run, c, F_FMT_E164, buf, col[C_E164]);
	phone_format(num, PHONE_FORMAT_INTERNATIONAL, buf);
	record_str(run, c, F_FMT_INTL, buf, col[C_INTL]);
	phone_format(num, PHONE_FORMAT_NATIONAL, buf);
	record_str(run, c, F_FMT_NATIONAL, buf, col[C_NATIONAL]);
	phone_format(num, PHONE_FORMAT_RFC3966, buf);
	record_str(run, c, F_FMT_RFC3966, buf, col[C_RFC3966]);

	/* dialled from another region */
	phone_format_out_of_country(num, col[C_OOC_FROM], buf);
	record_str(run, c, F_OOC, buf, col[C_OOC]);

	/* match against the variant */
	{
		long		mlen = (long) strlen(col[C_MATCH_INPUT]);
		PhoneMatch	m = phone_match(num, col[C_MATCH_INPUT], (size_t) mlen);

		s = ((int) m >= 0 && (int) m < N_MATCHES) ? match_google[m] : "(out of range)";
		record_str(run, c, F_MATCH, s, col[C_MATCH]);
	}
}

/*
 * phone_check's verdict (src/pg/pg_phone_numplan.c) on a parse at
 * PHONE_VALIDATE_ANY: an extension does not change it, and a doubled
 * national prefix, or one kept for want of digits, is judged on the number
 * libphonenumber reads.
 */
static const char *
our_verdict(PhoneError err, const PhoneParseResult *res)
{
	if (err == PHONE_ERR_EXTENSION || err == PHONE_ERR_REPEATED_PREFIX ||
		err == PHONE_ERR_KEPT_PREFIX)
		err = PHONE_OK;
	if (err == PHONE_OK && !phone_is_valid(&res->number))
	{
		err = phone_possible(&res->number);
		if (err == PHONE_OK)
			err = PHONE_ERR_NOT_VALID;
	}
	switch (err)
	{
		case PHONE_OK:
			return "valid";
		case PHONE_ERR_NOT_VALID:
			return "possible";
		case PHONE_ERR_NO_REGION:
		case PHONE_ERR_INVALID_COUNTRY_CODE:
			return "invalid_country_code";
		case PHONE_ERR_TOO_SHORT:
			return "too_short";
		case PHONE_ERR_TOO_LONG:
		case PHONE_ERR_TOO_MANY_DIGITS:
			return "too_long";
		case PHONE_ERR_INVALID_LENGTH:
			return "invalid_length";
		default:
			return "not_a_number";
	}
}

/*
 * The same verdict from Google's answers: its parse error, or isValidNumber
 * and isPossibleNumberWithReason of the number it read.  Google's parse
 * calls fewer than two digits "not a number" where phone_check says
 * too_short; both are taken as the same verdict (see parse_agrees).
 */
static const char *
google_verdict(char **col)
{
	const char *p = col[C_PARSE];

	if (strcmp(p, "OK") != 0)
	{
		if (strcmp(p, "INVALID_COUNTRY_CODE") == 0)
			return "invalid_country_code";
		if (strcmp(p, "TOO_SHORT_NSN") == 0 || strcmp(p, "TOO_SHORT_AFTER_IDD") == 0)
			return "too_short";
		if (strcmp(p, "TOO_LONG") == 0)
			return "too_long";
		return "not_a_number";
	}
	if (strcmp(col[C_VALID], "true") == 0)
		return "valid";
	p = col[C_POSSIBLE];
	if (strcmp(p, "IS_POSSIBLE") == 0 || strcmp(p, "IS_POSSIBLE_LOCAL_ONLY") == 0)
		return "possible";
	if (strcmp(p, "TOO_SHORT") == 0)
		return "too_short";
	if (strcmp(p, "TOO_LONG") == 0)
		return "too_long";
	if (strcmp(p, "INVALID_LENGTH") == 0)
		return "invalid_length";
	return "invalid_country_code";
}

/*
 * With -c: which deliberate difference (deliberate_name) explains our
 * refusal of an input that Google reads (as the number google_e164, valid
 * as google_valid says), or NULL.  Text before or after the number: a
 * letter, a character that has no place in a number, or a label, before
 * the first digit or after the last one.  A national prefix kept for want
 * of digits, or written twice: Google read the number our result holds
 * (for a kept prefix, one that is not valid).
 */
static const char *
classify_deliberate(const Case *c, const PhoneParseResult *res,
					const char *google_e164, const char *google_valid)
{
	size_t		first = SIZE_MAX;
	size_t		last = 0;

	switch (res->error)
	{
		case PHONE_ERR_PLUS_POSITION:
			return deliberate_name[1];
		case PHONE_ERR_UNKNOWN_REGION:
			return deliberate_name[2];
		case PHONE_ERR_KEPT_PREFIX:
		case PHONE_ERR_REPEATED_PREFIX:
			if (google_e164[0] != '+' ||
				strcmp(google_e164 + 1, res->number.digits) != 0)
				return NULL;
			if (res->error == PHONE_ERR_REPEATED_PREFIX)
				return deliberate_name[4];
			return strcmp(google_valid, "false") == 0 ? deliberate_name[3] : NULL;
		case PHONE_ERR_LETTERS:
		case PHONE_ERR_BAD_CHARACTER:
		case PHONE_ERR_LABEL:
			break;
		default:
			return NULL;
	}
	if (res->error_pos < 0)
		return NULL;
	/* ASCII and other digits: lead bytes of other scripts are >= 0xC0 */
	for (size_t i = 0; i < c->input_len; i++)
	{
		unsigned char b = (unsigned char) c->input[i];

		if ((b >= '0' && b <= '9') || b >= 0xC0)
		{
			PhoneParseResult one;

			/* a non-ASCII character counts if it reads as a digit alone */
			if (b >= 0xC0)
			{
				size_t		n = 1;

				while (i + n < c->input_len &&
					   (((unsigned char) c->input[i + n]) & 0xC0) == 0x80)
					n++;
				if (phone_prefix_digits(c->input + i, n, one.number.digits) != 1)
				{
					i += n - 1;
					continue;
				}
			}
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	}
	if (first == SIZE_MAX || (size_t) res->error_pos < first ||
		(size_t) res->error_pos > last)
		return deliberate_name[0];
	return NULL;
}

/*
 * Compare one corpus case.  Returns false (after a message) when the line
 * is malformed.
 */
static bool
compare_case(Run *run, long lineno, char **col, long input_len)
{
	Case		c;
	PhoneParseResult res;
	PhoneError	err;
	bool		ours_ok;
	bool		google_ok = strcmp(col[C_PARSE], "OK") == 0;
	char		ours_e164[PHONE_MAX_DIGITS + 2];
	PhoneNumber gnum;
	const PhoneNumber *num = NULL;

	c.lineno = lineno;
	c.kind = col[C_KIND];
	c.input = col[C_INPUT];
	c.input_len = (size_t) input_len;
	c.region = col[C_REGION];

	memset(&res, 0, sizeof(res));
	err = phone_parse(c.input, c.input_len, c.region, PHONE_VALIDATE_ANY, &res);
	if (err != res.error)
	{
		printf("line %ld: phone_parse returned %s but result->error is %s\n",
			   lineno, our_error_name(err), our_error_name(res.error));
		err = res.error;
	}
	ours_ok = (err == PHONE_OK || err == PHONE_ERR_EXTENSION);

	run->deliberate = NULL;
	run->parse_known = false;
	if (run->classify && google_ok && !ours_ok)
		run->deliberate = classify_deliberate(&c, &res, col[C_E164],
											  col[C_VALID]);

	record(run, &c, F_PARSE, parse_agrees_with(err, col[C_PARSE]),
		   our_error_name(err), col[C_PARSE]);
	{
		const char *ov = our_verdict(err, &res);
		const char *gv = google_verdict(col);

		/*
		 * Where both refuse the input, the verdicts are the two parse
		 * errors, and agree as the parse field says (Google calls fewer
		 * than two digits not a number, phone_check too short)
		 */
		if (!google_ok && strcmp(ov, "valid") != 0 &&
			strcmp(ov, "possible") != 0 && strcmp(ov, gv) != 0 &&
			parse_agrees_with(err, col[C_PARSE]))
			gv = ov;
		record_str(run, &c, F_CHECK, ov, gv);
	}

	if (!google_ok)
		return true;

	if (col[C_E164][0] != '+')
	{
		fprintf(stderr, "line %ld: Google parsed the input but e164 is \"%s\"\n",
				lineno, col[C_E164]);
		return false;
	}
	if (ours_ok)
	{
		ours_e164[0] = '+';
		memcpy(ours_e164 + 1, res.number.digits, res.number.ndigits);
		ours_e164[res.number.ndigits + 1] = '\0';
		record_str(run, &c, F_E164, ours_e164, col[C_E164]);
		record_str(run, &c, F_EXT, res.extension, col[C_EXT]);
		if (strcmp(ours_e164, col[C_E164]) == 0)
			num = &res.number;
	}
	if (num == NULL)
	{
		const char *d = col[C_E164] + 1;

		if (phone_from_digits(d, (int) strlen(d), &gnum))
			num = &gnum;
	}
	compare_number(run, &c, col, num);

	/* full validation, where the digits agree */
	if (num == &res.number)
	{
		PhoneError	verr;
		PhoneError	expect;
		bool		agree;
		bool		local_only = false;

		if (strcmp(col[C_VALID], "true") == 0)
			expect = PHONE_OK;
		else if (strcmp(col[C_POSSIBLE], "TOO_SHORT") == 0)
			expect = PHONE_ERR_TOO_SHORT;
		else if (strcmp(col[C_POSSIBLE], "TOO_LONG") == 0)
			expect = PHONE_ERR_TOO_LONG;
		else if (strcmp(col[C_POSSIBLE], "INVALID_LENGTH") == 0)
			expect = PHONE_ERR_INVALID_LENGTH;
		else if (strcmp(col[C_POSSIBLE], "INVALID_COUNTRY_CODE") == 0)
			expect = PHONE_ERR_INVALID_COUNTRY_CODE;
		else
		{
			expect = PHONE_ERR_NOT_VALID;
			local_only = strcmp(col[C_POSSIBLE], "IS_POSSIBLE_LOCAL_ONLY") == 0;
		}

		verr = phone_parse(c.input, c.input_len, c.region,
						   PHONE_VALIDATE_VALID, &res);
		if (verr == PHONE_ERR_EXTENSION)
			verr = PHONE_OK;
		agree = verr == expect;

		/*
		 * An invalid number of a length possible only for local dialling:
		 * Google's reason IS_POSSIBLE_LOCAL_ONLY has no error of its own, so
		 * "too short" and "invalid length" describe it as well as "not
		 * valid".
		 */
		if (local_only && (verr == PHONE_ERR_TOO_SHORT ||
						   verr == PHONE_ERR_INVALID_LENGTH))
			agree = true;
		record(run, &c, F_VALIDATE, agree, our_error_name(verr),
			   our_error_name(expect));

		/* possible length only */
		if (strcmp(col[C_POSSIBLE], "TOO_SHORT") == 0)
			expect = PHONE_ERR_TOO_SHORT;
		else if (strcmp(col[C_POSSIBLE], "TOO_LONG") == 0)
			expect = PHONE_ERR_TOO_LONG;
		else if (strcmp(col[C_POSSIBLE], "INVALID_LENGTH") == 0)
			expect = PHONE_ERR_INVALID_LENGTH;
		else if (strcmp(col[C_POSSIBLE], "INVALID_COUNTRY_CODE") == 0)
			expect = PHONE_ERR_INVALID_COUNTRY_CODE;
		else
			expect = PHONE_OK;
		verr = phone_parse(c.input, c.input_len, c.region,
						   PHONE_VALIDATE_POSSIBLE, &res);
		if (verr == PHONE_ERR_EXTENSION)
			verr = PHONE_OK;
		agree = verr == expect;
		if (strcmp(col[C_POSSIBLE], "IS_POSSIBLE_LOCAL_ONLY") == 0 &&
			(verr == PHONE_OK || verr == PHONE_ERR_TOO_SHORT ||
			 verr == PHONE_ERR_INVALID_LENGTH))
			agree = true;
		record(run, &c, F_VALIDATE_POSSIBLE, agree, our_error_name(verr),
			   our_error_name(expect));
	}
	return true;
}

/* ---------------------------------------------------------------------
 * Main
 * ---------------------------------------------------------------------
 */

/* known_differences.tsv in the directory of the corpus, into buf */
static void
default_known_path(const char *corpus, char *buf, size_t size)
{
	const char *slash = strrchr(corpus, '/');
	int			dirlen = slash ? (int) (slash - corpus) + 1 : 0;

	snprintf(buf, size, "%.*s%s", dirlen, corpus, KNOWN_NAME);
}

/* print the summary; returns the number of failed fields */
static int
report(Run *run, int *passed)
{
	int			failed = 0;
	int			nstale = 0;
	bool		heading = false;

	printf("\n%-17s %9s %9s %9s %9s  %s\n", "field", "compared", "known",
		   "agreed", "agree%", "result");
	for (int f = 0; f < N_FIELDS; f++)
	{
		Tally	   *t = &run->tally[f];
		long		denom = t->compared - t->known;
		bool		pass = denom > 0 &&
			t->agreed * 1000 >= (long) PASS_PERMILLE * denom;

		printf("%-17s %9ld %9ld %9ld %8.3f%%  %s\n", field_name[f],
			   t->compared, t->known, t->agreed,
			   denom > 0 ? 100.0 * (double) t->agreed / (double) denom : 0.0,
			   pass ? "pass" : (denom > 0 ? "FAIL" : "FAIL (nothing compared)"));
		for (long i = 0; i < t->shown; i++)
			printf("    %s\n", t->samples[i]);
		if (t->agreed < denom)
		{
			printf("    disagreements by kind:");
			for (int k = 0; k < MAX_KINDS; k++)
				if (t->by_kind[k])
					printf(" %s %ld", k < run->nkinds ? run->kinds[k] : "(other)",
						   t->by_kind[k]);
			printf("\n");
		}
		if (pass)
			(*passed)++;
		else
			failed++;
	}
	/* the known differences seen, by reason */
	for (int i = 0; i < run->nknown; i++)
	{
		Known	   *k = &run->known[i];
		int			count = 0;
		bool		first = true;

		if (!k->used)
			continue;
		for (int j = 0; j < run->nknown; j++)
		{
			if (!run->known[j].used ||
				strcmp(run->known[j].reason, k->reason) != 0)
				continue;
			if (j < i)
				first = false;
			count++;
		}
		if (!first)
			continue;
		if (!heading)
			printf("\nknown differences seen, by reason:\n");
		heading = true;
		printf("  %5d  %s\n         e.g. %s \"", count, k->reason, k->field);
		put_escaped(stdout, k->input, strlen(k->input));
		printf("\" in %s: ours \"%s\", google \"%s\"\n", k->region,
			   k->ours, k->google);
	}
	if (run->classify)
	{
		printf("\ndeliberate differences (doc/phone.md), recognised by -c:\n");
		for (int i = 0; i < N_DELIBERATE; i++)
			printf("  %5ld  %s\n", run->by_deliberate[i], deliberate_name[i]);
	}
	for (int i = 0; i < run->nknown; i++)
	{
		Known	   *k = &run->known[i];

		if (k->used)
			continue;
		if (nstale++ == 0)
			printf("\nknown differences that no longer occur (remove them):\n");
		printf("  \"");
		put_escaped(stdout, k->input, strlen(k->input));
		printf("\" %s %s: ours \"%s\", google \"%s\"\n", k->region, k->field,
			   k->ours, k->google);
	}
	if (run->nknown)
		printf("\n%d known differences listed, %d seen, %d no longer occur\n",
			   run->nknown, run->nknown - nstale, nstale);
	return failed;
}

int
main(int argc, char **argv)
{
	const char *corpus = DEFAULT_CORPUS;
	const char *known_path = NULL;
	char		known_buf[1024];
	static Run	run;
	char	   *buf;
	size_t		len;
	size_t		pos = 0;
	char	   *line;
	long		lineno = 0;
	long		ncases = 0;
	int			colidx[N_COLUMNS];
	bool		header_seen = false;
	int			passed = 0;
	int			failed;

	run.show = 8;
	for (int i = 1; i < argc; i++)
	{
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			run.show = atoi(argv[++i]);
		else if (strcmp(argv[i], "-k") == 0 && i + 1 < argc)
			known_path = argv[++i];
		else if (strcmp(argv[i], "-c") == 0)
			run.classify = true;
		else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
		{
			run.emit = fopen(argv[++i], "w");
			if (run.emit == NULL)
			{
				perror(argv[i]);
				return 2;
			}
		}
		else if (argv[i][0] == '-')
		{
			fprintf(stderr, "usage: %s [-n SHOW] [-c] [-k KNOWN] [-e FILE] [CORPUS]\n", argv[0]);
			return 2;
		}
		else
			corpus = argv[i];
	}
	if (known_path == NULL)
	{
		default_known_path(corpus, known_buf, sizeof(known_buf));
		known_path = known_buf;
	}

	buf = read_file(corpus, &len);
	if (buf == NULL)
	{
		fprintf(stderr, "cannot read %s\n", corpus);
		return 2;
	}
	if (!load_known(&run, known_path))
		return 2;
	if (run.emit)
		fprintf(run.emit, "input\tregion\tfield\tours\tgoogle\treason\n");

	printf("differential test: %s\n", corpus);
	while ((line = next_line(buf, len, &pos)) != NULL)
	{
		char	   *f[N_COLUMNS + 8];
		char	   *col[N_COLUMNS];
		int			nf;
		long		input_len = 0;

		lineno++;
		if (!header_seen && line[0] == '#')
		{
			if (lineno == 1)
				printf("%s\n", line + 1 + (line[1] == ' '));
			continue;
		}
		if (line[0] == '\0')
			continue;
		nf = split_tabs(line, f, N_COLUMNS + 7);
		if (!header_seen)
		{
			/* find the columns by name */
			header_seen = true;
			for (int c = 0; c < N_COLUMNS; c++)
			{
				colidx[c] = -1;
				for (int i = 0; i < nf && i < N_COLUMNS + 7; i++)
					if (strcmp(f[i], column_name[c]) == 0)
						colidx[c] = i;
				if (colidx[c] < 0)
				{
					fprintf(stderr, "%s:%ld: no column \"%s\" in the header\n",
							corpus, lineno, column_name[c]);
					return 2;
				}
			}
			continue;
		}
		for (int c = 0; c < N_COLUMNS; c++)
		{
			long		n;

			if (colidx[c] >= nf)
			{
				fprintf(stderr, "%s:%ld: too few fields\n", corpus, lineno);
				return 2;
			}
			col[c] = f[colidx[c]];
			n = unescape(col[c]);
			if (n < 0)
			{
				fprintf(stderr, "%s:%ld: malformed escape in column %s\n",
						corpus, lineno, column_name[c]);
				return 2;
			}
			if (c == C_INPUT)
				input_len = n;
		}
		if (!compare_case(&run, lineno, col, input_len))
			return 2;
		ncases++;
	}
	if (!header_seen || ncases == 0)
	{
		fprintf(stderr, "%s: no cases\n", corpus);
		return 2;
	}
	printf("%ld cases\n", ncases);
	failed = report(&run, &passed);
	if (run.emit)
		fclose(run.emit);
	for (int f = 0; f < N_FIELDS; f++)
	{
		for (long i = 0; i < run.tally[f].shown; i++)
			free(run.tally[f].samples[i]);
		free(run.tally[f].samples);
	}
	free(run.known);
	free(run.known_text);
	free(buf);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
