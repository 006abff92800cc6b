/*-------------------------------------------------------------------------
 *
 * dregex_emit.c
 *	  Compiles regular expressions of the numbering-plan metadata with the
 *	  compiler of the extension (src/core/digit_regex_compile.c), for
 *	  tools/gen_numplan_data.js, which builds and runs this program and
 *	  writes the programs into src/data/numplan_data.c.
 *
 * Reads one pattern a line on standard input and writes one line for each:
 *
 *	L							a pattern of plain digits (compared as it is)
 *	P ngroups nregs first first_known ninst op c set x y ...
 *								a program: the DRegexProgram fields, then
 *								the five fields of each instruction
 *	E							a pattern the compiler refuses
 *
 * Exit status 0, or 1 on a line longer than the buffer or an output error.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "digit_regex.h"

int
main(void)
{
	static DRegexInst inst[DREGEX_MAX_INST];
	char		line[8192];

	while (fgets(line, sizeof(line), stdin) != NULL)
	{
		DRegexProgram prog;
		size_t		n = strlen(line);

		if (n == 0 || line[n - 1] != '\n')
		{
			fprintf(stderr, "dregex_emit: line too long or not ended\n");
			return 1;
		}
		line[n - 1] = '\0';
		if (dregex_compile(line, inst, &prog) != DREGEX_MATCH)
		{
			puts("E");
			continue;
		}
		if (prog.literal != NULL)
		{
			puts("L");
			continue;
		}
		printf("P %d %d %d %d %d", prog.ngroups, prog.nregs, prog.first,
			   prog.first_known ? 1 : 0, prog.ninst);
		for (int i = 0; i < prog.ninst; i++)
			printf(" %d %d %d %d %d", inst[i].op, inst[i].c, inst[i].set,
				   inst[i].x, inst[i].y);
		putchar('\n');
	}
	if (fflush(stdout) != 0 || ferror(stdout))
	{
		fprintf(stderr, "dregex_emit: cannot write\n");
		return 1;
	}
	return 0;
}
