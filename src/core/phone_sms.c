/*-------------------------------------------------------------------------
 *
 * phone_sms.c
 *	  The words of an SMS body, as keyword matching reads them (see
 *	  phone_core.h): compatibility forms, case and accents folded, every
 *	  space and punctuation mark a separator.
 *
 * Plain C99, no allocation, no global state (see phone_core.h).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>

#include "phone_core.h"

/*
 * Latin-1 Supplement (U+00C0..U+00FF) and Latin Extended-A (U+0100..U+017F)
 * without their accents, upper-case.  A digit stands for two letters
 * (1 IJ, 2 OE, 3 AE, 4 TH, 5 SS); a space for a separator (the signs of
 * multiplication and division).
 */
static const char latin1_letters[] =
"AAAAAA3CEEEEIIIIDNOOOOO OUUUUY45"
"AAAAAA3CEEEEIIIIDNOOOOO OUUUUY4Y";
static const char latin_ext_a_letters[] =
"AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGG"
"GGGGHHHHIIIIIIIIII11JJKKKLLLLLLL"
"LLLNNNNNNNNNOOOOOO22RRRRRRSSSSSS"
"SSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS";
static const char *const letter_pairs[] = {"IJ", "OE", "AE", "TH", "SS"};

/* what one character is, for the words */
typedef enum SmsClass
{
	SMS_SEPARATOR,				/* a space, a punctuation mark, a symbol */
	SMS_DROP,					/* a format character or a combining mark */
	SMS_ASCII,					/* stands for ASCII text (in text[]) */
	SMS_KEEP					/* kept as it is */
} SmsClass;

/*
 * Reads one UTF-8 character at in[0..len-1] (len > 0) into *cp; returns
 * its length in bytes, or 0 when the bytes there are not valid UTF-8.
 */
static size_t
utf8_decode(const unsigned char *in, size_t len, uint32_t *cp)
{
	unsigned char c = in[0];
	size_t		n;
	uint32_t	v;
	uint32_t	min;
	size_t		i;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	}
	else if (c >= 0xE0 && c <= 0xEF)
	{
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	}
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++)
	{
		if ((in[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (in[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/*
 * The class of code point cp; for SMS_ASCII, writes the NUL-terminated
 * ASCII text it stands for (at most 3 letters, not yet upper-case) into
 * text.
 */
static SmsClass
classify(uint32_t cp, char *text)
{
	char		c = 0;

	text[1] = '\0';
	if (cp < 0x80)
	{
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
			(cp >= '0' && cp <= '9'))
			c = (char) cp;
		else
			return SMS_SEPARATOR;
	}
	else if (cp < 0xA0)
		return SMS_SEPARATOR;	/* C1 controls, NEL among them */
	else if (cp < 0xC0)
	{
		switch (cp)
		{
			case 0xAA:			/* feminine ordinal indicator */
				c = 'A';
				break;
			case 0xBA:			/* masculine ordinal indicator */
				c = 'O';
				break;
			case 0xB9:
				c = '1';
				break;
			case 0xB2:
				c = '2';
				break;
			case 0xB3:
				c = '3';
				break;
			case 0xAD:			/* soft hyphen */
				return SMS_DROP;
			case 0xB5:			/* micro sign: a Greek letter */
				return SMS_KEEP;
			default:
				return SMS_SEPARATOR;
		}
	}
	else if (cp < 0x180)
	{
		char		f = cp < 0x100 ? latin1_letters[cp - 0xC0]
			: latin_ext_a_letters[cp - 0x100];

		if (f == ' ')
			return SMS_SEPARATOR;
		if (f >= '1' && f <= '5')
		{
			text[0] = letter_pairs[f - '1'][0];
			text[1] = letter_pairs[f - '1'][1];
			text[2] = '\0';
			return SMS_ASCII;
		}
		c = f;
	}
	else if (cp >= 0x2B0 && cp <= 0x2FF)
		return SMS_SEPARATOR;	/* spacing modifier letters: ʼ ˆ ˜ ... */
	else if (cp >= 0x300 && cp <= 0x36F)
		return SMS_DROP;		/* combining diacritical marks */
	else if (cp == 0x1680 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) ||
			 cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F)
		return SMS_SEPARATOR;	/* spaces */
	else if (cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
			 (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
			 cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) ||
			 (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF))
		return SMS_DROP;		/* zero-width, bidi, tags, variation selectors */
	else if (cp == 0x2070)
		c = '0';
	else if (cp >= 0x2074 && cp <= 0x2079)
		c = (char) ('4' + (cp - 0x2074));
	else if (cp >= 0x2080 && cp <= 0x2089)
		c = (char) ('0' + (cp - 0x2080));
	else if (cp >= 0x20D0 && cp <= 0x20FF)
		return SMS_DROP;		/* combining marks for symbols */
	else if (cp >= 0x2460 && cp <= 0x2468)
		c = (char) ('1' + (cp - 0x2460));	/* circled digits */
	else if (cp == 0x24EA)
		c = '0';
	else if (cp >= 0x24B6 && cp <= 0x24CF)
		c = (char) ('A' + (cp - 0x24B6));	/* circled letters */
	else if (cp >= 0x24D0 && cp <= 0x24E9)
		c = (char) ('A' + (cp - 0x24D0));
	else if (cp >= 0x2010 && cp <= 0x2BFF)
		return SMS_SEPARATOR;	/* punctuation, symbols, arrows, dingbats */
	else if (cp >= 0x2E00 && cp <= 0x2E7F)
		return SMS_SEPARATOR;	/* supplemental punctuation */
	else if ((cp >= 0x3001 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020))
		return SMS_SEPARATOR;	/* CJK punctuation */
	else if (cp >= 0xFB00 && cp <= 0xFB06)
	{
		/* Latin ligatures: ff fi fl ffi ffl (long s)t st */
		static const char *const lig[] = {"FF", "FI", "FL", "FFI", "FFL", "ST", "ST"};
		const char *l = lig[cp - 0xFB00];
		int			i;

		for (i = 0; l[i]; i++)
			text[i] = l[i];
		text[i] = '\0';
		return SMS_ASCII;
	}
	else if ((cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F))
		return SMS_SEPARATOR;	/* vertical, compatibility and small forms */
	else if (cp >= 0xFF01 && cp <= 0xFF5E)
		return classify(cp - 0xFEE0, text); /* full-width ASCII */
	else if (cp >= 0xFF5F && cp <= 0xFF65)
		return SMS_SEPARATOR;	/* full-width and half-width punctuation */
	else if (cp >= 0x1D400 && cp <= 0x1D6A3)
	{
		/* mathematical letters: 13 alphabets of A-Z a-z */
		uint32_t	k = (cp - 0x1D400) % 52;

		c = (char) (k < 26 ? 'A' + k : 'A' + (k - 26));
	}
	else if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		c = (char) ('0' + (cp - 0x1D7CE) % 10);	/* mathematical digits */
	else if ((cp >= 0x1F110 && cp <= 0x1F129) || (cp >= 0x1F130 && cp <= 0x1F149))
		c = (char) ('A' + (cp - 0x1F110) % 32);	/* parenthesised, squared */
	else if (cp >= 0x1F000 && cp <= 0x1FAFF)
		return SMS_SEPARATOR;	/* emoji and other pictographs */
	else
		return SMS_KEEP;
	text[0] = c;
	return SMS_ASCII;
}

/*
 * phone_sms_words
 *		See phone_core.h.  A space is written only before a character that
 *		follows a separator, and every separator consumed at least one byte
 *		that wrote nothing: the output is never longer than the input.
 */
size_t
phone_sms_words(const char *in, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *) in;
	size_t		i = 0;
	size_t		o = 0;
	int			pending_space = 0;

	while (i < len)
	{
		uint32_t	cp;
		size_t		n = utf8_decode(s + i, len - i, &cp);
		char		text[4];
		SmsClass	cls;
		size_t		k;

		if (n == 0)
		{
			n = 1;				/* not UTF-8: one byte, kept */
			cls = SMS_KEEP;
		}
		else
			cls = classify(cp, text);
		if (cls == SMS_SEPARATOR)
		{
			pending_space = 1;
			i += n;
			continue;
		}
		if (cls == SMS_DROP)
		{
			i += n;
			continue;
		}
		if (pending_space && o > 0)
			out[o++] = ' ';
		pending_space = 0;
		if (cls == SMS_KEEP)
		{
			for (k = 0; k < n; k++)
				out[o++] = in[i + k];
		}
		else
		{
			for (k = 0; text[k]; k++)
				out[o++] = (text[k] >= 'a' && text[k] <= 'z')
					? (char) (text[k] - 'a' + 'A') : text[k];
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}
