/*-------------------------------------------------------------------------
 *
 * pg_phone_sms.c
 *	  PostgreSQL glue for phone_sms_words(text): the words of an SMS body
 *	  as keyword matching reads them (src/core/phone_sms.c).
 *
 * The text is in the server encoding and the core reads UTF-8: it is
 * converted to UTF-8 and back, but for a UTF-8 database (nothing to do)
 * and a SQL_ASCII one (no conversion is defined: the bytes are read as
 * UTF-8 where they are, and kept where they are not).  The words hold
 * ASCII and characters of the input only, so they convert back.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"				/* VARSIZE_ANY_EXHDR, out of postgres.h since 16 */
#endif

#include "pg_phone.h"

PG_FUNCTION_INFO_V1(phone_sms_words_sql);

/*
 * phone_sms_words(text) returns text
 *		The words, upper-case, separated by one space.
 */
Datum
phone_sms_words_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *in = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	int			encoding = GetDatabaseEncoding();
	bool		convert = encoding != PG_UTF8 && encoding != PG_SQL_ASCII;
	char	   *utf8;
	char	   *words;
	char	   *result;
	size_t		n;

	if (convert)
	{
		utf8 = pg_server_to_any(in, (int) len, PG_UTF8);
		if (utf8 != in)
			len = strlen(utf8);
	}
	else
		utf8 = (char *) in;
	words = palloc(len + 1);
	n = phone_sms_words(utf8, len, words);
	result = convert ? pg_any_to_server(words, (int) n, PG_UTF8) : words;
	if (result != words)
		n = strlen(result);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(result, (int) n));
}
