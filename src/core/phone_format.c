/*-------------------------------------------------------------------------
 *
 * phone_format.c
 *	  Writing numbers as Google's libphonenumber does: E.164,
 *	  INTERNATIONAL, NATIONAL, RFC 3966, and how to dial a number from a
 *	  given region (formatOutOfCountryCallingNumber).
 *
 * The layout of a national significant number (NSN) comes from the number
 * formats of the main region of its calling code (for +1 those of the US,
 * for +7 those of Russia, for non-geographic codes their "001" entry), as
 * in libphonenumber's format():
 *
 *	- NATIONAL uses the region's number formats; the other styles use its
 *	  international formats when it has any, else the same list.
 *	- The first format whose last leading-digits pattern matches at the
 *	  start of the NSN (or that has none) and whose pattern matches the
 *	  whole NSN is used.  No such format: the NSN is written as it is.
 *	- The NSN is rewritten by the format ("$1 $2-$3"); in NATIONAL style the
 *	  first group reference of the format is replaced by the national
 *	  prefix formatting rule ("0$1", "($1)", "8 ($1)").
 *	- RFC 3966 drops the separators before the first digit and turns every
 *	  run of separators into one "-".
 *
 * Extensions are not formatted: a phone value never carries one.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "digit_regex.h"
#include "numplan.h"

/* A bounded output buffer */
typedef struct OutBuf
{
	char	   *buf;
	size_t		len;
	size_t		cap;			/* bytes available, NUL included */
} OutBuf;

static void
out_str(OutBuf *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (o->len + 1 < o->cap)
			o->buf[o->len++] = s[i];
	o->buf[o->len] = '\0';
}

static void
out_cstr(OutBuf *o, const char *s)
{
	out_str(o, s, strlen(s));
}

static void
out_code(OutBuf *o, int cc)
{
	char		t[4];
	int			k = 0;

	if (cc >= 100)
		t[k++] = (char) ('0' + cc / 100);
	if (cc >= 10)
		t[k++] = (char) ('0' + cc / 10 % 10);
	t[k++] = (char) ('0' + cc % 10);
	out_str(o, t, (size_t) k);
}

/*
 * Is c one of libphonenumber's punctuation characters (VALID_PUNCTUATION)
 * in its ASCII part, which are the only ones number formats use?
 */
static bool
is_separator(char c)
{
	return strchr("-x ().[]/~", c) != NULL && c != '\0';
}

/*
 * libphonenumber's chooseFormattingPatternForNumber: the first of
 * formats[0..n-1] whose last leading-digits pattern matches at the start of
 * nsn and whose pattern matches all of it; NULL when there is none.  *m
 * receives the match that libphonenumber's JavaScript build then replaces
 * (String.replace: the first match, which starts at 0 and is nearly
 * always the whole NSN).
 */
static const NumPlanFormat *
choose_format(const NumPlanFormat *formats, int n, const char *nsn, int len,
			  DRegexMatch *m)
{
	for (int i = 0; i < n; i++)
	{
		const NumPlanFormat *f = &formats[i];

		if (numplan_format_leading_match(f, nsn, len) &&
			numplan_format_groups(f, nsn, len, m))
			return f;
	}
	return NULL;
}

/*
 * The format rule to apply: f->format, or in NATIONAL style with a
 * national prefix formatting rule, the format whose first "$n" is replaced
 * by the formatting rule (in which "$1" stands for that "$n").  Writes it
 * into rule (size bytes).
 */
static void
national_rule(const NumPlanFormat *f, char *rule, size_t size)
{
	const char *fmt = f->format;
	const char *npr = f->national_prefix_formatting_rule;
	const char *tok = NULL;
	OutBuf		o = {rule, 0, size};

	rule[0] = '\0';
	for (const char *p = fmt; *p != '\0'; p++)
		if (p[0] == '$' && p[1] >= '0' && p[1] <= '9')
		{
			tok = p;
			break;
		}
	if (tok == NULL)
	{
		out_cstr(&o, fmt);
		return;
	}
	out_str(&o, fmt, (size_t) (tok - fmt));
	for (const char *p = npr; *p != '\0'; p++)
	{
		if (p[0] == '$' && p[1] == '1')
		{
			out_str(&o, tok, 2);
			p++;
		}
		else
			out_str(&o, p, 1);
	}
	out_cstr(&o, tok + 2);
}

/*
 * libphonenumber's formatNsn: the NSN nsn[0..len-1] laid out by the plan
 * of meta for style (not E164), appended to o.
 */
static void
format_nsn(const NumPlanRegion *meta, const char *nsn, int len,
		   PhoneFormat style, OutBuf *o)
{
	const NumPlanFormat *formats;
	int			nformats;
	const NumPlanFormat *f;
	DRegexMatch m;
	char		rule[PHONE_FORMAT_BUFSIZE];
	char		tmp[PHONE_FORMAT_BUFSIZE];
	int			k;

	if (style == PHONE_FORMAT_NATIONAL || meta->n_intl_formats == 0)
	{
		formats = meta->formats;
		nformats = meta->n_formats;
	}
	else
	{
		formats = meta->intl_formats;
		nformats = meta->n_intl_formats;
	}

	f = choose_format(formats, nformats, nsn, len, &m);
	if (f == NULL)
	{
		out_str(o, nsn, (size_t) len);
		return;
	}

	if (style == PHONE_FORMAT_NATIONAL &&
		f->national_prefix_formatting_rule != NULL &&
		f->national_prefix_formatting_rule[0] != '\0')
		national_rule(f, rule, sizeof(rule));
	else
	{
		OutBuf		r = {rule, 0, sizeof(rule)};

		out_cstr(&r, f->format);
	}

	/* the match replaced by the expanded rule, then what follows it */
	k = dregex_expand(rule, nsn, &m, tmp, (int) sizeof(tmp));
	if (k >= (int) sizeof(tmp))
		k = (int) sizeof(tmp) - 1;
	{
		OutBuf		t = {tmp, (size_t) k, sizeof(tmp)};

		out_str(&t, nsn + m.end[0], (size_t) (len - m.end[0]));
		k = (int) t.len;
	}

	if (style == PHONE_FORMAT_RFC3966)
	{
		int			i = 0;

		/* separators at the start go, every later run becomes one '-' */
		while (i < k && is_separator(tmp[i]))
			i++;
		while (i < k)
		{
			if (is_separator(tmp[i]))
			{
				while (i < k && is_separator(tmp[i]))
					i++;
				out_str(o, "-", 1);
			}
			else
				out_str(o, &tmp[i++], 1);
		}
		return;
	}
	out_str(o, tmp, (size_t) k);
}

/*
 * phone_format
 *		See phone_core.h.
 */
size_t
phone_format(const PhoneNumber *num, PhoneFormat style, char *buf)
{
	OutBuf		o = {buf, 0, PHONE_FORMAT_BUFSIZE};
	const char *nsn = num->digits + num->cc_len;
	int			len = num->ndigits - num->cc_len;
	int			cc = phone_number_country_code(num);
	const NumPlanRegion *meta;

	buf[0] = '\0';
	if (style == PHONE_FORMAT_E164)
	{
		size_t		n = num->ndigits;

		if (n > PHONE_MAX_DIGITS)
			n = PHONE_MAX_DIGITS;
		buf[0] = '+';
		memcpy(buf + 1, num->digits, n);
		buf[n + 1] = '\0';
		return n + 1;
	}

	meta = numplan_main_region_for_code(cc);
	if (meta == NULL || num->cc_len == 0)
	{
		/* no plan for the code: libphonenumber writes the bare NSN */
		out_str(&o, nsn, (size_t) len);
		return o.len;
	}

	switch (style)
	{
		case PHONE_FORMAT_INTERNATIONAL:
			out_str(&o, "+", 1);
			out_code(&o, cc);
			out_str(&o, " ", 1);
			break;
		case PHONE_FORMAT_RFC3966:
			out_cstr(&o, "tel:+");
			out_code(&o, cc);
			out_str(&o, "-", 1);
			break;
		default:
			break;
	}
	format_nsn(meta, nsn, len, style, &o);
	return o.len;
}

/*
 * Is idd a single international prefix written out, i.e. does it match
 * libphonenumber's UNIQUE_INTERNATIONAL_PREFIX, digits optionally followed
 * by '~' (wait for dial tone) and more digits?
 */
static bool
unique_idd(const char *idd)
{
	const char *p = idd;

	if (!(*p >= '0' && *p <= '9'))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '~')
	{
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/*
 * phone_format_out_of_country
 *		See phone_core.h.
 */
size_t
phone_format_out_of_country(const PhoneNumber *num, const char *calling_from,
							char *buf)
{
	OutBuf		o = {buf, 0, PHONE_FORMAT_BUFSIZE};
	const NumPlanRegion *from;
	const NumPlanRegion *meta;
	const char *idd = NULL;
	int			cc = phone_number_country_code(num);

	buf[0] = '\0';
	if (calling_from == NULL)
		return 0;
	from = numplan_region_by_id(calling_from);
	if (from == NULL)
		return 0;

	meta = numplan_main_region_for_code(cc);
	if (meta == NULL || num->cc_len == 0)
	{
		out_str(&o, num->digits + num->cc_len,
				(size_t) (num->ndigits - num->cc_len));
		return o.len;
	}

	if (cc == 1)
	{
		if (from->country_code == 1)
		{
			/* within NANPA: "1 " and the national format */
			out_cstr(&o, "1 ");
			format_nsn(meta, num->digits + 1, num->ndigits - 1,
					   PHONE_FORMAT_NATIONAL, &o);
			return o.len;
		}
	}
	else if (cc == from->country_code)
	{
		format_nsn(meta, num->digits + num->cc_len,
				   num->ndigits - num->cc_len, PHONE_FORMAT_NATIONAL, &o);
		return o.len;
	}

	if (from->preferred_international_prefix != NULL &&
		from->preferred_international_prefix[0] != '\0')
		idd = from->preferred_international_prefix;
	else if (from->international_prefix != NULL &&
			 unique_idd(from->international_prefix))
		idd = from->international_prefix;

	if (idd != NULL)
	{
		out_cstr(&o, idd);
		out_str(&o, " ", 1);
	}
	else
		out_str(&o, "+", 1);
	out_code(&o, cc);
	out_str(&o, " ", 1);
	format_nsn(meta, num->digits + num->cc_len, num->ndigits - num->cc_len,
			   PHONE_FORMAT_INTERNATIONAL, &o);
	return o.len;
}
