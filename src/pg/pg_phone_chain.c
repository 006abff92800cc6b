/*-------------------------------------------------------------------------
 *
 * pg_phone_chain.c
 *	  PostgreSQL glue for the hash chain of the consent ledger:
 *	  phone_consent_chain_digest(prev bytea, fields text[]) returns bytea.
 *
 * The digest of an event (doc/consent.md, "Tamper evidence") is
 *
 *		SHA-256("phone_consent.chain.v1" 0x00 || prev
 *				|| for each field: 0xffffffff when it is NULL, else its
 *				   length in bytes (4 bytes, big-endian) and its UTF-8 bytes)
 *
 * phone_consent_event_hash() gives the fields as text, in their order;
 * this computes the digest in one pass instead of a concatenation of
 * byte strings in SQL, which cost most of the time of an insert.  The
 * text is converted from the server encoding to UTF-8 as convert_to()
 * converts it: nothing to do in a UTF-8 database.  In a SQL_ASCII
 * database the bytes are hashed as they are stored, without checking that
 * they are UTF-8: a revocation or an SMS STOP whose evidence or body holds
 * other bytes must still be recorded (a revocation is never refused).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"				/* VARSIZE_ANY_EXHDR, out of postgres.h since 16 */
#endif

#include "pg_phone.h"

PG_FUNCTION_INFO_V1(phone_consent_chain_digest);

/* the domain tag, with its terminating 0x00 */
static const char chain_tag[] = "phone_consent.chain.v1";

static void
digest_update(pg_cryptohash_ctx *ctx, const void *data, size_t len)
{
	if (pg_cryptohash_update(ctx, (const uint8 *) data, len) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
}

/*
 * phone_consent_chain_digest(prev bytea, fields text[]) returns bytea
 *		The 32-byte digest above.  STRICT: a NULL prev or array gives
 *		NULL; NULL elements are fields that are NULL.
 */
Datum
phone_consent_chain_digest(PG_FUNCTION_ARGS)
{
	bytea	   *prev = PG_GETARG_BYTEA_PP(0);
	ArrayType  *fields = PG_GETARG_ARRAYTYPE_P(1);
	int			encoding = GetDatabaseEncoding();
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	pg_cryptohash_ctx *ctx;
	bytea	   *result;

	if (ARR_ELEMTYPE(fields) != TEXTOID || ARR_NDIM(fields) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the fields of a chain digest must be a one-dimensional text array")));
	deconstruct_array(fields, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);

	/*
	 * On an error the context is released with the transaction's resources
	 * (an OpenSSL context is a resource of the owner; the built-in one is
	 * memory of the current context).
	 */
	ctx = pg_cryptohash_create(PG_SHA256);
	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (pg_cryptohash_init(ctx) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	digest_update(ctx, chain_tag, sizeof(chain_tag));
	digest_update(ctx, VARDATA_ANY(prev), VARSIZE_ANY_EXHDR(prev));
	for (int i = 0; i < n; i++)
	{
		uint8		len_be[4];
		text	   *t;
		const char *s;
		char	   *utf8;
		size_t		len;

		if (nulls[i])
		{
			memset(len_be, 0xff, sizeof(len_be));
			digest_update(ctx, len_be, sizeof(len_be));
			continue;
		}
		t = DatumGetTextPP(elems[i]);
		s = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);
		utf8 = (char *) s;
		if (encoding != PG_UTF8 && encoding != PG_SQL_ASCII)
		{
			utf8 = pg_server_to_any(s, (int) len, PG_UTF8);
			if (utf8 != s)
				len = strlen(utf8);
		}
		len_be[0] = (uint8) (len >> 24);
		len_be[1] = (uint8) (len >> 16);
		len_be[2] = (uint8) (len >> 8);
		len_be[3] = (uint8) len;
		digest_update(ctx, len_be, sizeof(len_be));
		digest_update(ctx, utf8, len);
		if (utf8 != s)
			pfree(utf8);
	}
	result = (bytea *) palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	if (pg_cryptohash_final(ctx, (uint8 *) VARDATA(result),
							PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);

	PG_RETURN_BYTEA_P(result);
}
