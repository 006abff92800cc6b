/*-------------------------------------------------------------------------
 *
 * digit_regex.c
 *	  Backtracking matcher for the regular-expression subset of the
 *	  numbering-plan metadata (see digit_regex.h for the syntax).
 *
 * A pattern is compiled into a small program for a backtracking machine in
 * the style of Thompson/Pike virtual machines:
 *
 *		CHAR c		the subject byte must be c
 *		DIGIT		the subject byte must be '0'..'9'
 *		SET m		the subject byte must be in the class m
 *		ANY			any subject byte
 *		SPLIT x, y	try x first, then y
 *		JMP x		continue at x
 *		SAVE k		record the subject position in capture slot k
 *		BOL, EOL	the position is the start / the end of the subject
 *		RESET g..h	forget capture groups g..h (each iteration of a
 *					repeated part starts with its groups unset, as in
 *					JavaScript)
 *		MARK r		record the subject position in loop register r
 *		PROGRESS r	fail unless the position moved since MARK r
 *		MATCH		success (at the end of the subject, for whole matches)
 *
 * Jumps are relative, so a compiled fragment can be moved or copied (which
 * is how counted repetition "{n,m}" is laid out).  The machine keeps an
 * explicit stack of alternatives and of capture slots to restore, and a
 * bitmap of the (instruction, position) pairs already visited: a pair seen
 * before has already been explored without success, so it is skipped.
 * That bounds the work by program size x (subject length + 1) while
 * keeping the leftmost-first, greedy semantics of Java and JavaScript.
 *
 * A repeated part that can match the empty string (as in "(?:|5)?") is
 * compiled as JavaScript runs it: an iteration beyond the minimum count
 * must consume something (ECMAScript's RepeatMatcher), which MARK and
 * PROGRESS enforce.  The outcome then depends on more than the
 * (instruction, position) pair, so such a program runs without the bitmap
 * and with a step limit instead, giving DREGEX_ERROR when it is reached.
 * No pattern of the numbering-plan metadata needs this.
 *
 * Two shortcuts come before compiling: a pattern of plain digits (most
 * national prefixes) is compared directly, and a scan of the pattern finds
 * the bytes that can start a match, so that a subject starting with any
 * other byte is refused without compiling.
 *
 * Everything lives on the C stack of the call (about 30 kB); sizes are
 * fixed by the constants below and exceeding any of them gives
 * DREGEX_ERROR.
 *
 *-------------------------------------------------------------------------
 */
#include "digit_regex.h"

#include <stdint.h>
#include <string.h>

#define RX_MAX_INST		1536	/* instructions in a compiled program (the
								 * largest pattern of the metadata needs 392) */
#define RX_MAX_STACK	1024	/* backtracking entries */
#define RX_MAX_DEPTH	32		/* group nesting */
#define RX_MAX_REPEAT	32		/* largest n or m in {n,m} */
#define RX_MAX_REGS		16		/* loop registers (MARK/PROGRESS) */
#define RX_MAX_STEPS	200000	/* steps of a program with loop registers */
#define RX_NSLOTS		(2 * (DREGEX_MAX_GROUPS + 1) + RX_MAX_REGS)
#define RX_REG_SLOT(r)	(2 * (DREGEX_MAX_GROUPS + 1) + (r))
#define RX_INF			(-1)

typedef enum RxOp
{
	RX_CHAR,
	RX_DIGIT,
	RX_SET,
	RX_ANY,
	RX_SPLIT,
	RX_JMP,
	RX_SAVE,
	RX_BOL,
	RX_EOL,
	RX_RESET,
	RX_MARK,
	RX_PROGRESS,
	RX_MATCH
} RxOp;

/* Class bits 0..9 are the digits; bit 10 stands for every other byte */
#define RX_SET_OTHER	(1u << 10)

typedef struct RxInst
{
	uint8_t		op;
	uint8_t		c;				/* CHAR: the byte; SAVE: the slot;
								 * MARK, PROGRESS: the register */
	uint16_t	set;			/* SET: class bits; RESET: last group */
	int16_t		x;				/* SPLIT/JMP: relative target */
	int16_t		y;				/* SPLIT: relative second target */
} RxInst;

typedef struct RxCompiler
{
	const char *p;				/* next pattern character */
	RxInst	   *prog;
	int			n;				/* instructions emitted */
	int			ngroups;
	int			nregs;			/* loop registers used */
	int			depth;
	bool		nullable;		/* can what was just compiled match "" ? */
	bool		error;
} RxCompiler;

static void rx_compile_alt(RxCompiler *c);

/* Append an instruction; returns its index or -1 when the program is full */
static int
rx_emit(RxCompiler *c, RxOp op)
{
	RxInst	   *in;

	if (c->n >= RX_MAX_INST)
	{
		c->error = true;
		return -1;
	}
	in = &c->prog[c->n];
	in->op = (uint8_t) op;
	in->c = 0;
	in->set = 0;
	in->x = 0;
	in->y = 0;
	return c->n++;
}

/* Insert an instruction at index at, shifting what follows; returns at */
static int
rx_insert(RxCompiler *c, int at, RxOp op)
{
	if (c->n >= RX_MAX_INST)
	{
		c->error = true;
		return -1;
	}
	memmove(&c->prog[at + 1], &c->prog[at],
			(size_t) (c->n - at) * sizeof(RxInst));
	c->n++;
	memset(&c->prog[at], 0, sizeof(RxInst));
	c->prog[at].op = (uint8_t) op;
	return at;
}

/* Append a copy of the fragment prog[from .. from+len-1] */
static bool
rx_copy(RxCompiler *c, int from, int len)
{
	if (c->n + len > RX_MAX_INST)
	{
		c->error = true;
		return false;
	}
	memcpy(&c->prog[c->n], &c->prog[from], (size_t) len * sizeof(RxInst));
	c->n += len;
	return true;
}

/* Read a decimal number of at most three digits; -1 when there is none */
static int
rx_number(RxCompiler *c)
{
	int			v = 0;
	int			k = 0;

	while (*c->p >= '0' && *c->p <= '9' && k < 3)
	{
		v = v * 10 + (*c->p - '0');
		c->p++;
		k++;
	}
	if (k == 0 || (*c->p >= '0' && *c->p <= '9'))
		return -1;
	return v;
}

/* Parse a bracket class after its '['; returns the class bits */
static uint16_t
rx_class(RxCompiler *c)
{
	uint16_t	set = 0;
	bool		negate = false;
	bool		first = true;

	if (*c->p == '^')
	{
		negate = true;
		c->p++;
	}
	for (;;)
	{
		int			lo;
		int			hi;

		if (*c->p == '\0')
		{
			c->error = true;
			return 0;
		}
		if (*c->p == ']' && !first)
		{
			c->p++;
			break;
		}
		first = false;
		if (c->p[0] == '\\' && c->p[1] == 'd')
		{
			set |= 0x3FF;
			c->p += 2;
			continue;
		}
		lo = (unsigned char) *c->p++;
		hi = lo;
		if (c->p[0] == '-' && c->p[1] != ']' && c->p[1] != '\0')
		{
			hi = (unsigned char) c->p[1];
			c->p += 2;
		}
		/* only digit members are supported */
		if (lo < '0' || hi > '9' || lo > hi)
		{
			c->error = true;
			return 0;
		}
		for (int d = lo; d <= hi; d++)
			set |= (uint16_t) (1u << (d - '0'));
	}
	if (negate)
		set = (uint16_t) ((~set & 0x3FF) | RX_SET_OTHER);
	return set;
}

/*
 * Append one optional iteration: SPLIT +1, end; [MARK reg]; a copy of the
 * fragment prog[body .. body+len-1]; [PROGRESS reg].  reg < 0: unguarded.
 */
static void
rx_optional(RxCompiler *c, int body, int len, int reg, int end)
{
	int			s = rx_emit(c, RX_SPLIT);
	int			k;

	if (s < 0)
		return;
	c->prog[s].x = 1;
	c->prog[s].y = (int16_t) (end - s);
	if (reg >= 0)
	{
		if ((k = rx_emit(c, RX_MARK)) < 0)
			return;
		c->prog[k].c = (uint8_t) reg;
	}
	if (!rx_copy(c, body, len))
		return;
	if (reg >= 0)
	{
		if ((k = rx_emit(c, RX_PROGRESS)) < 0)
			return;
		c->prog[k].c = (uint8_t) reg;
	}
}

/*
 * Lay out the repetition {min,max} (max RX_INF for no bound) of the
 * fragment that starts at index a and ends at the current end.  nullable:
 * the fragment can match the empty string, so the iterations beyond min
 * are guarded to consume something.
 */
static void
rx_repeat(RxCompiler *c, int a, int min, int max, bool nullable)
{
	int			len = c->n - a;
	int			reg = -1;
	int			body;
	int			unit;
	int			end;
	int			i;
	int			k;

	if (max == 0)
	{
		c->n = a;				/* x{0} matches the empty string */
		return;
	}
	if (nullable && (max == RX_INF || max > min))
	{
		if (c->nregs >= RX_MAX_REGS)
		{
			c->error = true;
			return;
		}
		reg = c->nregs++;
	}
	/* size of one optional iteration */
	unit = len + 1 + (reg >= 0 ? 2 : 0);

	if (min == 0)
	{
		/* the fragment itself becomes the first optional iteration */
		if (rx_insert(c, a, RX_SPLIT) < 0)
			return;
		if (reg >= 0)
		{
			if (rx_insert(c, a + 1, RX_MARK) < 0)
				return;
			c->prog[a + 1].c = (uint8_t) reg;
			if ((k = rx_emit(c, RX_PROGRESS)) < 0)
				return;
			c->prog[k].c = (uint8_t) reg;
		}
		body = a + 1 + (reg >= 0 ? 1 : 0);
		c->prog[a].x = 1;
		if (max == RX_INF)
		{
			/* a: SPLIT +1, end ; [MARK] body [PROGRESS] ; JMP a */
			int			j = rx_emit(c, RX_JMP);

			if (j < 0)
				return;
			c->prog[j].x = (int16_t) (a - j);
			c->prog[a].y = (int16_t) (c->n - a);
			return;
		}
		end = a + max * unit;
		if (end > RX_MAX_INST)
		{
			c->error = true;
			return;
		}
		c->prog[a].y = (int16_t) (end - a);
		for (i = 1; i < max && !c->error; i++)
			rx_optional(c, body, len, reg, end);
		return;
	}

	/* min >= 1: min - 1 more mandatory copies */
	body = a;
	for (i = 1; i < min; i++)
		if (!rx_copy(c, body, len))
			return;
	if (max == RX_INF)
	{
		/* s: SPLIT +1, end ; [MARK] copy [PROGRESS] ; JMP s */
		int			s = c->n;
		int			j;

		rx_optional(c, body, len, reg, 0);
		if (c->error || (j = rx_emit(c, RX_JMP)) < 0)
			return;
		c->prog[j].x = (int16_t) (s - j);
		c->prog[s].y = (int16_t) (c->n - s);
		return;
	}
	end = c->n + (max - min) * unit;
	if (end > RX_MAX_INST)
	{
		c->error = true;
		return;
	}
	for (i = min; i < max && !c->error; i++)
		rx_optional(c, body, len, reg, end);
}

/* Compile one atom and the quantifier after it, if any */
static void
rx_compile_piece(RxCompiler *c)
{
	int			a = c->n;
	int			groups_before = c->ngroups;
	char		ch = *c->p;
	bool		atom_nullable = false;

	switch (ch)
	{
		case '(':
			c->p++;
			if (++c->depth > RX_MAX_DEPTH)
			{
				c->error = true;
				return;
			}
			if (c->p[0] == '?' && c->p[1] == ':')
			{
				c->p += 2;
				rx_compile_alt(c);
			}
			else
			{
				int			g = ++c->ngroups;
				int			s;

				if (g > DREGEX_MAX_GROUPS || (s = rx_emit(c, RX_SAVE)) < 0)
				{
					c->error = true;
					return;
				}
				c->prog[s].c = (uint8_t) (2 * g);
				rx_compile_alt(c);
				if ((s = rx_emit(c, RX_SAVE)) < 0)
					return;
				c->prog[s].c = (uint8_t) (2 * g + 1);
			}
			c->depth--;
			atom_nullable = c->nullable;
			if (c->error || *c->p != ')')
			{
				c->error = true;
				return;
			}
			c->p++;
			break;
		case '[':
			{
				int			s;
				uint16_t	set;

				c->p++;
				set = rx_class(c);
				if (c->error || (s = rx_emit(c, RX_SET)) < 0)
					return;
				c->prog[s].set = set;
			}
			break;
		case '\\':
			{
				char		e = c->p[1];
				int			s;

				if (e == 'd')
				{
					if ((s = rx_emit(c, RX_DIGIT)) < 0)
						return;
				}
				else if (e != '\0' && strchr("\\()[]{}|?*+.^$-", e) != NULL)
				{
					if ((s = rx_emit(c, RX_CHAR)) < 0)
						return;
					c->prog[s].c = (uint8_t) e;
				}
				else
				{
					c->error = true;
					return;
				}
				c->p += 2;
			}
			break;
		case '.':
			c->p++;
			if (rx_emit(c, RX_ANY) < 0)
				return;
			break;
		case '^':
			c->p++;
			if (rx_emit(c, RX_BOL) < 0)
				return;
			atom_nullable = true;
			break;
		case '$':
			c->p++;
			if (rx_emit(c, RX_EOL) < 0)
				return;
			atom_nullable = true;
			break;
		case ')':
		case '|':
		case '?':
		case '*':
		case '+':
		case '{':
		case ']':
		case '}':
		case '\0':
			c->error = true;
			return;
		default:
			{
				int			s = rx_emit(c, RX_CHAR);

				if (s < 0)
					return;
				c->prog[s].c = (uint8_t) ch;
				c->p++;
			}
			break;
	}

	/* a repeated atom with groups forgets them at each iteration */
	if (c->ngroups > groups_before && *c->p != '\0' &&
		strchr("?*+{", *c->p) != NULL)
	{
		if (rx_insert(c, a, RX_RESET) < 0)
			return;
		c->prog[a].c = (uint8_t) (groups_before + 1);
		c->prog[a].set = (uint16_t) c->ngroups;
	}

	/* quantifier */
	switch (*c->p)
	{
		case '?':
			c->p++;
			rx_repeat(c, a, 0, 1, atom_nullable);
			atom_nullable = true;
			break;
		case '*':
			c->p++;
			rx_repeat(c, a, 0, RX_INF, atom_nullable);
			atom_nullable = true;
			break;
		case '+':
			c->p++;
			rx_repeat(c, a, 1, RX_INF, atom_nullable);
			break;
		case '{':
			{
				int			min;
				int			max;

				c->p++;
				min = rx_number(c);
				max = min;
				if (min >= 0 && *c->p == ',')
				{
					c->p++;
					if (*c->p == '}')
						max = RX_INF;
					else if ((max = rx_number(c)) < 0)
						min = -1;	/* malformed bound */
				}
				if (min < 0 || *c->p != '}' || min > RX_MAX_REPEAT ||
					max > RX_MAX_REPEAT || (max != RX_INF && max < min))
				{
					c->error = true;
					return;
				}
				c->p++;
				rx_repeat(c, a, min, max, atom_nullable);
				if (min == 0)
					atom_nullable = true;
			}
			break;
		default:
			c->nullable = atom_nullable;
			return;
	}
	c->nullable = atom_nullable;
	/* a quantifier may not follow another (no lazy or possessive forms) */
	if (*c->p == '?' || *c->p == '*' || *c->p == '+' || *c->p == '{')
		c->error = true;
}

/* Compile a sequence of pieces up to '|', ')' or the end */
static void
rx_compile_seq(RxCompiler *c)
{
	bool		nullable = true;

	while (!c->error && *c->p != '\0' && *c->p != '|' && *c->p != ')')
	{
		rx_compile_piece(c);
		nullable = nullable && c->nullable;
	}
	c->nullable = nullable;
}

/*
 * Compile alternatives a|b|c as
 *		SPLIT L1, L2; L1: a; JMP end; L2: SPLIT L3, L4; L3: b; JMP end; L4: c
 * The pending JMPs are chained through their x field until end is known.
 */
static void
rx_compile_alt(RxCompiler *c)
{
	int			start = c->n;
	int			chain = -1;
	bool		nullable;

	rx_compile_seq(c);
	nullable = c->nullable;
	while (!c->error && *c->p == '|')
	{
		int			j;

		c->p++;
		if (rx_insert(c, start, RX_SPLIT) < 0)
			return;
		j = rx_emit(c, RX_JMP);
		if (j < 0)
			return;
		c->prog[j].x = (int16_t) (chain < 0 ? 0 : chain - j);
		chain = j;
		c->prog[start].x = 1;
		c->prog[start].y = (int16_t) (c->n - start);
		start = c->n;
		rx_compile_seq(c);
		nullable = nullable || c->nullable;
	}
	c->nullable = nullable;
	if (c->error)
		return;
	while (chain >= 0)
	{
		int			next;

		next = (c->prog[chain].x == 0) ? -1 : chain + c->prog[chain].x;

		c->prog[chain].x = (int16_t) (c->n - chain);
		chain = next;
	}
}

/*
 * First-character analysis, a cheap pre-check run before compiling: which
 * bytes can start a non-empty match (class bits, see RX_SET_OTHER), and
 * whether the pattern might match the empty string.  Both are
 * over-approximations (anchors count as possibly empty), so a subject whose
 * first byte is outside the set cannot match a pattern that cannot be
 * empty.  Sets *bad on anything unusual; the caller then compiles anyway
 * and the compiler reports the error.
 */
static const char *rx_first_alt(const char *p, int depth, uint16_t *set,
								bool *nullable, bool *bad);

static const char *
rx_first_piece(const char *p, int depth, uint16_t *set, bool *nullable,
			   bool *bad)
{
	*set = 0;
	*nullable = false;
	switch (*p)
	{
		case '(':
			p++;
			if (p[0] == '?' && p[1] == ':')
				p += 2;
			if (depth >= RX_MAX_DEPTH)
			{
				*bad = true;
				return p;
			}
			p = rx_first_alt(p, depth + 1, set, nullable, bad);
			if (*bad || *p != ')')
			{
				*bad = true;
				return p;
			}
			p++;
			break;
		case '[':
			{
				RxCompiler	c;

				memset(&c, 0, sizeof(c));
				c.p = p + 1;
				*set = rx_class(&c);
				if (c.error)
				{
					*bad = true;
					return p;
				}
				p = c.p;
			}
			break;
		case '\\':
			if (p[1] == 'd')
				*set = 0x3FF;
			else if (p[1] != '\0' && strchr("\\()[]{}|?*+.^$-", p[1]) != NULL)
				*set = RX_SET_OTHER;	/* an escaped metacharacter */
			else
			{
				*bad = true;
				return p;
			}
			p += 2;
			break;
		case '.':
			*set = 0x3FF | RX_SET_OTHER;
			p++;
			break;
		case '^':
		case '$':
			*nullable = true;
			p++;
			break;
		default:
			if (*p >= '0' && *p <= '9')
				*set = (uint16_t) (1u << (*p - '0'));
			else if (strchr("?*+{}]", *p) != NULL)
			{
				*bad = true;
				return p;
			}
			else
				*set = RX_SET_OTHER;
			p++;
			break;
	}

	/* quantifier */
	if (*p == '?' || *p == '*')
	{
		*nullable = true;
		p++;
	}
	else if (*p == '+')
		p++;
	else if (*p == '{')
	{
		p++;
		if (*p == '0')
			*nullable = true;
		while (*p != '}' && *p != '\0')
			p++;
		if (*p == '\0')
		{
			*bad = true;
			return p;
		}
		p++;
	}
	return p;
}

/*
 * Skip the rest of a sequence: return the first '|' or ')' at this level
 * (or the end of the pattern), stepping over groups, classes and escapes.
 */
static const char *
rx_skip_seq(const char *p)
{
	int			depth = 0;

	for (;;)
	{
		switch (*p)
		{
			case '\0':
				return p;
			case '\\':
				p += (p[1] != '\0') ? 2 : 1;
				continue;
			case '[':
				p++;
				if (*p == '^')
					p++;
				if (*p == ']')
					p++;
				while (*p != '\0' && *p != ']')
					p++;
				if (*p == ']')
					p++;
				continue;
			case '(':
				depth++;
				break;
			case ')':
				if (depth == 0)
					return p;
				depth--;
				break;
			case '|':
				if (depth == 0)
					return p;
				break;
			default:
				break;
		}
		p++;
	}
}

static const char *
rx_first_alt(const char *p, int depth, uint16_t *set, bool *nullable,
			 bool *bad)
{
	*set = 0;
	*nullable = false;
	for (;;)
	{
		uint16_t	seq_set = 0;
		bool		seq_nullable = true;

		while (!*bad && *p != '\0' && *p != '|' && *p != ')')
		{
			uint16_t	ps;
			bool		pn;

			p = rx_first_piece(p, depth, &ps, &pn, bad);
			seq_set |= ps;
			seq_nullable = pn;
			if (!seq_nullable)
			{
				/* later pieces cannot start the match */
				p = rx_skip_seq(p);
				break;
			}
		}
		if (*bad)
			return p;
		*set |= seq_set;
		*nullable = *nullable || seq_nullable;
		if (*p != '|')
			return p;
		p++;
	}
}

/* Does subject byte ch belong to class set? */
static inline bool
rx_in_set(uint16_t set, unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return (set >> (ch - '0')) & 1;
	return (set & RX_SET_OTHER) != 0;
}

/*
 * Compile and run; see digit_regex.h.
 */
DRegexResult
dregex_run(const char *pattern, const char *subject, int len, bool whole,
		   DRegexMatch *m)
{
	RxInst		prog[RX_MAX_INST];
	RxCompiler	c;
	int			slots[RX_NSLOTS];
	int32_t		stack[RX_MAX_STACK][2];
	int			sp_top = 0;
	uint8_t		visited[(RX_MAX_INST * (DREGEX_MAX_SUBJECT + 1) + 7) / 8];
	int			width;
	bool		memo;
	long		steps = 0;
	int			pc;
	int			sp;
	int			i;
	int			s;

	if (pattern == NULL || len < 0 || len > DREGEX_MAX_SUBJECT)
		return DREGEX_ERROR;

	/* fast path: a pattern of plain digits, such as most national prefixes */
	for (i = 0; pattern[i] >= '0' && pattern[i] <= '9'; i++)
		;
	if (pattern[i] == '\0')
	{
		if (i > len || (whole && i != len))
			return DREGEX_NOMATCH;
		for (s = 0; s < i; s++)
			if (pattern[s] != subject[s])
				return DREGEX_NOMATCH;
		if (m != NULL)
		{
			m->ngroups = 0;
			for (s = 0; s <= DREGEX_MAX_GROUPS; s++)
				m->start[s] = m->end[s] = -1;
			m->start[0] = 0;
			m->end[0] = i;
		}
		return DREGEX_MATCH;
	}

	/* quick rejection on the first byte */
	{
		uint16_t	first;
		bool		nullable;
		bool		bad = false;

		const char *end = rx_first_alt(pattern, 0, &first, &nullable, &bad);

		if (!bad && *end == '\0' && !nullable &&
			(len == 0 || !rx_in_set(first, (unsigned char) subject[0])))
			return DREGEX_NOMATCH;
	}

	/* compile: SAVE 0, program, SAVE 1, MATCH */
	c.p = pattern;
	c.prog = prog;
	c.n = 0;
	c.ngroups = 0;
	c.nregs = 0;
	c.depth = 0;
	c.nullable = false;
	c.error = false;
	s = rx_emit(&c, RX_SAVE);
	prog[s].c = 0;
	rx_compile_alt(&c);
	if (!c.error && *c.p != '\0')
		c.error = true;			/* an unbalanced ')' */
	if (!c.error && (s = rx_emit(&c, RX_SAVE)) >= 0)
	{
		prog[s].c = 1;
		rx_emit(&c, RX_MATCH);
	}
	if (c.error)
		return DREGEX_ERROR;

	/* run */
	width = len + 1;
	memo = (c.nregs == 0);
	if (memo)
		memset(visited, 0, (size_t) (c.n * width + 7) / 8);
	for (i = 0; i < RX_NSLOTS; i++)
		slots[i] = -1;

	pc = 0;
	sp = 0;
	for (;;)
	{
		const RxInst *in;
		int			bit;
		bool		fail = false;

		bit = pc * width + sp;
		if (memo && (visited[bit >> 3] & (1u << (bit & 7))))
			fail = true;
		else if (!memo && ++steps > RX_MAX_STEPS)
			return DREGEX_ERROR;
		else
		{
			if (memo)
				visited[bit >> 3] |= (uint8_t) (1u << (bit & 7));
			in = &prog[pc];
			switch ((RxOp) in->op)
			{
				case RX_CHAR:
					if (sp < len && (unsigned char) subject[sp] == in->c)
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case RX_DIGIT:
					if (sp < len && subject[sp] >= '0' && subject[sp] <= '9')
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case RX_SET:
					if (sp < len &&
						rx_in_set(in->set, (unsigned char) subject[sp]))
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case RX_ANY:
					if (sp < len)
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case RX_SPLIT:
					if (sp_top >= RX_MAX_STACK)
						return DREGEX_ERROR;
					stack[sp_top][0] = pc + in->y;
					stack[sp_top][1] = sp;
					sp_top++;
					pc += in->x;
					break;
				case RX_JMP:
					pc += in->x;
					break;
				case RX_RESET:
					for (i = 2 * in->c; i <= 2 * in->set + 1; i++)
					{
						if (slots[i] < 0)
							continue;
						if (sp_top >= RX_MAX_STACK)
							return DREGEX_ERROR;
						stack[sp_top][0] = -1 - (int32_t) i;
						stack[sp_top][1] = slots[i];
						sp_top++;
						slots[i] = -1;
					}
					pc++;
					break;
				case RX_MARK:
					if (sp_top >= RX_MAX_STACK)
						return DREGEX_ERROR;
					stack[sp_top][0] = -1 - (int32_t) RX_REG_SLOT(in->c);
					stack[sp_top][1] = slots[RX_REG_SLOT(in->c)];
					sp_top++;
					slots[RX_REG_SLOT(in->c)] = sp;
					pc++;
					break;
				case RX_PROGRESS:
					if (slots[RX_REG_SLOT(in->c)] == sp)
						fail = true;
					else
						pc++;
					break;
				case RX_BOL:
					if (sp == 0)
						pc++;
					else
						fail = true;
					break;
				case RX_EOL:
					if (sp == len)
						pc++;
					else
						fail = true;
					break;
				case RX_SAVE:
					if (sp_top >= RX_MAX_STACK)
						return DREGEX_ERROR;
					/* remember the old value, to restore on backtracking */
					stack[sp_top][0] = -1 - (int32_t) in->c;
					stack[sp_top][1] = slots[in->c];
					sp_top++;
					slots[in->c] = sp;
					pc++;
					break;
				case RX_MATCH:
					if (whole && sp != len)
						fail = true;
					else
					{
						if (m != NULL)
						{
							m->ngroups = c.ngroups;
							for (i = 0; i <= DREGEX_MAX_GROUPS; i++)
							{
								bool		set = i <= c.ngroups &&
									slots[2 * i] >= 0 && slots[2 * i + 1] >= 0;

								m->start[i] = set ? slots[2 * i] : -1;
								m->end[i] = set ? slots[2 * i + 1] : -1;
							}
						}
						return DREGEX_MATCH;
					}
					break;
			}
		}
		if (!fail)
			continue;

		/* backtrack: restore captures until an alternative turns up */
		for (;;)
		{
			if (sp_top == 0)
				return DREGEX_NOMATCH;
			sp_top--;
			if (stack[sp_top][0] < 0)
				slots[-1 - stack[sp_top][0]] = stack[sp_top][1];
			else
			{
				pc = stack[sp_top][0];
				sp = stack[sp_top][1];
				break;
			}
		}
	}
}

/*
 * Expand "$n" references of tmpl; see digit_regex.h.
 */
int
dregex_expand(const char *tmpl, const char *subject, const DRegexMatch *m,
			  char *buf, int bufsize)
{
	int			n = 0;

	for (const char *t = tmpl; *t != '\0'; t++)
	{
		if (t[0] == '$' && t[1] >= '0' && t[1] <= '9')
		{
			int			g = t[1] - '0';

			t++;
			if (g <= DREGEX_MAX_GROUPS && m->start[g] >= 0)
			{
				for (int k = m->start[g]; k < m->end[g]; k++)
				{
					if (n < bufsize - 1)
						buf[n] = subject[k];
					n++;
				}
			}
			continue;
		}
		if (n < bufsize - 1)
			buf[n] = *t;
		n++;
	}
	if (bufsize > 0)
		buf[n < bufsize - 1 ? n : bufsize - 1] = '\0';
	return n;
}
