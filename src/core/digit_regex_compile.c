/*-------------------------------------------------------------------------
 *
 * digit_regex_compile.c
 *	  Compiler of the regular-expression subset of the numbering-plan
 *	  metadata (see digit_regex.h for the syntax) into programs for the
 *	  machine of digit_regex.c.
 *
 * Not part of the extension: tools/dregex_emit.c uses it when
 * src/data/numplan_data.c is generated, to write every pattern that runs
 * at run time as a compiled program, and the unit tests use it to try
 * patterns of their own and to check those programs.
 *
 * Counted repetition "{n,m}" is laid out as copies of the compiled
 * fragment (jumps are relative, so a fragment can be copied).  A repeated
 * part that can match the empty string (as in "(?:|5)?") is compiled as
 * JavaScript runs it: an iteration beyond the minimum count must consume
 * something (ECMAScript's RepeatMatcher), which MARK and PROGRESS enforce;
 * such a program has loop registers (nregs > 0), and the machine runs it
 * under a step limit.
 *
 * A pattern of plain digits (most national prefixes) is not compiled: its
 * program is the literal, compared directly.  A scan of the pattern finds
 * the bytes that can start a match, so that the machine refuses a subject
 * starting with any other byte at once.
 *
 *-------------------------------------------------------------------------
 */
#include "digit_regex.h"

#include <string.h>

#define RX_MAX_DEPTH	32		/* group nesting */
#define RX_MAX_REPEAT	32		/* largest n or m in {n,m} */
#define RX_INF			(-1)

typedef struct RxCompiler
{
	const char *p;				/* next pattern character */
	DRegexInst	   *prog;
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
rx_emit(RxCompiler *c, DRegexOp op)
{
	DRegexInst	   *in;

	if (c->n >= DREGEX_MAX_INST)
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
rx_insert(RxCompiler *c, int at, DRegexOp op)
{
	if (c->n >= DREGEX_MAX_INST)
	{
		c->error = true;
		return -1;
	}
	memmove(&c->prog[at + 1], &c->prog[at],
			(size_t) (c->n - at) * sizeof(DRegexInst));
	c->n++;
	memset(&c->prog[at], 0, sizeof(DRegexInst));
	c->prog[at].op = (uint8_t) op;
	return at;
}

/* Append a copy of the fragment prog[from .. from+len-1] */
static bool
rx_copy(RxCompiler *c, int from, int len)
{
	if (c->n + len > DREGEX_MAX_INST)
	{
		c->error = true;
		return false;
	}
	memcpy(&c->prog[c->n], &c->prog[from], (size_t) len * sizeof(DRegexInst));
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
		set = (uint16_t) ((~set & 0x3FF) | DREGEX_SET_OTHER);
	return set;
}

/*
 * Append one optional iteration: SPLIT +1, end; [MARK reg]; a copy of the
 * fragment prog[body .. body+len-1]; [PROGRESS reg].  reg < 0: unguarded.
 */
static void
rx_optional(RxCompiler *c, int body, int len, int reg, int end)
{
	int			s = rx_emit(c, DRX_SPLIT);
	int			k;

	if (s < 0)
		return;
	c->prog[s].x = 1;
	c->prog[s].y = (int16_t) (end - s);
	if (reg >= 0)
	{
		if ((k = rx_emit(c, DRX_MARK)) < 0)
			return;
		c->prog[k].c = (uint8_t) reg;
	}
	if (!rx_copy(c, body, len))
		return;
	if (reg >= 0)
	{
		if ((k = rx_emit(c, DRX_PROGRESS)) < 0)
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
		if (c->nregs >= DREGEX_MAX_REGS)
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
		if (rx_insert(c, a, DRX_SPLIT) < 0)
			return;
		if (reg >= 0)
		{
			if (rx_insert(c, a + 1, DRX_MARK) < 0)
				return;
			c->prog[a + 1].c = (uint8_t) reg;
			if ((k = rx_emit(c, DRX_PROGRESS)) < 0)
				return;
			c->prog[k].c = (uint8_t) reg;
		}
		body = a + 1 + (reg >= 0 ? 1 : 0);
		c->prog[a].x = 1;
		if (max == RX_INF)
		{
			/* a: SPLIT +1, end ; [MARK] body [PROGRESS] ; JMP a */
			int			j = rx_emit(c, DRX_JMP);

			if (j < 0)
				return;
			c->prog[j].x = (int16_t) (a - j);
			c->prog[a].y = (int16_t) (c->n - a);
			return;
		}
		end = a + max * unit;
		if (end > DREGEX_MAX_INST)
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
		if (c->error || (j = rx_emit(c, DRX_JMP)) < 0)
			return;
		c->prog[j].x = (int16_t) (s - j);
		c->prog[s].y = (int16_t) (c->n - s);
		return;
	}
	end = c->n + (max - min) * unit;
	if (end > DREGEX_MAX_INST)
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

				if (g > DREGEX_MAX_GROUPS || (s = rx_emit(c, DRX_SAVE)) < 0)
				{
					c->error = true;
					return;
				}
				c->prog[s].c = (uint8_t) (2 * g);
				rx_compile_alt(c);
				if ((s = rx_emit(c, DRX_SAVE)) < 0)
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
				if (c->error || (s = rx_emit(c, DRX_SET)) < 0)
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
					if ((s = rx_emit(c, DRX_DIGIT)) < 0)
						return;
				}
				else if (e != '\0' && strchr("\\()[]{}|?*+.^$-", e) != NULL)
				{
					if ((s = rx_emit(c, DRX_CHAR)) < 0)
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
			if (rx_emit(c, DRX_ANY) < 0)
				return;
			break;
		case '^':
			c->p++;
			if (rx_emit(c, DRX_BOL) < 0)
				return;
			atom_nullable = true;
			break;
		case '$':
			c->p++;
			if (rx_emit(c, DRX_EOL) < 0)
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
				int			s = rx_emit(c, DRX_CHAR);

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
		if (rx_insert(c, a, DRX_RESET) < 0)
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
		if (rx_insert(c, start, DRX_SPLIT) < 0)
			return;
		j = rx_emit(c, DRX_JMP);
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
 * bytes can start a non-empty match (class bits, see DREGEX_SET_OTHER), and
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
				*set = DREGEX_SET_OTHER;	/* an escaped metacharacter */
			else
			{
				*bad = true;
				return p;
			}
			p += 2;
			break;
		case '.':
			*set = 0x3FF | DREGEX_SET_OTHER;
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
				*set = DREGEX_SET_OTHER;
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

/*
 * Compile pattern; see digit_regex.h.
 */
DRegexResult
dregex_compile(const char *pattern, DRegexInst *inst, DRegexProgram *prog)
{
	RxCompiler	c;
	int			i;
	int			s;

	memset(prog, 0, sizeof(*prog));
	if (pattern == NULL)
		return DREGEX_ERROR;

	/* a pattern of plain digits, such as most national prefixes */
	for (i = 0; pattern[i] >= '0' && pattern[i] <= '9'; i++)
		;
	if (pattern[i] == '\0')
	{
		prog->literal = pattern;
		return DREGEX_MATCH;
	}

	/* the bytes that can start a match */
	{
		uint16_t	first;
		bool		nullable;
		bool		bad = false;
		const char *end = rx_first_alt(pattern, 0, &first, &nullable, &bad);

		if (!bad && *end == '\0' && !nullable)
		{
			prog->first = first;
			prog->first_known = true;
		}
	}

	/* compile: SAVE 0, program, SAVE 1, MATCH */
	c.p = pattern;
	c.prog = inst;
	c.n = 0;
	c.ngroups = 0;
	c.nregs = 0;
	c.depth = 0;
	c.nullable = false;
	c.error = false;
	s = rx_emit(&c, DRX_SAVE);
	inst[s].c = 0;
	rx_compile_alt(&c);
	if (!c.error && *c.p != '\0')
		c.error = true;			/* an unbalanced ')' */
	if (!c.error && (s = rx_emit(&c, DRX_SAVE)) >= 0)
	{
		inst[s].c = 1;
		rx_emit(&c, DRX_MATCH);
	}
	if (c.error)
		return DREGEX_ERROR;
	prog->inst = inst;
	prog->ninst = (uint16_t) c.n;
	prog->ngroups = (uint8_t) c.ngroups;
	prog->nregs = (uint8_t) c.nregs;
	return DREGEX_MATCH;
}

/*
 * Compile and run; see digit_regex.h.
 */
DRegexResult
dregex_run(const char *pattern, const char *subject, int len, bool whole,
		   DRegexMatch *m)
{
	DRegexInst	inst[DREGEX_MAX_INST];
	DRegexProgram prog;

	if (pattern == NULL || len < 0 || len > DREGEX_MAX_SUBJECT)
		return DREGEX_ERROR;
	if (dregex_compile(pattern, inst, &prog) != DREGEX_MATCH)
	{
		/* the early refusal may come before the error */
		if (prog.first_known &&
			(len == 0 || !dregex_in_set(prog.first, (unsigned char) subject[0])))
			return DREGEX_NOMATCH;
		return DREGEX_ERROR;
	}
	return dregex_exec(&prog, subject, len, whole, m);
}
