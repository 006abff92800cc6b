/*-------------------------------------------------------------------------
 *
 * digit_regex.c
 *	  Backtracking machine that runs the compiled patterns of the
 *	  numbering-plan metadata (see digit_regex.h for the syntax, and
 *	  digit_regex_compile.c for the compiler, which runs when the tables
 *	  are generated).
 *
 * A program is made of instructions in the style of Thompson/Pike
 * virtual machines:
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
 * Jumps are relative.  The machine keeps an explicit stack of alternatives
 * and of capture slots to restore, and a bitmap of the (instruction,
 * position) pairs already visited: a pair seen before has already been
 * explored without success, so it is skipped.  That bounds the work by
 * program size x (subject length + 1) while keeping the leftmost-first,
 * greedy semantics of Java and JavaScript.
 *
 * A program with loop registers (a repeated part that can match the empty
 * string, as in "(?:|5)?"; none in the metadata) depends on more than the
 * (instruction, position) pair, so it runs without the bitmap and with a
 * step limit instead, giving DREGEX_ERROR when it is reached.
 *
 * Everything lives on the C stack of the call (about 20 kB); sizes are
 * fixed by the constants below and exceeding any of them gives
 * DREGEX_ERROR.
 *
 *-------------------------------------------------------------------------
 */
#include "digit_regex.h"

#include <string.h>

#define RX_MAX_STACK	1024	/* backtracking entries */
#define RX_MAX_STEPS	200000	/* steps of a program with loop registers */
#define RX_NSLOTS		(2 * (DREGEX_MAX_GROUPS + 1) + DREGEX_MAX_REGS)
#define RX_REG_SLOT(r)	(2 * (DREGEX_MAX_GROUPS + 1) + (r))

/*
 * Run a compiled program; see digit_regex.h.
 */
DRegexResult
dregex_exec(const DRegexProgram *prog, const char *subject, int len,
			bool whole, DRegexMatch *m)
{
	const DRegexInst *code;
	int			slots[RX_NSLOTS];
	int32_t		stack[RX_MAX_STACK][2];
	int			sp_top = 0;
	uint8_t		visited[(DREGEX_MAX_INST * (DREGEX_MAX_SUBJECT + 1) + 7) / 8];
	int			width;
	bool		memo;
	long		steps = 0;
	int			pc;
	int			sp;
	int			i;

	if (prog == NULL || len < 0 || len > DREGEX_MAX_SUBJECT)
		return DREGEX_ERROR;

	/* a pattern of plain digits, such as most national prefixes */
	if (prog->literal != NULL)
	{
		const char *lit = prog->literal;
		int			n = (int) strlen(lit);

		if (n > len || (whole && n != len))
			return DREGEX_NOMATCH;
		if (memcmp(lit, subject, (size_t) n) != 0)
			return DREGEX_NOMATCH;
		if (m != NULL)
		{
			m->ngroups = 0;
			for (i = 0; i <= DREGEX_MAX_GROUPS; i++)
				m->start[i] = m->end[i] = -1;
			m->start[0] = 0;
			m->end[0] = n;
		}
		return DREGEX_MATCH;
	}

	/* quick rejection on the first byte */
	if (prog->first_known &&
		(len == 0 || !dregex_in_set(prog->first, (unsigned char) subject[0])))
		return DREGEX_NOMATCH;

	if (prog->inst == NULL || prog->ninst == 0 ||
		prog->ninst > DREGEX_MAX_INST || prog->ngroups > DREGEX_MAX_GROUPS ||
		prog->nregs > DREGEX_MAX_REGS)
		return DREGEX_ERROR;
	code = prog->inst;

	/* run */
	width = len + 1;
	memo = (prog->nregs == 0);
	if (memo)
		memset(visited, 0, (size_t) (prog->ninst * width + 7) / 8);
	for (i = 0; i < RX_NSLOTS; i++)
		slots[i] = -1;

	pc = 0;
	sp = 0;
	for (;;)
	{
		const DRegexInst *in;
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
			in = &code[pc];
			switch ((DRegexOp) in->op)
			{
				case DRX_CHAR:
					if (sp < len && (unsigned char) subject[sp] == in->c)
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case DRX_DIGIT:
					if (sp < len && subject[sp] >= '0' && subject[sp] <= '9')
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case DRX_SET:
					if (sp < len &&
						dregex_in_set(in->set, (unsigned char) subject[sp]))
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case DRX_ANY:
					if (sp < len)
					{
						sp++;
						pc++;
					}
					else
						fail = true;
					break;
				case DRX_SPLIT:
					if (sp_top >= RX_MAX_STACK)
						return DREGEX_ERROR;
					stack[sp_top][0] = pc + in->y;
					stack[sp_top][1] = sp;
					sp_top++;
					pc += in->x;
					break;
				case DRX_JMP:
					pc += in->x;
					break;
				case DRX_RESET:
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
				case DRX_MARK:
					if (sp_top >= RX_MAX_STACK)
						return DREGEX_ERROR;
					stack[sp_top][0] = -1 - (int32_t) RX_REG_SLOT(in->c);
					stack[sp_top][1] = slots[RX_REG_SLOT(in->c)];
					sp_top++;
					slots[RX_REG_SLOT(in->c)] = sp;
					pc++;
					break;
				case DRX_PROGRESS:
					if (slots[RX_REG_SLOT(in->c)] == sp)
						fail = true;
					else
						pc++;
					break;
				case DRX_BOL:
					if (sp == 0)
						pc++;
					else
						fail = true;
					break;
				case DRX_EOL:
					if (sp == len)
						pc++;
					else
						fail = true;
					break;
				case DRX_SAVE:
					if (sp_top >= RX_MAX_STACK)
						return DREGEX_ERROR;
					/* remember the old value, to restore on backtracking */
					stack[sp_top][0] = -1 - (int32_t) in->c;
					stack[sp_top][1] = slots[in->c];
					sp_top++;
					slots[in->c] = sp;
					pc++;
					break;
				case DRX_MATCH:
					if (whole && sp != len)
						fail = true;
					else
					{
						if (m != NULL)
						{
							m->ngroups = prog->ngroups;
							for (i = 0; i <= DREGEX_MAX_GROUPS; i++)
							{
								bool		set = i <= prog->ngroups &&
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
