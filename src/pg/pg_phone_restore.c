/*-------------------------------------------------------------------------
 *
 * pg_phone_restore.c
 *	  Reading back what a phone column holds: restore, logical
 *	  replication, and stored values that today's numbering plans refuse.
 *
 * A phone value is validated when it is typed, against numbering plans
 * that change (and under phone.validation, which may have been possible or
 * any).  What phone_out printed must still read back when a dump is
 * restored or a subscriber applies a change, whatever the session's
 * settings and the plans in use say: those sessions are not typing, they
 * copy values that were accepted once.  They are recognised as:
 *
 *	- a restore: pg_dump writes "SET check_function_bodies = false" at the
 *	  top of every plain dump and pg_restore sets it in each of its
 *	  sessions (parallel ones included); an ordinary session has it on;
 *	- a logical replication worker (apply, initial table copy, parallel
 *	  apply): a background worker whose type starts "logical replication ".
 *
 * In those sessions, and only there, text input in the form phone_out
 * writes ("+" and digits) and binary input are taken as the digits they
 * carry, whatever phone.validation and the plans in use say of the number,
 * provided that the type could have stored them: digits that start with a
 * calling code assigned in the plans in use or in the data of an earlier
 * release (src/core/numplan_history.c: a plan may withdraw a code), leave 2 to 17
 * digits after it, and that, under a code the plans still assign, a
 * structure-only reading gives back unchanged (so "+4402079460000", which
 * the type stores as +442079460000, is refused rather than stored as a
 * second value for the same number).  Anything else in that form is refused
 * (nothing else ever came out of phone_out), and other text is read as
 * usual.  phone_parse(text, region) falls back to structure-only
 * validation where full validation fails, so that a generated column is
 * recomputed on restore: in such a session it is not an integrity control
 * (a CHECK (phone_is_valid(...)) constraint is).
 *
 * Functions on stored values never fail because the plans changed: a value
 * whose calling code is no longer assigned has no region, type unknown,
 * and formats as E.164 (phone_unplanned_number, phone_format_unplanned).
 *
 * phone_parse(text, region, validation) gives the documented way to look
 * up a stored value that today's data refuses (doc/operations.md).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <string.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "postmaster/bgworker.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "pg_phone.h"
#include "pg_phone_restore.h"

/*
 * phone_reading_stored_values
 *		Whether this session reads back values that a phone column already
 *		held, rather than what someone types: a restore (pg_dump and
 *		pg_restore always run with check_function_bodies off, and so does a
 *		plain dump fed to psql) or a logical replication worker (apply or
 *		initial table copy).
 */
static bool
phone_reading_stored_values(void)
{
	if (!check_function_bodies)
		return true;
	if (MyBackendType == B_BG_WORKER && MyBgworkerEntry != NULL &&
		strncmp(MyBgworkerEntry->bgw_type, "logical replication ",
				strlen("logical replication ")) == 0)
		return true;
	return false;
}

/*
 * withdrawn_code_digits
 *		Whether digits[0..n-1] (ASCII digits) start with a calling code that
 *		the data of an earlier release carried and the plans in use do not,
 *		and leave 2 to 17 digits after it: a value stored before the code
 *		was withdrawn.
 */
static bool
withdrawn_code_digits(const char *digits, int n)
{
	int			cc_len = phone_cc_length_ever(digits, n);
	PhoneNumber num;

	return cc_len != 0 &&
		n - cc_len >= PHONE_MIN_NSN_DIGITS &&
		n - cc_len <= PHONE_MAX_NSN_DIGITS &&
		!phone_from_digits(digits, n, &num);
}

/*
 * stored_form
 *		Whether digits[0..n-1] (1 to 19 ASCII digits) are a value the type
 *		may have stored (see the top of this file).  When they are not,
 *		reports the error (sqlstate, "invalid <what> for type phone", naming
 *		the input as shown) into escontext and returns false.
 */
static bool
stored_form(const char *digits, int n, int sqlstate, const char *what,
			const char *shown, Node *escontext)
{
	int			cc_len = phone_cc_length_ever(digits, n);
	char		e164[PHONE_MAX_DIGITS + 2];
	char		detail[PHONE_DETAIL_BUFSIZE];
	PhoneParseResult result;
	PhoneNumber num;

#define STORED_HINT \
	errhint("In a restore session (check_function_bodies off) or a logical replication worker, \"+\" followed by digits is read as a stored value, as phone_out prints one; to read a number as typed, use a session with check_function_bodies on.")

	Assert(n >= 1 && n <= PHONE_MAX_DIGITS);
	if (cc_len == 0)
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s: \"%s\"", what, "phone", shown),
				 errdetail("No calling code that the numbering plans assign, or assigned in the data of an earlier release, starts the number."),
				 STORED_HINT));
	if (n - cc_len < PHONE_MIN_NSN_DIGITS || n - cc_len > PHONE_MAX_NSN_DIGITS)
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s: \"%s\"", what, "phone", shown),
				 errdetail("A stored number has %d to %d digits after its calling code +%.*s; this one has %d.",
						   PHONE_MIN_NSN_DIGITS, PHONE_MAX_NSN_DIGITS,
						   cc_len, digits, n - cc_len),
				 STORED_HINT));
	/* a code withdrawn since: the digits as they are */
	if (!phone_from_digits(digits, n, &num))
		return true;
	/* a code of the plans in use: the digits that the type stores */
	e164[0] = '+';
	memcpy(e164 + 1, digits, n);
	if (phone_parse(e164, (size_t) n + 1, NULL, PHONE_VALIDATE_ANY,
					&result) != PHONE_OK)
	{
		phone_error_detail(&result, detail, sizeof(detail));
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s: \"%s\"", what, "phone", shown),
				 errdetail_internal("%s", detail),
				 STORED_HINT));
	}
	if (result.number.ndigits != n || memcmp(result.number.digits, digits, n) != 0)
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s: \"%s\"", what, "phone", shown),
				 errdetail("The type stores this number as \"+%s\" (the numbering plan of +%.*s reads the digits after the calling code as a national number with its prefix), never as written.",
						   result.number.digits, cc_len, digits),
				 STORED_HINT));
	return true;
#undef STORED_HINT
}

/*
 * phone_stored_digits
 *		See pg_phone_restore.h.
 */
bool
phone_stored_digits(const char *digits, int n)
{
	char		shown[PHONE_MAX_DIGITS + 2];

	if (n < 1 || !phone_reading_stored_values())
		return false;
	Assert(n <= PHONE_MAX_DIGITS);
	shown[0] = '+';
	memcpy(shown + 1, digits, n);
	shown[n + 1] = '\0';
	(void) stored_form(digits, n, ERRCODE_INVALID_BINARY_REPRESENTATION,
					   "external value", shown, NULL);
	return true;
}

/*
 * phone_stored_text
 *		See pg_phone_restore.h.
 */
bool
phone_stored_text(const char *s, size_t len, Node *escontext, bool *ok,
				  int64 *value)
{
	size_t		i;

	if (len < 2 || len > 1 + PHONE_MAX_DIGITS || s[0] != '+')
		return false;
	for (i = 1; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	if (!phone_reading_stored_values())
		return false;
	*ok = stored_form(s + 1, (int) len - 1, ERRCODE_INVALID_TEXT_REPRESENTATION,
					  "input syntax", pnstrdup(s, len), escontext);
	if (*ok)
		*value = phone_rank_to_datum(phone_rank(s + 1, (int) len - 1));
	return true;
}

/*
 * phone_parse_stored
 *		See pg_phone_restore.h.  The parses read the input as it is: in a
 *		server encoding other than UTF-8 a non-ASCII input fails them and is
 *		left to the caller.
 */
bool
phone_parse_stored(const char *input, size_t len, const char *region,
				   int64 *value)
{
	PhoneParseResult result;
	char		digits[PHONE_MAX_DIGITS];
	int			n;

	if (!phone_reading_stored_values())
		return false;
	if (phone_parse(input, len, region, PHONE_VALIDATE_VALID, &result) == PHONE_OK)
		return false;
	if (phone_parse(input, len, region, PHONE_VALIDATE_ANY, &result) == PHONE_OK)
	{
		*value = phone_number_to_datum(&result.number);
		return true;
	}
	/*
	 * "+" and digits with separators (what phone_out and phone_format write,
	 * not a tel: URI), under a calling code withdrawn since
	 */
	if (len < 2 || input[0] != '+')
		return false;
	n = phone_e164_digits(input, len, digits);
	if (n < 0 || !withdrawn_code_digits(digits, n))
		return false;
	*value = phone_rank_to_datum(phone_rank(digits, n));
	return true;
}

/*
 * phone_unplanned_number
 *		See pg_phone_restore.h.
 */
void
phone_unplanned_number(const char *digits, int n, PhoneNumber *num)
{
	Assert(n >= 0 && n <= PHONE_MAX_DIGITS);
	memcpy(num->digits, digits, n);
	num->digits[n] = '\0';
	num->ndigits = (uint8) n;
	num->cc_len = 0;
}

/*
 * phone_format_unplanned
 *		See pg_phone_restore.h.
 */
size_t
phone_format_unplanned(const PhoneNumber *num, PhoneFormat style, char *buf)
{
	if (style == PHONE_FORMAT_RFC3966)
		return (size_t) snprintf(buf, PHONE_FORMAT_BUFSIZE, "tel:+%s",
								 num->digits);
	return (size_t) snprintf(buf, PHONE_FORMAT_BUFSIZE, "+%s", num->digits);
}

/*
 * phone_parse(input text, region text, validation text) returns phone
 *		Parse with an explicit validation level, whatever phone.validation
 *		says: valid, possible, any (structure only), or stored (as any, and
 *		also the E.164 form of a value whose calling code the numbering
 *		plans in use no longer know but an earlier release's data assigned:
 *		what a column may hold).  A NULL, empty or 'ZZ' region means none.
 *		Reads no setting: IMMUTABLE.
 */
PG_FUNCTION_INFO_V1(phone_parse_level);
Datum
phone_parse_level(PG_FUNCTION_ARGS)
{
	text	   *input;
	const char *region = NULL;
	char	   *level_name;
	PhoneValidation level;
	bool		stored = false;
	PhoneParseResult result;
	const char *s;
	size_t		len;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("validation level of phone_parse cannot be NULL"),
				 errhint("The levels are valid, possible, any and stored.")));
	input = PG_GETARG_TEXT_PP(0);
	if (!PG_ARGISNULL(1))
		region = text_to_cstring(PG_GETARG_TEXT_PP(1));
	level_name = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (pg_strcasecmp(level_name, "valid") == 0)
		level = PHONE_VALIDATE_VALID;
	else if (pg_strcasecmp(level_name, "possible") == 0)
		level = PHONE_VALIDATE_POSSIBLE;
	else if (pg_strcasecmp(level_name, "any") == 0)
		level = PHONE_VALIDATE_ANY;
	else if (pg_strcasecmp(level_name, "stored") == 0)
	{
		level = PHONE_VALIDATE_ANY;
		stored = true;
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown validation level \"%s\"",
						phone_quoted_arg(level_name)),
				 errhint("The levels are valid, possible, any and stored.")));

	s = VARDATA_ANY(input);
	len = VARSIZE_ANY_EXHDR(input);
	phone_metadata_check();
	if (stored)
	{
		/*
		 * "+" and digits with separators, or its tel: URI (phone_format's
		 * forms for a calling code the plans do not know), under a calling
		 * code withdrawn since: the digits as stored
		 */
		char		digits[PHONE_MAX_DIGITS];
		int			n = phone_e164_digits(s, len, digits);

		if (n >= 0 && withdrawn_code_digits(digits, n))
			PG_RETURN_PHONE(phone_rank_to_datum(phone_rank(digits, n)));
	}
	(void) phone_parse_or_report(s, len, region, level, false, &result, NULL);
	PG_RETURN_PHONE(phone_number_to_datum(&result.number));
}
