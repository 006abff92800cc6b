/*-------------------------------------------------------------------------
 *
 * digit_regex.h
 *	  A small regular-expression matcher for the patterns of the
 *	  numbering-plan metadata that must run with capture groups or as
 *	  prefixes: national prefixes for parsing, international dialling
 *	  prefixes, and number-format patterns that are not plain digit groups
 *	  (those are laid out by tables of group lengths, see numplan.h).
 *
 * The patterns are compiled when the tables are generated: the compiler,
 * src/core/digit_regex_compile.c, runs at "make update-metadata" time (in
 * the host tool tools/dregex_emit.c) and in the unit tests, and is not part
 * of the extension.  src/data/numplan_data.c holds the compiled programs
 * (DRegexProgram) as constant data; the extension only runs them
 * (dregex_exec) and expands replacement templates (dregex_expand).
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
 * A program is run by a backtracking machine that never visits the same
 * (instruction, position) pair twice, so a match costs at most
 * (program size) x (subject length + 1) steps.  The one exception is a
 * repeated part that can match the empty string (none in the metadata):
 * such a program runs under a step limit and gives DREGEX_ERROR when it
 * reaches it.  Nothing is allocated and no state survives a call.
 *
 * The compiler also finds which bytes can start a match; a subject that
 * starts with any other byte is refused at once (most national prefixes
 * tried on numbers written in E.164 fail that way).  A pattern of plain
 * digits is compared directly.  A malformed pattern gives DREGEX_ERROR
 * from dregex_run, except that the early refusal may report
 * DREGEX_NOMATCH for it first.
 *
 *-------------------------------------------------------------------------
 */
#ifndef DIGIT_REGEX_H
#define DIGIT_REGEX_H

#include <stdbool.h>
#include <stdint.h>

#define DREGEX_MAX_GROUPS	9		/* capture groups a pattern may have */
#define DREGEX_MAX_SUBJECT	64		/* longest subject string accepted */
#define DREGEX_MAX_INST		1536	/* instructions in a compiled program
									 * (the largest pattern of the metadata
									 * needs 392) */
#define DREGEX_MAX_REGS		16		/* loop registers (MARK/PROGRESS) */

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
 * Instructions of a compiled program (see digit_regex.c for what each
 * does).  The values are part of the generated data: append, never
 * renumber.
 */
typedef enum DRegexOp
{
	DRX_CHAR,
	DRX_DIGIT,
	DRX_SET,
	DRX_ANY,
	DRX_SPLIT,
	DRX_JMP,
	DRX_SAVE,
	DRX_BOL,
	DRX_EOL,
	DRX_RESET,
	DRX_MARK,
	DRX_PROGRESS,
	DRX_MATCH
} DRegexOp;

/* Class bits 0..9 are the digits; bit 10 stands for every other byte */
#define DREGEX_SET_OTHER	(1u << 10)

/* Does subject byte ch belong to class set? */
static inline bool
dregex_in_set(uint16_t set, unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return (set >> (ch - '0')) & 1;
	return (set & DREGEX_SET_OTHER) != 0;
}

typedef struct DRegexInst
{
	uint8_t		op;				/* a DRegexOp */
	uint8_t		c;				/* CHAR: the byte; SAVE: the slot; RESET:
								 * first group; MARK, PROGRESS: the register */
	uint16_t	set;			/* SET: class bits; RESET: last group */
	int16_t		x;				/* SPLIT/JMP: relative target */
	int16_t		y;				/* SPLIT: relative second target */
} DRegexInst;

/* A compiled pattern */
typedef struct DRegexProgram
{
	const char *literal;		/* a pattern of plain digits, compared
								 * directly (inst is then NULL); or NULL */
	const DRegexInst *inst;		/* the program */
	uint16_t	ninst;			/* instructions in it */
	uint8_t		ngroups;		/* capture groups */
	uint8_t		nregs;			/* loop registers (0: the (instruction,
								 * position) pairs are memoized) */
	uint16_t	first;			/* class bits of the bytes that can start a
								 * match */
	bool		first_known;	/* a subject starting with another byte (or
								 * empty) cannot match */
} DRegexProgram;

/*
 * Run prog against subject[0..len-1].  With whole true the match must
 * cover the entire subject (Java's matches()); otherwise it must start at
 * the beginning and may end anywhere (Java's lookingAt()).  m may be NULL.
 */
extern DRegexResult dregex_exec(const DRegexProgram *prog, const char *subject,
								int len, bool whole, DRegexMatch *m);

/* Shorthands for the two modes */
static inline DRegexResult
dregex_full(const DRegexProgram *prog, const char *subject, int len,
			DRegexMatch *m)
{
	return dregex_exec(prog, subject, len, true, m);
}

static inline DRegexResult
dregex_prefix(const DRegexProgram *prog, const char *subject, int len,
			  DRegexMatch *m)
{
	return dregex_exec(prog, subject, len, false, m);
}

/*
 * Expand a replacement template such as "$1 $2-$3" or "0$1" with the
 * groups of m over subject: "$n" (n = 0..9) is group n ("" when it did not
 * take part), any other character is copied.  Writes at most bufsize - 1
 * bytes and a NUL; returns the full length the expansion needs.
 */
extern int	dregex_expand(const char *tmpl, const char *subject,
						  const DRegexMatch *m, char *buf, int bufsize);

/*
 * Generation time and tests only (src/core/digit_regex_compile.c, not
 * linked into the extension).
 *
 * dregex_compile compiles pattern into inst[0..DREGEX_MAX_INST-1] and
 * fills *prog (whose inst points into that array, or whose literal is
 * pattern itself).  On DREGEX_ERROR, prog->first and prog->first_known are
 * still set.
 *
 * dregex_run compiles pattern and runs it, as dregex_exec does.
 */
extern DRegexResult dregex_compile(const char *pattern, DRegexInst *inst,
								   DRegexProgram *prog);
extern DRegexResult dregex_run(const char *pattern, const char *subject,
							   int len, bool whole, DRegexMatch *m);

#endif							/* DIGIT_REGEX_H */
