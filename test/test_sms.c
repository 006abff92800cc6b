/*-------------------------------------------------------------------------
 *
 * test_sms.c
 *	  Unit test of the words of an SMS body (src/core/phone_sms.c).
 *
 * Build and run: make test-core (Makefile).  Prints one line per
 * failure and a summary; exits non-zero when anything failed.
 *
 *-------------------------------------------------------------------------
 */
#include "harness.h"
#include "phone_core.h"

#include <stdio.h>
#include <string.h>

/* the words of in (its first len bytes) are expected */
static void
expect_n(const char *in, size_t len, const char *expected)
{
	char		out[256];
	size_t		n;

	memset(out, 'x', sizeof(out));
	n = phone_sms_words(in, len, out);
	if (n == strlen(expected) && strcmp(out, expected) == 0 && n <= len)
		n_passed++;
	else
	{
		n_failed++;
		printf("FAIL: words of \"%.*s\": \"%s\" (%zu bytes), expected \"%s\"\n",
			   (int) len, in, out, n, expected);
	}
}

static void
expect(const char *in, const char *expected)
{
	expect_n(in, strlen(in), expected);
}

int
main(void)
{
	/* ASCII: case, punctuation, every kind of ASCII space */
	expect("STOP", "STOP");
	expect("stop", "STOP");
	expect("  Stop!  ", "STOP");
	expect("STOP.", "STOP");
	expect("Stop texting me", "STOP TEXTING ME");
	expect("opt-out", "OPT OUT");
	expect("\t\r\nSTOP\f\vALL\n", "STOP ALL");
	expect("don't", "DON T");
	expect("", "");
	expect("  ...!?  ", "");
	expect("a1b2", "A1B2");

	/* full-width forms, with the ideographic space */
	expect("\xEF\xBC\xB3\xEF\xBC\xB4\xEF\xBC\xAF\xEF\xBC\xB0", "STOP");
	expect("\xE3\x80\x80\xEF\xBD\x93\xEF\xBD\x94\xEF\xBD\x8F\xEF\xBD\x90\xEF\xBC\x81", "STOP");
	/* no-break, narrow no-break, em, figure spaces; line separator */
	expect("\xC2\xA0STOP", "STOP");
	expect("STOP\xE2\x80\xAF" "ALL", "STOP ALL");
	expect("STOP\xE2\x80\x83" "ALL\xE2\x80\x87", "STOP ALL");
	expect("STOP\xE2\x80\xA8" "ALL", "STOP ALL");
	/* zero-width characters and the soft hyphen do not split a word */
	expect("ST\xE2\x80\x8BOP", "STOP");
	expect("S\xC2\xADTOP\xEF\xBB\xBF", "STOP");
	expect("\xEF\xBB\xBFSTOP", "STOP");

	/* accents, precomposed and combining */
	expect("ARR\xC3\x8AT", "ARRET");
	expect("arr\xC3\xAAt", "ARRET");
	expect("ARRE\xCC\x82T", "ARRET");
	expect("NO M\xC3\x81S", "NO MAS");
	expect("no m\xC3\xA1s", "NO MAS");
	expect("d\xC3\xA9sabonner", "DESABONNER");
	expect("\xC5\x93uvre \xC3\x86ON stra\xC3\x9F" "e", "OEUVRE AEON STRASSE");
	expect("\xC4\xB3s \xC5\x81\xC3\xB3" "d\xC5\xBA", "IJS LODZ");
	expect("\xC3\x97\xC3\xB7", "");
	/* Spanish and French punctuation */
	expect("\xC2\xA1" "BAJA!", "BAJA");
	expect("\xC2\xBFparar?", "PARAR");
	expect("\xC2\xAB" "ARR\xC3\x8AT\xC2\xBB", "ARRET");
	expect("\xE2\x80\x9CStop\xE2\x80\x9D\xE2\x80\xA6", "STOP");
	expect("opt\xE2\x80\x91out", "OPT OUT");
	expect("opt\xE2\x80\x94out", "OPT OUT");
	/* mathematical, circled, squared letters; ligatures; superscripts */
	expect("\xF0\x9D\x90\x92\xF0\x9D\x90\x93\xF0\x9D\x90\x8E\xF0\x9D\x90\x8F", "STOP");
	expect("\xF0\x9D\x98\xB4\xF0\x9D\x98\xB5\xF0\x9D\x98\xB0\xF0\x9D\x98\xB1", "STOP");
	expect("\xE2\x93\x88\xE2\x93\x89\xE2\x93\x84\xE2\x93\x85", "STOP");
	expect("\xE2\x93\xA2\xE2\x93\xA3\xE2\x93\x9E\xE2\x93\x9F", "STOP");
	expect("\xF0\x9F\x84\xA2\xF0\x9F\x84\xA3\xF0\x9F\x84\x9E\xF0\x9F\x84\x9F", "STOP");
	expect("\xEF\xAC\x81nish", "FINISH");
	expect("x\xC2\xB2\xE2\x82\x83", "X23");
	/* emoji and symbols separate */
	expect("STOP\xF0\x9F\x9B\x91\xE2\x9C\x8B" "ALL", "STOP ALL");
	expect("STOP\xEF\xB8\x8F", "STOP");
	/* other scripts stay inside their word */
	expect("\xD0\xA1\xD0\xA2\xD0\x9E\xD0\x9F", "\xD0\xA1\xD0\xA2\xD0\x9E\xD0\x9F");
	expect("STOP\xD0\x96", "STOP\xD0\x96");
	expect("\xE5\x81\x9C\xE6\xAD\xA2 STOP", "\xE5\x81\x9C\xE6\xAD\xA2 STOP");
	/* bytes that are not UTF-8 are kept, one at a time */
	expect("ARR\xCAT", "ARR\xCAT");
	expect("\xFF" "STOP", "\xFF" "STOP");
	expect("\xE2\x80", "\xE2\x80");
	expect("\xED\xA0\x80", "\xED\xA0\x80");
	expect("\xC0\x80", "\xC0\x80");
	/* the length, not the NUL, ends the input */
	expect_n("STOP\0ALL", 8, "STOP ALL");
	expect_n("STOP ALL", 4, "STOP");

	return harness_report();
}
