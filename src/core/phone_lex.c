/*-------------------------------------------------------------------------
 *
 * phone_lex.c
 *	  Reading what people type: the character level of phone_parse(), and
 *	  the digits of a prefix for prefix search (phone_prefix_digits).
 *
 * phone_lex() turns the input into ASCII digits and a few flags; it knows
 * characters, not numbering plans:
 *
 *	- digits of every Unicode decimal-digit script (full-width, Arabic-Indic,
 *	  Devanagari, ...) read as the digits they are;
 *	- spaces, dashes, dots, slashes, parentheses and brackets (with their
 *	  Unicode and full-width look-alikes) are separators and are dropped;
 *	- one '+' (or full-width '＋') before the first digit marks an
 *	  international number; a '+' after a digit is an error;
 *	- white space and invisible characters (zero-width space, bidirectional
 *	  marks) are skipped; digits of two scripts in one number are an error;
 *	- "tel:" URIs (RFC 3966) with ";ext=", ";isub=" and ";phone-context=";
 *	  a label before the number ("Tel: 020 ...") is an error of its own;
 *	- an extension at the end of the input, after any marker libphonenumber
 *	  knows ("ext", "x", "#", "~", ",", ";", "int", "anexo", ...; see
 *	  find_extension), is split off (the caller decides what to do with it:
 *	  a phone value never stores one); a marker is never read as digits;
 *	- three letters or more after the first three digits are a vanity
 *	  number (1-800-FLOWERS) and read on the telephone keypad; fewer letters
 *	  are an error, never silently dropped;
 *	- anything else is an error that names the character and its position.
 *
 * phone_parse() then hands the digits to phone_resolve() (phone_resolve.c)
 * which applies the numbering plans.
 *
 * Where this differs from libphonenumber: libphonenumber skips leading and
 * trailing text it does not understand and drops stray letters; we refuse
 * such input, so that a value is never a silently altered version of what
 * was typed.  Every loop here reads the input once (the extension from its
 * end backwards), so the cost is linear in its length
 * (test/test_complexity.c).
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "phone_lex.h"
#include "unicode_digits.h"

/* Telephone keypad (ITU-T E.161) letters A..Z */
static const char keypad[26] = {
	'2', '2', '2', '3', '3', '3', '4', '4', '4', '5', '5', '5', '6', '6', '6',
	'7', '7', '7', '7', '8', '8', '8', '9', '9', '9', '9'
};

/*
 * utf8_next
 *		Decode the character at s[*i] (s has len bytes), advance *i past it
 *		and return its code point, or -1 for an invalid or truncated byte
 *		sequence (then *i advances by one byte).
 */
static int32_t
utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char c = s[*i];
	int			n;
	uint32_t	cp;
	uint32_t	min;
	int			k;

	if (c < 0x80)
	{
		(*i)++;
		return c;
	}
	if ((c & 0xE0) == 0xC0)
		n = 2, cp = c & 0x1F, min = 0x80;
	else if ((c & 0xF0) == 0xE0)
		n = 3, cp = c & 0x0F, min = 0x800;
	else if ((c & 0xF8) == 0xF0)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
	{
		(*i)++;
		return -1;
	}
	if (*i + n > len)
	{
		(*i)++;
		return -1;
	}
	for (k = 1; k < n; k++)
	{
		unsigned char cc = s[*i + k];

		if ((cc & 0xC0) != 0x80)
		{
			(*i)++;
			return -1;
		}
		cp = (cp << 6) | (cc & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
	{
		(*i)++;
		return -1;
	}
	*i += n;
	return (int32_t) cp;
}

/* Value 0..9 of a decimal digit of any script, or -1 */
static int
digit_value(int32_t cp)
{
	int			lo = 0;
	int			hi = UNICODE_N_DIGIT_ZEROS - 1;

	if (cp >= '0' && cp <= '9')
		return cp - '0';
	if (cp < 0x0660)
		return -1;
	/* last zero <= cp */
	while (lo < hi)
	{
		int			mid = (lo + hi + 1) / 2;

		if (unicode_digit_zeros[mid] <= (uint32_t) cp)
			lo = mid;
		else
			hi = mid - 1;
	}
	if ((uint32_t) cp >= unicode_digit_zeros[lo] && (uint32_t) cp < unicode_digit_zeros[lo] + 10)
		return (int) ((uint32_t) cp - unicode_digit_zeros[lo]);
	return -1;
}

/*
 * White space of any kind, and the invisible characters that text copied
 * from web pages carries along: zero-width space and word joiner, the
 * byte-order mark, and the bidirectional marks, embeddings, overrides and
 * isolates (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) that
 * right-to-left pages put around numbers
 */
static bool
is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		cp == '\v' || cp == '\f' || cp == 0x00A0 ||
		(cp >= 0x2000 && cp <= 0x200B) || cp == 0x200E || cp == 0x200F ||
		(cp >= 0x202A && cp <= 0x202F) || cp == 0x205F || cp == 0x2060 ||
		(cp >= 0x2066 && cp <= 0x2069) || cp == 0x3000 || cp == 0xFEFF;
}

/* Separators people put between digits (spaces included) */
static bool
is_separator(int32_t cp)
{
	switch (cp)
	{
		case '-':
		case '.':
		case '/':
		case '(':
		case ')':
		case '[':
		case ']':
		case '~':
		case 0x00AD:			/* soft hyphen */
		case 0x2053:			/* swung dash */
		case 0x2212:			/* minus sign */
		case 0x223C:			/* tilde operator */
		case 0x30FC:			/* katakana long sound mark */
		case 0xFF08:			/* full-width ( */
		case 0xFF09:			/* full-width ) */
		case 0xFF0D:			/* full-width - */
		case 0xFF0E:			/* full-width . */
		case 0xFF0F:			/* full-width / */
		case 0xFF3B:			/* full-width [ */
		case 0xFF3D:			/* full-width ] */
		case 0xFF5E:			/* full-width ~ */
			return true;
		default:
			/* white space, but not tabs or line breaks inside a number */
			return (cp >= 0x2010 && cp <= 0x2015) ||
				(is_space(cp) && (cp < 0x09 || cp > 0x0D));
	}
}

static bool
is_plus(int32_t cp)
{
	return cp == '+' || cp == 0xFF0B;
}

/* ASCII letter to upper case, anything else unchanged */
static int32_t
ascii_upper(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') ? cp - 'a' + 'A' : cp;
}

/* Does s[0..len) begin with the ASCII word w, ignoring case? */
static bool
starts_with_ci(const char *s, size_t len, const char *w)
{
	size_t		n = strlen(w);
	size_t		k;

	if (len < n)
		return false;
	for (k = 0; k < n; k++)
		if (ascii_upper((unsigned char) s[k]) != ascii_upper((unsigned char) w[k]))
			return false;
	return true;
}

/*
 * Append the digits of s[0..len) to a buffer of at most max digits.
 * Separators (and spaces) between digits are allowed.  Returns the number
 * of digits, or -1 if something else is there; a trailing '#' is allowed
 * when allow_hash.
 */
static int
read_digit_run(const char *s, size_t len, char *out, int max,
			   bool allow_hash)
{
	size_t		i = 0;
	int			n = 0;

	while (i < len)
	{
		size_t		at = i;
		int32_t		cp = utf8_next((const unsigned char *) s, len, &i);
		int			d = digit_value(cp);

		if (d >= 0)
		{
			if (n >= max)
				return -1;
			out[n++] = (char) ('0' + d);
		}
		else if (allow_hash && (cp == '#' || cp == 0xFF03) && n > 0)
		{
			/* only white space may follow */
			while (i < len)
			{
				at = i;
				cp = utf8_next((const unsigned char *) s, len, &i);
				if (!is_space(cp))
					return -1;
			}
			(void) at;
			break;
		}
		else if (!is_separator(cp))
			return -1;
	}
	out[n] = '\0';
	return n;
}

/* ---------------------------------------------------------------------
 * Extensions
 * ---------------------------------------------------------------------
 *
 * libphonenumber (PhoneNumberUtil.maybeStripExtension with the pattern of
 * createExtnPattern(true)) cuts an extension off the end of the input when
 * one of these matches up to the end, the extension being the last run of
 * digits, and what is left before the match is a viable number:
 *
 *	A	";ext=" digits{1,20}
 *	B	[ \u00A0\t,]* EXPLICIT [:.\uFF0E]? [ \u00A0\t,-]* digits{1,20} #?
 *	C	[ \u00A0\t,]* AMBIGUOUS [:.\uFF0E]? [ \u00A0\t,-]* digits{1,9} #?
 *	D	[- ]+ digits{1,6} #
 *	E	[ \u00A0\t]* (,,|;) [:.\uFF0E]? [ \u00A0\t,-]* digits{1,15} #?
 *	F	[ \u00A0\t]* ,+ [:.\uFF0E]? [ \u00A0\t,-]* digits{1,9} #?
 *
 * EXPLICIT is e?xt(ensi(o\u0301?|\u00F3))?n?, \uFF45?\uFF58\uFF54\uFF4E?,
 * \u0434\u043E\u0431 or anexo; AMBIGUOUS is x, \uFF58, #, \uFF03, ~, \uFF5E,
 * int or \uFF49\uFF4E\uFF54; labels match without regard to case.  A
 * regular-expression search tries every start position from the left and
 * costs quadratic time on inputs such as "1,,,,...".  Every alternative
 * ends with the same run of digits, so we read the input backwards once
 * instead: the run of digits, the separators before it, the label, the
 * separators before the label, and keep the leftmost start any alternative
 * allows, which is where the regular expression would match.
 */

/*
 * utf8_prev
 *		Decode the character that ends at s[end] (s[lo..end) is valid UTF-8,
 *		which phone_lex checked first), set *start to its first byte and
 *		return its code point.
 */
static int32_t
utf8_prev(const unsigned char *s, size_t lo, size_t end, size_t *start)
{
	size_t		j = end - 1;
	size_t		k;

	while (j > lo && (s[j] & 0xC0) == 0x80 && end - j < 4)
		j--;
	*start = j;
	k = j;
	return utf8_next(s, end, &k);
}

/* Lower case of the letters that extension labels are written with */
static int32_t
fold_case(int32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') ||
		(cp >= 0x00C0 && cp <= 0x00DE && cp != 0x00D7) ||	/* Latin-1 */
		(cp >= 0x0410 && cp <= 0x042F) ||	/* Cyrillic */
		(cp >= 0xFF21 && cp <= 0xFF3A)) /* full-width */
		return cp + 0x20;
	return cp;
}

/* Labels (lower case, UTF-8) that allow 20 extension digits */
static const char *const explicit_labels[] = {
	"ext", "xt", "extn", "xtn",
	"extensio", "xtensio", "extension", "xtension",
	"extensio\xcc\x81", "xtensio\xcc\x81", "extensio\xcc\x81n", "xtensio\xcc\x81n",
	"extensi\xc3\xb3", "xtensi\xc3\xb3", "extensi\xc3\xb3n", "xtensi\xc3\xb3n",
	"\xef\xbd\x85\xef\xbd\x98\xef\xbd\x94", "\xef\xbd\x98\xef\xbd\x94",
	"\xef\xbd\x85\xef\xbd\x98\xef\xbd\x94\xef\xbd\x8e", "\xef\xbd\x98\xef\xbd\x94\xef\xbd\x8e",
	"\xd0\xb4\xd0\xbe\xd0\xb1", "anexo", NULL
};

/* Labels that are also used otherwise: 9 extension digits at most */
static const char *const ambiguous_labels[] = {
	"x", "\xef\xbd\x98", "#", "\xef\xbc\x83", "~", "\xef\xbd\x9e", "int",
	"\xef\xbd\x89\xef\xbd\x8e\xef\xbd\x94", NULL
};

/*
 * The start of the longest label of the list that ends at s[end], not
 * before lo, compared without regard to case; SIZE_MAX when none does.
 * Labels are a few characters long, so this costs constant time.
 */
static size_t
label_before(const unsigned char *s, size_t lo, size_t end,
			 const char *const *labels)
{
	size_t		best = SIZE_MAX;

	for (int k = 0; labels[k] != NULL; k++)
	{
		const unsigned char *w = (const unsigned char *) labels[k];
		size_t		wi = strlen(labels[k]);
		size_t		si = end;

		while (wi > 0 && si > lo)
		{
			size_t		ws;
			size_t		ss;
			int32_t		wc = utf8_prev(w, 0, wi, &ws);
			int32_t		sc = utf8_prev(s, lo, si, &ss);

			if (fold_case(sc) != wc)
				break;
			wi = ws;
			si = ss;
		}
		if (wi == 0 && si < best)
			best = si;
	}
	return best;
}

/* Characters libphonenumber allows between the number and a label */
static bool
ext_space_or_comma(int32_t cp)
{
	return cp == ' ' || cp == 0x00A0 || cp == '\t' || cp == ',';
}

/* ... between the ",," or ";" of automatic dialling and the number */
static bool
ext_space(int32_t cp)
{
	return cp == ' ' || cp == 0x00A0 || cp == '\t';
}

/* ... between a label and the extension's digits */
static bool
ext_after_label(int32_t cp)
{
	return ext_space_or_comma(cp) || cp == '-';
}

/* Step back from at over the characters that pass test; returns the start */
static size_t
skip_back(const unsigned char *s, size_t lo, size_t at, bool (*test) (int32_t))
{
	while (at > lo)
	{
		size_t		j;

		if (!test(utf8_prev(s, lo, at, &j)))
			break;
		at = j;
	}
	return at;
}

/*
 * libphonenumber's isViablePhoneNumber, as far as it matters here: what
 * comes before the extension holds three digits or more, or is exactly two
 * digits.  (What else it holds is judged when it is read as the number.)
 */
static bool
viable_number(const unsigned char *s, size_t lo, size_t end)
{
	int			digits = 0;
	int			chars = 0;

	for (size_t i = lo; i < end && digits < 3;)
	{
		if (digit_value(utf8_next(s, end, &i)) >= 0)
			digits++;
		chars++;
	}
	return digits >= 3 || (digits == 2 && chars == 2);
}

/*
 * find_extension
 *		If input[lo..end) ends with an extension (see above), write its
 *		digits and a NUL into ext, set *cut to where the number before it
 *		ends and *ends_with_hash to whether a "#" follows the extension, and
 *		return true; otherwise return false.  Linear in end - lo.
 */
static bool
find_extension(const char *input, size_t lo, size_t end, size_t *cut,
			   char *ext, bool *ends_with_hash)
{
	const unsigned char *u = (const unsigned char *) input;
	size_t		e = end;
	size_t		d0;
	size_t		r0;
	size_t		label_end;
	size_t		first_comma = SIZE_MAX; /* leftmost ',' in the separators */
	size_t		first_pair = SIZE_MAX;	/* leftmost ",," in them */
	size_t		best = SIZE_MAX;
	size_t		j;
	size_t		k;
	int			ndigits = 0;
	bool		hash = false;
	bool		colon = false;

	/* punctuation after the extension, then libphonenumber's "#" suffix */
	while (e > lo && is_separator(utf8_prev(u, lo, e, &j)))
		e = j;
	if (e > lo && u[e - 1] == '#')
	{
		hash = true;
		e--;
	}

	/* the digits */
	d0 = e;
	while (d0 > lo && digit_value(utf8_prev(u, lo, d0, &j)) >= 0)
	{
		d0 = j;
		if (++ndigits > PHONE_MAX_EXT_DIGITS)
			return false;		/* longer than any alternative allows */
	}
	if (ndigits == 0)
		return false;

	/* A: ";ext=" */
	if (!hash && d0 - lo >= 5 && starts_with_ci(input + d0 - 5, 5, ";ext="))
		best = d0 - 5;

	/* D: "- 503#" */
	if (hash && ndigits <= 6)
	{
		k = d0;
		while (k > lo && (u[k - 1] == ' ' || u[k - 1] == '-'))
			k--;
		if (k < d0 && k < best)
			best = k;
	}

	/* the separators before the digits */
	r0 = d0;
	while (r0 > lo)
	{
		int32_t		cp = utf8_prev(u, lo, r0, &j);

		if (!ext_after_label(cp))
			break;
		if (cp == ',')
		{
			first_comma = j;
			if (j + 1 < d0 && u[j + 1] == ',')
				first_pair = j;
		}
		r0 = j;
	}
	label_end = r0;
	if (r0 > lo)
	{
		int32_t		cp = utf8_prev(u, lo, r0, &j);

		if (cp == ':' || cp == '.' || cp == 0xFF0E)
		{
			label_end = j;
			colon = true;
		}
	}

	/* B and C: a label */
	if (ndigits <= PHONE_MAX_EXT_DIGITS &&
		(k = label_before(u, lo, label_end, explicit_labels)) != SIZE_MAX)
	{
		k = skip_back(u, lo, k, ext_space_or_comma);
		if (k < best)
			best = k;
	}
	if (ndigits <= 9 &&
		(k = label_before(u, lo, label_end, ambiguous_labels)) != SIZE_MAX)
	{
		k = skip_back(u, lo, k, ext_space_or_comma);
		if (k < best)
			best = k;
	}

	/* E: ",," or ";" before the separators, or ",," among them */
	if (ndigits <= 15)
	{
		k = SIZE_MAX;
		if (label_end > lo && u[label_end - 1] == ';')
			k = label_end - 1;
		else if (label_end >= lo + 2 && u[label_end - 1] == ',' &&
				 u[label_end - 2] == ',')
			k = label_end - 2;
		else if (first_pair != SIZE_MAX)
			k = first_pair;
		if (k != SIZE_MAX)
		{
			k = skip_back(u, lo, k, ext_space);
			if (k < best)
				best = k;
		}
	}

	/* F: commas before the separators (after a ':'), or among them */
	if (ndigits <= 9)
	{
		k = SIZE_MAX;
		if (colon && label_end > lo && u[label_end - 1] == ',')
		{
			k = label_end;
			while (k > lo && u[k - 1] == ',')
				k--;
		}
		else if (first_comma != SIZE_MAX)
			k = first_comma;
		if (k != SIZE_MAX)
		{
			k = skip_back(u, lo, k, ext_space);
			if (k < best)
				best = k;
		}
	}

	if (best == SIZE_MAX || !viable_number(u, lo, best))
		return false;

	/* the extension, in ASCII digits */
	ndigits = 0;
	for (size_t i = d0; i < e;)
		ext[ndigits++] = (char) ('0' + digit_value(utf8_next(u, e, &i)));
	ext[ndigits] = '\0';
	*cut = best;
	*ends_with_hash = hash;
	return true;
}

/*
 * Is s[0..n) (ASCII letters) a word of the extension labels?  Such a word
 * is never read as vanity letters: "ext. 12 34" or "x 1234567890" (an
 * extension that is not one run of digits, or is too long for its label)
 * must not become digits of the number.
 */
static bool
is_extension_word(const char *s, size_t n)
{
	static const char *const words[] = {
		"x", "xt", "ext", "xtn", "extn", "int", "anexo", "xtensio",
		"extensio", "xtension", "extension", NULL
	};

	for (int k = 0; words[k] != NULL; k++)
		if (strlen(words[k]) == n && starts_with_ci(s, n, words[k]))
			return true;
	return false;
}

/*
 * Does the bracket at s[open] hold a note, "(office)": two letters or more,
 * and nothing but ASCII letters, spaces and dots up to the closing bracket
 * or the end?
 */
static bool
is_note(const char *s, size_t open, size_t len)
{
	int			letters = 0;

	for (size_t k = open + 1; k < len && s[k] != ')' && s[k] != ']'; k++)
	{
		if ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z'))
			letters++;
		else if (s[k] != ' ' && s[k] != '.')
			return false;
	}
	return letters >= 2;
}

/* Record an error at byte offset pos */
static PhoneError
lex_error(PhoneError err, size_t pos, int *error_pos)
{
	*error_pos = (int) pos;
	return err;
}

/*
 * lex_number
 *		The number part (no extension, no URI syntax): digits, separators,
 *		a leading '+', vanity letters.  base is the offset of s within the
 *		whole input, for error positions.
 */
static PhoneError
lex_number(const char *s, size_t len, size_t base, PhoneLexed *lex,
		   int *error_pos)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0;
	int			letters = 0;
	int			digits_before_letters = -1;
	size_t		first_letter = 0;
	int32_t		zero = -1;		/* the zero of the digits' script */
	size_t		word = 0;		/* start of the last run of letters */
	size_t		word_end = 0;
	bool		in_word = false;
	size_t		paren = SIZE_MAX;	/* the open bracket we are in, if any */

	while (i < len)
	{
		size_t		at = i;
		int32_t		cp = utf8_next(u, len, &i);
		int			d;
		bool		letter = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');

		if (letter && !in_word)
			word = at;
		if (letter)
			word_end = i;
		in_word = letter;

		if (cp >= '0' && cp <= '9')
			d = cp - '0';
		else
			d = digit_value(cp);

		if (d >= 0)
		{
			/* digits of one script: mixed ones would not look like the value */
			if (zero < 0)
				zero = cp - d;
			else if (zero != cp - d)
				return lex_error(PHONE_ERR_MIXED_SCRIPTS, base + at, error_pos);
			if (lex->ndigits < PHONE_LEX_MAX_DIGITS)
				lex->digits[lex->ndigits] = (char) ('0' + d);
			lex->ndigits++;
		}
		else if (is_plus(cp))
		{
			if (lex->ndigits > 0 || lex->plus || letters > 0)
				return lex_error(PHONE_ERR_PLUS_POSITION, base + at, error_pos);
			lex->plus = true;
		}
		else if (letter && paren != SIZE_MAX && is_note(s, paren, len))
		{
			/*
			 * words in brackets, "(office)", are a note about the number,
			 * not a vanity number: name them, up to the closing bracket
			 */
			size_t		close = paren + 1;

			while (close < len && s[close] != ')' && s[close] != ']')
				close++;
			if (close < len)
				close++;
			lex->label_len = (int) (close - paren);
			lex->reason = "note";
			return lex_error(PHONE_ERR_LABEL, base + paren, error_pos);
		}
		else if (letter)
		{
			if (letters++ == 0)
			{
				first_letter = at;
				digits_before_letters = lex->ndigits;
			}
			if (lex->ndigits < PHONE_LEX_MAX_DIGITS)
				lex->digits[lex->ndigits] = keypad[ascii_upper(cp) - 'A'];
			lex->ndigits++;
		}
		else if (!is_separator(cp))
			return lex_error(PHONE_ERR_BAD_CHARACTER, base + at, error_pos);
		else if (cp == '(' || cp == '[' || cp == 0xFF08 || cp == 0xFF3B)
			paren = at;
		else if (cp == ')' || cp == ']' || cp == 0xFF09 || cp == 0xFF3D)
			paren = SIZE_MAX;
	}
	/* "ext. 12 34", "x 1234567890", "... ext": not an extension, nor digits */
	if (letters > 0 && is_extension_word(s + word, word_end - word))
	{
		lex->reason = "extension label";
		return lex_error(PHONE_ERR_LETTERS, base + word, error_pos);
	}

	if (lex->ndigits == 0)
		return PHONE_ERR_EMPTY;

	/* a vanity number: three letters or more, after three digits or more */
	if (letters > 0)
	{
		if (letters < 3 || digits_before_letters < 3)
			return lex_error(PHONE_ERR_LETTERS, base + first_letter, error_pos);
		lex->vanity = true;
	}
	if (lex->ndigits > PHONE_LEX_MAX_DIGITS)
		return PHONE_ERR_TOO_MANY_DIGITS;
	lex->digits[lex->ndigits] = '\0';
	return PHONE_OK;
}

/*
 * lex_tel_uri
 *		An RFC 3966 URI, s pointing just after "tel:".  The number part is
 *		"+" and digits (a global number) or digits (a local number), with
 *		the visual separators - . ( ); then parameters ";name=value".
 *		phone-context "+digits" puts those digits in front of a local
 *		number; a domain-name context says nothing about the country and
 *		leaves the number national.
 */
static PhoneError
lex_tel_uri(const char *s, size_t len, size_t base, PhoneLexed *lex,
			int *error_pos, const char **reason)
{
	size_t		numlen = 0;
	size_t		i;
	bool		global;
	bool		seen_ext = false;
	bool		seen_context = false;
	char		context[PHONE_LEX_MAX_DIGITS + 1];
	int			ncontext = 0;
	char		local[PHONE_LEX_MAX_DIGITS + 1];
	int			nlocal = 0;

	while (numlen < len && s[numlen] != ';')
		numlen++;
	if (numlen == 0)
	{
		*reason = "it has no number after \"tel:\"";
		return lex_error(PHONE_ERR_BAD_URI, base, error_pos);
	}
	global = (s[0] == '+');
	for (i = global ? 1 : 0; i < numlen; i++)
	{
		char		c = s[i];

		if (c >= '0' && c <= '9')
		{
			if (nlocal < PHONE_LEX_MAX_DIGITS)
				local[nlocal] = c;
			nlocal++;
		}
		else if (c != '-' && c != '.' && c != '(' && c != ')')
		{
			*reason = "its number may hold only digits and the separators - . ( )";
			return lex_error(PHONE_ERR_BAD_URI, base + i, error_pos);
		}
	}
	if (nlocal == 0)
		return PHONE_ERR_EMPTY;
	if (nlocal > PHONE_LEX_MAX_DIGITS)
	{
		lex->ndigits = nlocal;
		return PHONE_ERR_TOO_MANY_DIGITS;
	}

	/* parameters */
	i = numlen;
	while (i < len)
	{
		size_t		start = ++i;	/* skip ';' */
		size_t		end = start;
		size_t		eq;

		while (end < len && s[end] != ';')
			end++;
		eq = start;
		while (eq < end && s[eq] != '=')
			eq++;
		if (eq == start)
		{
			*reason = "it has an empty parameter";
			return lex_error(PHONE_ERR_BAD_URI, base + start, error_pos);
		}
		if (eq - start == 3 && starts_with_ci(s + start, 3, "ext"))
		{
			int			n;

			if (seen_ext || eq + 1 >= end)
			{
				*reason = "its ext parameter is repeated or empty";
				return lex_error(PHONE_ERR_BAD_URI, base + start, error_pos);
			}
			seen_ext = true;
			n = read_digit_run(s + eq + 1, end - eq - 1, lex->extension,
							   PHONE_MAX_EXT_DIGITS, false);
			if (n <= 0)
			{
				*reason = "its ext parameter must be 1 to 20 digits";
				return lex_error(PHONE_ERR_BAD_URI, base + eq + 1, error_pos);
			}
		}
		else if (eq - start == 13 && starts_with_ci(s + start, 13, "phone-context"))
		{
			if (seen_context || eq + 1 >= end)
			{
				*reason = "its phone-context parameter is repeated or empty";
				return lex_error(PHONE_ERR_BAD_URI, base + start, error_pos);
			}
			seen_context = true;
			if (global)
			{
				*reason = "a global number (one that starts with \"+\") takes no phone-context";
				return lex_error(PHONE_ERR_BAD_URI, base + start, error_pos);
			}
			if (s[eq + 1] == '+')
			{
				ncontext = read_digit_run(s + eq + 2, end - eq - 2, context,
										  PHONE_LEX_MAX_DIGITS, false);
				if (ncontext <= 0)
				{
					*reason = "its phone-context must be \"+\" and digits, or a domain name";
					return lex_error(PHONE_ERR_BAD_URI, base + eq + 1, error_pos);
				}
			}
			else
			{
				size_t		k;

				/* a domain name: letters, digits, '-' and '.' */
				for (k = eq + 1; k < end; k++)
				{
					char		c = s[k];

					if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
						  (c >= '0' && c <= '9') || c == '-' || c == '.'))
					{
						*reason = "its phone-context must be \"+\" and digits, or a domain name";
						return lex_error(PHONE_ERR_BAD_URI, base + k, error_pos);
					}
				}
			}
		}
		/* isub and any other parameter carry nothing we store */
		i = end;
	}

	lex->plus = global || ncontext > 0;
	if (ncontext + nlocal > PHONE_LEX_MAX_DIGITS)
	{
		lex->ndigits = ncontext + nlocal;
		return PHONE_ERR_TOO_MANY_DIGITS;
	}
	memcpy(lex->digits, context, ncontext);
	memcpy(lex->digits + ncontext, local, nlocal);
	lex->ndigits = ncontext + nlocal;
	lex->digits[lex->ndigits] = '\0';
	return PHONE_OK;
}

/*
 * A letter of a label: ASCII, or of the Latin-1 Supplement and Latin
 * Extended-A blocks ("T\u00e9l\u00e9phone", "Telef\u00f3n")
 */
static bool
is_label_letter(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		(cp >= 0x00C0 && cp <= 0x017F && cp != 0x00D7 && cp != 0x00F7);
}

/* Can a number begin with cp: a digit of any script, '+' or '('? */
static bool
starts_number(int32_t cp)
{
	return digit_value(cp) >= 0 || is_plus(cp) || cp == '(' || cp == 0xFF08;
}

/*
 * label_length
 *		When s[0..len) begins with a label, the length in bytes of the label
 *		(with its colon or dot), else 0.  A label is words of letters (and
 *		dots: "Tel. mobile"), then either a colon ("Tel: 020 ...",
 *		"T\u00e9l\u00e9phone : 01 ...", "Phone:+44 ...") or white space or a
 *		dot ("Mob. 07700 ...", "Fax +44 ..."), before what begins a number:
 *		a digit, '+' or '('.  "tel:" directly followed by the number is a
 *		tel: URI, unless the number is a local one with white space in it
 *		("Tel:020 7946 0000"), which no URI has.
 */
static size_t
label_length(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0;
	size_t		word_end = 0;	/* after the last letter or dot */
	size_t		after;
	size_t		j;
	int			letters = 0;
	int32_t		cp = -1;
	bool		colon;
	bool		lower = false;

	j = 0;
	if (len == 0 || !is_label_letter(utf8_next(u, len, &j)))
		return 0;
	while (i < len)
	{
		j = i;
		cp = utf8_next(u, len, &j);
		if (is_label_letter(cp))
		{
			letters++;
			if ((cp >= 'a' && cp <= 'z') || (cp >= 0x00DF && cp <= 0x00FF))
				lower = true;
		}
		else if (cp != '.' && !(is_space(cp) && cp != '\n' && cp != '\t'))
			break;
		if (!is_space(cp))
			word_end = j;
		i = j;
	}
	if (letters < 2 || i >= len)
		return 0;
	/* "ext. 123": an extension label without its number, said so later */
	{
		size_t		w = 0;

		while (w < word_end && is_label_letter((unsigned char) s[w]))
			w++;
		if (is_extension_word(s, w))
			return 0;
	}
	colon = (cp == ':' || cp == 0xFF1A);
	/*
	 * Without a colon: a dot after the words ("Mob. 07700 ..."), or white
	 * space before a '+' or '(' ("Fax +44 ..."), or before a digit when
	 * the words are not all capitals (a vanity word written before the
	 * digits, "FLOWERS 1800", is refused for its letters)
	 */
	if (!colon && s[word_end - 1] != '.' &&
		!(is_plus(cp) || cp == '(' || cp == 0xFF08) &&
		(word_end == i || !lower))
		return 0;
	after = i;
	if (colon)
		utf8_next(u, len, &after);
	j = after;
	while (j < len)
	{
		size_t		k = j;

		if (!is_space(utf8_next(u, len, &k)))
			break;
		j = k;
	}
	if (j >= len)
		return 0;
	{
		size_t		k = j;

		if (!starts_number(utf8_next(u, len, &k)))
			return 0;
	}
	/* "tel:+1-..." and "tel:7031-3000;phone-context=..." are URIs */
	if (colon && j == after && word_end == 3 && starts_with_ci(s, 3, "tel"))
	{
		size_t		k = after;

		if (is_plus(utf8_next(u, len, &k)))
			return 0;
		for (size_t sp = after; sp < len; sp++)
			if (s[sp] == ' ')
				return after;
		return 0;
	}
	return colon ? after : word_end;
}

/*
 * phone_lex
 *		Read input[0..len) into *lex; see the file header.
 */
PhoneError
phone_lex(const char *input, size_t len, PhoneLexed *lex, int *error_pos)
{
	const unsigned char *u = (const unsigned char *) input;
	size_t		start = 0;
	size_t		end = len;
	size_t		i;
	size_t		cut;
	size_t		label;
	PhoneError	err;
	const char *reason = NULL;

	memset(lex, 0, sizeof(*lex));
	*error_pos = -1;

	/*
	 * Fast path for the common case: ASCII digits and the ASCII separators
	 * space - . / ( ), after an optional leading '+' (phone_lex_ascii).  Such
	 * input has no tel: URI, no extension, no letters and nothing to trim,
	 * so what the general path below makes of it is exactly its digits;
	 * anything else (and every error) takes the general path.
	 */
	{
		size_t		plus = (len > 0 && input[0] == '+') ? 1 : 0;
		uint64_t	value;		/* not used here */
		uint64_t	sum;
		int			nd = phone_lex_ascii(input + plus, len - plus, false,
										 lex->digits, PHONE_LEX_MAX_DIGITS,
										 &value, &sum);

		if (nd > 0)
		{
			lex->digits[nd] = '\0';
			lex->ndigits = nd;
			lex->plus = (plus == 1);
			return PHONE_OK;
		}
		memset(lex, 0, sizeof(*lex));
	}

	/* refuse invalid UTF-8 and control characters before anything else */
	for (i = 0; i < len;)
	{
		size_t		at = i;
		int32_t		cp = utf8_next(u, len, &i);

		if (cp < 0 || (cp < 0x20 && !is_space(cp)) || cp == 0x7F)
			return lex_error(PHONE_ERR_BAD_CHARACTER, at, error_pos);
	}

	/* trim white space at both ends */
	while (start < end)
	{
		size_t		j = start;

		if (!is_space(utf8_next(u, end, &j)))
			break;
		start = j;
	}
	while (end > start)
	{
		size_t		j = end - 1;
		size_t		k;

		while (j > start && (u[j] & 0xC0) == 0x80)
			j--;
		k = j;
		if (!is_space(utf8_next(u, end, &k)))
			break;
		end = j;
	}
	if (start == end)
		return PHONE_ERR_EMPTY;

	/* "Tel: 020 7031 3000", "Phone: +1 ...": a label, then the number */
	if ((label = label_length(input + start, end - start)) > 0)
	{
		lex->label_len = (int) label;
		return lex_error(PHONE_ERR_LABEL, start, error_pos);
	}

	if (starts_with_ci(input + start, end - start, "tel:"))
	{
		err = lex_tel_uri(input + start + 4, end - start - 4, start + 4,
						  lex, error_pos, &reason);
		lex->reason = reason;
		return err;
	}

	/* an extension at the end */
	if (find_extension(input, start, end, &cut, lex->extension,
					   &lex->extension_hash))
		end = cut;

	return lex_number(input + start, end - start, start, lex, error_pos);
}

/*
 * phone_prefix_digits
 *		See phone_core.h.
 */
int
phone_prefix_digits(const char *text, size_t len, char *digits)
{
	const unsigned char *u = (const unsigned char *) text;
	size_t		i = 0;

	/* white space, then an optional '+' */
	while (i < len)
	{
		size_t		j = i;
		int32_t		cp = utf8_next(u, len, &j);

		if (is_plus(cp))
		{
			i = j;
			break;
		}
		if (!is_space(cp))
			break;
		i = j;
	}
	return read_digit_run(text + i, len - i, digits, PHONE_MAX_DIGITS, false);
}

/*
 * phone_lex_error_at
 *		See phone_lex.h.
 */
void
phone_lex_error_at(const char *input, size_t len, const PhoneLexed *lex,
				   int pos, PhoneParseResult *result)
{
	size_t		k;
	size_t		j = (size_t) pos;
	int32_t		cp;

	result->error_pos = pos;
	result->error_charpos = 1;
	for (k = 0; k < (size_t) pos; k++)
		if ((((const unsigned char *) input)[k] & 0xC0) != 0x80)
			result->error_charpos++;
	cp = j < len ? utf8_next((const unsigned char *) input, len, &j) : -1;
	if (cp >= 0x20 && cp != 0x7F && j - (size_t) pos < sizeof(result->error_char))
		memcpy(result->error_char, input + pos, j - (size_t) pos);
	/* a "#" that ends the input, with no extension after it */
	if (result->error == PHONE_ERR_BAD_CHARACTER &&
		(strcmp(result->error_char, "#") == 0 ||
		 strcmp(result->error_char, "\xef\xbc\x83") == 0))
	{
		size_t		next = j;
		bool		last = true;

		while (next < len && last)
			last = is_space(utf8_next((const unsigned char *) input, len, &next));
		if (last)
			result->reason = "hash";
	}
	if (result->error == PHONE_ERR_LABEL)
	{
		size_t		n = (size_t) lex->label_len;

		if (n >= sizeof(result->label))
			n = sizeof(result->label) - 1;
		memcpy(result->label, input + pos, n);
		result->label[n] = '\0';
	}
}
