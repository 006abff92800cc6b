/*-------------------------------------------------------------------------
 *
 * digit_regex.h
 *	  A small regular-expression matcher for the patterns of the
 *	  numbering-plan metadata that must run at run time: number-format
 *	  patterns with capture groups, leading-digits patterns, national
 *	  prefixes for parsing and international dialling prefixes.
 *
 * Supported syntax: literal characters (digits and any other byte that is
 * not a metacharacter), ".", "\d", "\" followed by a metacharacter,
 * bracket classes of digits with ranges and negation ("[235-9]", "[^0]";
 * a negated class also matches any byte that is not a digit), capturing
 * groups "(...)" (at most 9), non-capturing groups "(?:...)", alternation
 * "|", the anchors "^" and "$" (start and end of the subject), and the
 * greedy quantifiers "?", "*", "+", "{n}", "{n,}" and "{n,m}" (n, m at
 * most 32).  Anything else gives DREGEX_ERROR (but see below).
 * Semantics are those of JavaScript's RegExp (the engine of the
 * google-libphonenumber build that the tests compare with), which agree
 * with Java's java.util.regex on every pattern of the metadata: leftmost
 * alternative first, greedy quantifiers; in a repeated part, an iteration
 * beyond the minimum count may not match the empty string, and groups
 * inside it are forgotten at the start of each iteration.
 *
 * The pattern is compiled on each call into a fixed-size program on the C
 * stack and run by a backtracking machine that never visits the same
 * (instruction, position) pair twice, so a match costs at most
 * (program size) x (subject length + 1) steps.  The one exception is a
 * repeated part that can match the empty string (none in the metadata):
 * such a program runs under a step limit and gives DREGEX_ERROR when it
 * reaches it.  Nothing is allocated and no state survives a call.
 *
 * Before compiling, a scan of the pattern finds which bytes can start a
 * match; a subject that starts with any other byte is refused at once
 * (most national prefixes tried on numbers written in E.164 fail that
 * way).  A malformed pattern gives DREGEX_ERROR, except that this early
 * refusal may report DREGEX_NOMATCH for it first.
 *
 *-------------------------------------------------------------------------
 */
#ifndef DIGIT_REGEX_H
#define DIGIT_REGEX_H

#include <stdbool.h>

#define DREGEX_MAX_GROUPS	9		/* capture groups a pattern may have */
#define DREGEX_MAX_SUBJECT	64		/* longest subject string accepted */

/* Outcome of a match */
typedef enum DRegexResult
{
	DREGEX_ERROR = -1,			/* pattern unsupported or too large, or
								 * subject too long */
	DREGEX_NOMATCH = 0,
	DREGEX_MATCH = 1
} DRegexResult;

/* Where the match and its groups lie in the subject */
typedef struct DRegexMatch
{
	int			ngroups;		/* capture groups in the pattern */
	int			start[DREGEX_MAX_GROUPS + 1];	/* [0] is the whole match; */
	int			end[DREGEX_MAX_GROUPS + 1];		/* -1 when a group did not
												 * take part */
} DRegexMatch;

/*
 * Match pattern against subject[0..len-1].  With whole true the match must
 * cover the entire subject (Java's matches()); otherwise it must start at
 * the beginning and may end anywhere (Java's lookingAt()).  m may be NULL.
 */
extern DRegexResult dregex_run(const char *pattern, const char *subject,
							   int len, bool whole, DRegexMatch *m);

/* Shorthands for the two modes */
static inline DRegexResult
dregex_full(const char *pattern, const char *subject, int len,
			DRegexMatch *m)
{
	return dregex_run(pattern, subject, len, true, m);
}

static inline DRegexResult
dregex_prefix(const char *pattern, const char *subject, int len,
			  DRegexMatch *m)
{
	return dregex_run(pattern, subject, len, false, m);
}

/*
 * Expand a replacement template such as "$1 $2-$3" or "0$1" with the
 * groups of m over subject: "$n" (n = 0..9) is group n ("" when it did not
 * take part), any other character is copied.  Writes at most bufsize - 1
 * bytes and a NUL; returns the full length the expansion needs.
 */
extern int	dregex_expand(const char *tmpl, const char *subject,
						  const DRegexMatch *m, char *buf, int bufsize);

#endif							/* DIGIT_REGEX_H */
