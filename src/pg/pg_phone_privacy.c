/*-------------------------------------------------------------------------
 *
 * pg_phone_privacy.c
 *	  PostgreSQL glue for the privacy functions: phone_mask (masked
 *	  display) and phone_pseudonym (keyed pseudonyms), and the settings
 *	  that hold the pseudonym key and its id.
 *
 * THE PSEUDONYM
 * -------------
 * phone_pseudonym(number, context) is 33 bytes: the key id (setting
 * phone.pseudonym_key_id, 0..255), then
 *
 *		HMAC-SHA256(key, "phone.pseudonym.v1" 0x00 context 0x00 digits)
 *
 * where context is the context text in UTF-8 (whatever the server
 * encoding) and digits are the E.164 digits without '+'.  Text values can
 * hold no 0 byte, so the message is unambiguous: another context never
 * yields the same message, and pseudonyms made for different contexts
 * cannot be linked without the key.  The construction is pinned by the
 * regression test phone_pseudonym.
 *
 * THE KEY
 * -------
 * phone.pseudonym_key is either "\x" followed by an even number of
 * hexadecimal digits (the key is the bytes they spell) or any other text
 * (the key is its bytes as written).  It must give at least
 * PSEUDONYM_KEY_MIN_BYTES bytes; empty means no key, and phone_pseudonym
 * then fails.  Both settings are superuser-only, hidden from SHOW ALL and
 * pg_settings, and refused from ALTER DATABASE / ALTER ROLE / function SET
 * clauses, which are stored in the catalogs and written out by pg_dump and
 * pg_dumpall: they are set in postgresql.conf, with ALTER SYSTEM, or with
 * SET in a superuser session.  Error messages never quote the key.
 *
 * Until a session loads the library, a value in the configuration files
 * is a placeholder that any role can read with SHOW.  So a key that does
 * not come from SET is used only when the library was loaded through
 * shared_preload_libraries (and the settings were defined, superuser-only,
 * before any session began); otherwise phone_pseudonym refuses it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <string.h>

#include "common/cryptohash.h"
#include "common/hmac.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/guc_tables.h"

#include "pg_phone.h"

/* Shortest key accepted, in bytes (the output size of SHA-256) */
#define PSEUDONYM_KEY_MIN_BYTES		32

/* Domain-separation prefix of the HMAC message; ends with its 0 byte */
static const char pseudonym_prefix[] = "phone.pseudonym.v1";

#define PSEUDONYM_MAC_BYTES			32	/* HMAC-SHA256 */

/* Settings */
static char *pseudonym_key = NULL;
static int	pseudonym_key_id = 0;

/* Whether the library was loaded by shared_preload_libraries */
static bool privacy_preloaded = false;

/* The GUC record of phone.pseudonym_key, to learn where its value is from */
static struct config_generic *pseudonym_key_record = NULL;

/*
 * refuse_stored_source
 *		The key and its id must not be stored where every role can read them
 *		and dumps write them out: per-database and per-role settings
 *		(pg_db_role_setting, read with PGC_S_GLOBAL .. PGC_S_DATABASE_USER)
 *		and the values ALTER DATABASE/ROLE ... SET and a function's SET
 *		clause check before storing them (PGC_S_TEST).  Returns true (and
 *		sets the error for the GUC machinery) when source is one of those.
 */
static bool
refuse_stored_source(const char *name, GucSource source)
{
	if (source != PGC_S_GLOBAL && source != PGC_S_DATABASE &&
		source != PGC_S_USER && source != PGC_S_DATABASE_USER &&
		source != PGC_S_TEST)
		return false;
	GUC_check_errcode(ERRCODE_CANT_CHANGE_RUNTIME_PARAM);
	GUC_check_errmsg("parameter \"%s\" cannot be set per database, per role or per function",
					 name);
	GUC_check_errdetail("Such settings are stored in the system catalogs, where other roles can read them and pg_dump and pg_dumpall write them out.");
	GUC_check_errhint("Set it in postgresql.conf, with ALTER SYSTEM, or with SET in a superuser session.");
	return true;
}

/* value of one hexadecimal digit, or -1 */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * decode_key
 *		The key bytes a value of phone.pseudonym_key stands for (see the
 *		file header).  Writes them to out (when not NULL; it must hold
 *		strlen(value) bytes) and their count to *len.  Returns false when a
 *		"\x" value is not well-formed hexadecimal.
 */
static bool
decode_key(const char *value, uint8 *out, size_t *len)
{
	size_t		n = strlen(value);
	size_t		i;

	if (n < 2 || value[0] != '\\' || (value[1] != 'x' && value[1] != 'X'))
	{
		if (out)
			memcpy(out, value, n);
		*len = n;
		return true;
	}
	if ((n - 2) % 2 != 0)
		return false;
	for (i = 2; i < n; i += 2)
	{
		int			hi = hex_value(value[i]);
		int			lo = hex_value(value[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		if (out)
			out[(i - 2) / 2] = (uint8) (hi * 16 + lo);
	}
	*len = (n - 2) / 2;
	return true;
}

/*
 * check_pseudonym_key
 *		phone.pseudonym_key: empty (no key), or a key of at least
 *		PSEUDONYM_KEY_MIN_BYTES bytes, from a source that is not stored in
 *		the catalogs.  The messages never show the value.
 */
static bool
check_pseudonym_key(char **newval, void **extra, GucSource source)
{
	size_t		len;

	(void) extra;
	if (refuse_stored_source("phone.pseudonym_key", source))
		return false;
	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	if (!decode_key(*newval, NULL, &len))
	{
		GUC_check_errmsg("invalid value for parameter \"%s\"", "phone.pseudonym_key");
		GUC_check_errdetail("A key that begins with \\x must continue with an even number of hexadecimal digits.");
		return false;
	}
	if (len < PSEUDONYM_KEY_MIN_BYTES)
	{
		GUC_check_errmsg("invalid value for parameter \"%s\"", "phone.pseudonym_key");
		GUC_check_errdetail("A key must have at least %d bytes; in the \\x form, two hexadecimal digits make one byte.",
							PSEUDONYM_KEY_MIN_BYTES);
		GUC_check_errhint("Use \\x followed by %d or more hexadecimal digits of random data, such as the output of \"openssl rand -hex %d\".",
						  2 * PSEUDONYM_KEY_MIN_BYTES, PSEUDONYM_KEY_MIN_BYTES);
		return false;
	}
	return true;
}

/*
 * check_pseudonym_key_id
 *		phone.pseudonym_key_id: the range (0..255) is checked by the GUC
 *		machinery; the source as for the key, so that key and id always come
 *		from the same kind of place.
 */
static bool
check_pseudonym_key_id(int *newval, void **extra, GucSource source)
{
	(void) newval;
	(void) extra;
	return !refuse_stored_source("phone.pseudonym_key_id", source);
}

/*
 * phone_privacy_init
 *		Registers the settings; called from _PG_init.
 */
void
phone_privacy_init(void)
{
	DefineCustomStringVariable("phone.pseudonym_key",
							   "Secret key of phone_pseudonym().",
							   "\\x followed by hexadecimal digits, or text; at least 32 bytes. Empty means no key. Only superusers can read or set it.",
							   &pseudonym_key,
							   "",
							   PGC_SUSET,
							   GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							   check_pseudonym_key, NULL, NULL);

	DefineCustomIntVariable("phone.pseudonym_key_id",
							"Key id that phone_pseudonym() writes as the first byte of each pseudonym.",
							"Change it together with phone.pseudonym_key, so that pseudonyms made with different keys can be told apart.",
							&pseudonym_key_id,
							0, 0, 255,
							PGC_SUSET,
							GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
							check_pseudonym_key_id, NULL, NULL);

	privacy_preloaded = process_shared_preload_libraries_in_progress;
#if PG_VERSION_NUM >= 160000
	pseudonym_key_record = find_option("phone.pseudonym_key", false, true, ERROR);
#else
	{
		struct config_generic **vars = get_guc_variables();
		int			nvars = GetNumConfigOptions();
		int			i;

		for (i = 0; i < nvars; i++)
			if (strcmp(vars[i]->name, "phone.pseudonym_key") == 0)
				pseudonym_key_record = vars[i];
	}
#endif
	if (pseudonym_key_record == NULL)
		elog(ERROR, "phone.pseudonym_key is not defined after its definition");
}

/*
 * phone_mask(number phone, visible integer) returns text
 *		The masked number (phone_core.h): calling code kept, the national
 *		number starred but for its last `visible` digits, at most half.
 */
PG_FUNCTION_INFO_V1(phone_mask_sql);
Datum
phone_mask_sql(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	int32		visible = PG_GETARG_INT32(1);
	PhoneNumber num;
	char		buf[PHONE_MASK_BUFSIZE];
	size_t		len;

	if (visible < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of visible digits must not be negative"),
				 errdetail("The value given was %d.", visible)));
	phone_datum_to_number(value, &num);
	len = phone_mask(&num, visible, buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int) len));
}

/*
 * phone_pseudonym(number phone, context text) returns bytea
 *		The key id byte and HMAC-SHA256 of the number under
 *		phone.pseudonym_key, as described in the file header.  Fails when no
 *		key is set.
 */
PG_FUNCTION_INFO_V1(phone_pseudonym_sql);
Datum
phone_pseudonym_sql(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	text	   *context = PG_GETARG_TEXT_PP(1);
	const char *ctx_data = VARDATA_ANY(context);
	int			ctx_len = (int) VARSIZE_ANY_EXHDR(context);
	const char *ctx_utf8;
	PhoneNumber num;
	uint8	   *key;
	size_t		key_len;
	pg_hmac_ctx *hmac;
	static const uint8 zero = 0;
	bytea	   *result;
	uint8	   *out;

	if (pseudonym_key == NULL || pseudonym_key[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no key is set for phone pseudonyms"),
				 errdetail("Parameter \"%s\" is empty.", "phone.pseudonym_key"),
				 errhint("A superuser sets it to \\x followed by at least %d random bytes in hexadecimal: with SET in the session, or, with phone in shared_preload_libraries, in postgresql.conf or with ALTER SYSTEM.",
						 PSEUDONYM_KEY_MIN_BYTES)));

	if (!privacy_preloaded && pseudonym_key_record->source != PGC_S_SESSION)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("refusing to use the key in parameter \"%s\"",
						"phone.pseudonym_key"),
				 errdetail("The key was not set with SET, and the phone library is not in shared_preload_libraries: until a session loads the library, any role can read such a value with SHOW."),
				 errhint("Add phone to shared_preload_libraries and restart the server, or set the key with SET in a superuser session.")));

	key = palloc(strlen(pseudonym_key) + 1);
	if (!decode_key(pseudonym_key, key, &key_len) ||
		key_len < PSEUDONYM_KEY_MIN_BYTES)
		elog(ERROR, "phone.pseudonym_key passed its check but cannot be decoded");

	phone_datum_to_number(value, &num);

	/* the context in UTF-8, so the pseudonym does not depend on encoding */
	ctx_utf8 = pg_server_to_any(ctx_data, ctx_len, PG_UTF8);
	if (ctx_utf8 != ctx_data)
		ctx_len = (int) strlen(ctx_utf8);

	result = (bytea *) palloc(VARHDRSZ + 1 + PSEUDONYM_MAC_BYTES);
	SET_VARSIZE(result, VARHDRSZ + 1 + PSEUDONYM_MAC_BYTES);
	out = (uint8 *) VARDATA(result);
	out[0] = (uint8) pseudonym_key_id;

	hmac = pg_hmac_create(PG_SHA256);
	if (hmac == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (pg_hmac_init(hmac, key, key_len) < 0 ||
		pg_hmac_update(hmac, (const uint8 *) pseudonym_prefix,
					   sizeof(pseudonym_prefix)) < 0 ||
		pg_hmac_update(hmac, (const uint8 *) ctx_utf8, (size_t) ctx_len) < 0 ||
		pg_hmac_update(hmac, &zero, 1) < 0 ||
		pg_hmac_update(hmac, (const uint8 *) num.digits, num.ndigits) < 0 ||
		pg_hmac_final(hmac, out + 1, PSEUDONYM_MAC_BYTES) < 0)
	{
		char	   *msg = pstrdup(pg_hmac_error(hmac));

		pg_hmac_free(hmac);
		elog(ERROR, "could not compute HMAC-SHA256: %s", msg);
	}
	pg_hmac_free(hmac);

	/* do not leave the key bytes in freed memory */
	explicit_bzero(key, key_len);
	pfree(key);

	PG_RETURN_BYTEA_P(result);
}
