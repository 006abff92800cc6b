/*-------------------------------------------------------------------------
 *
 * pg_phone_ops.c
 *	  Comparison, hashing, sorting and prefix search for the phone type.
 *
 * A phone datum is an int64 whose order is the order of the E.164 digit
 * strings (phone_core.h), so every comparison is one integer comparison
 * through phone_cmp_internal, and hashing is int8's.  None of it consults
 * metadata or settings.
 *
 * Prefix search: phone ^@ text is true when the number's E.164 digits
 * start with the digits of the text.  Because the numbers under a prefix
 * are one contiguous range of the encoding, a planner support function
 * turns the operator into "col >= lo AND col <= hi" for a btree index, as
 * PostgreSQL does for LIKE 'abc%'.  The same support function drops the
 * input collation of the call (the prefix is read as digits, so collation
 * never matters), which lets postgres_fdw send the condition to a remote
 * server: it ships only collations that come from a foreign column.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/stratnum.h"
#include "catalog/namespace.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_opfamily.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/sortsupport.h"
#include "utils/syscache.h"

#include "pg_phone.h"

/* The one comparison behind every operator, cmp and sort */
static inline int
phone_cmp_internal(int64 a, int64 b)
{
	return (a > b) - (a < b);
}

#define PHONE_CMP_FUNCTION(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(phone_cmp_internal(PG_GETARG_PHONE(0), \
									  PG_GETARG_PHONE(1)) op 0); \
}

PHONE_CMP_FUNCTION(phone_eq, ==)
PHONE_CMP_FUNCTION(phone_ne, !=)
PHONE_CMP_FUNCTION(phone_lt, <)
PHONE_CMP_FUNCTION(phone_le, <=)
PHONE_CMP_FUNCTION(phone_gt, >)
PHONE_CMP_FUNCTION(phone_ge, >=)

PG_FUNCTION_INFO_V1(phone_cmp);
Datum
phone_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(phone_cmp_internal(PG_GETARG_PHONE(0), PG_GETARG_PHONE(1)));
}

#if SIZEOF_DATUM < 8
/* Where a Datum holds 4 bytes, a phone (like int8) is passed by reference */
static int
phone_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	(void) ssup;
	return phone_cmp_internal(DatumGetPhone(x), DatumGetPhone(y));
}
#endif

/*
 * Sorting compares the datums as signed integers (the order of phone
 * values, see phone_core.h) with ssup_datum_signed_cmp, for which the sort
 * has specialised routines.  That comparator exists only where a Datum
 * holds 8 bytes; elsewhere the comparison reads the values through their
 * pointers.
 */
PG_FUNCTION_INFO_V1(phone_sortsupport);
Datum
phone_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

#if SIZEOF_DATUM >= 8
	ssup->comparator = ssup_datum_signed_cmp;
#else
	ssup->comparator = phone_fastcmp;
#endif
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(phone_smaller);
Datum
phone_smaller(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_PHONE(0);
	int64		b = PG_GETARG_PHONE(1);

	PG_RETURN_PHONE(phone_cmp_internal(a, b) <= 0 ? a : b);
}

PG_FUNCTION_INFO_V1(phone_larger);
Datum
phone_larger(PG_FUNCTION_ARGS)
{
	int64		a = PG_GETARG_PHONE(0);
	int64		b = PG_GETARG_PHONE(1);

	PG_RETURN_PHONE(phone_cmp_internal(a, b) >= 0 ? a : b);
}

/*
 * Hashing is int8's hashing of the datum: fixed forever by PostgreSQL for
 * int8 hash partitions, so ours is as stable, and the same on every
 * platform (hashint8 hashes the value, not the bytes of a Datum).
 */
PG_FUNCTION_INFO_V1(phone_hash);
Datum
phone_hash(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(hashint8, PG_GETARG_DATUM(0));
}

PG_FUNCTION_INFO_V1(phone_hash_extended);
Datum
phone_hash_extended(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(hashint8extended, PG_GETARG_DATUM(0),
							   PG_GETARG_DATUM(1));
}

/* ---------------------------------------------------------------------
 * Prefix search
 * ---------------------------------------------------------------------
 */

/*
 * prefix_range_quiet
 *		The range of datums whose digits start with the digits of the text
 *		s[0..len-1] (in the server encoding): an optional '+', then 1 to 19
 *		digits of any script with separators.  Returns the status of the
 *		text, PHONE_TEXT_OK and *n_digits 0 when it holds no such prefix.
 *		Never raises an error.
 */
static PhoneTextStatus
prefix_range_quiet(const char *s, size_t len, int *n_digits, int64 *lo,
				   int64 *hi)
{
	const char *utf8;
	size_t		utf8len;
	PhoneTextStatus status = phone_text_utf8(s, len, &utf8, &utf8len);
	char		digits[PHONE_MAX_DIGITS + 1];
	uint64		rlo;
	uint64		rhi;

	*n_digits = 0;
	if (status != PHONE_TEXT_OK)
		return status;
	*n_digits = phone_prefix_digits(utf8, utf8len, digits);
	if (*n_digits <= 0)
		return status;
	phone_prefix_range(digits, *n_digits, &rlo, &rhi);
	*lo = phone_rank_to_datum(rlo);
	*hi = phone_rank_to_datum(rhi);
	return status;
}

/*
 * prefix_range
 *		As prefix_range_quiet for a text value, raising an error when it is
 *		not a prefix.
 */
static void
prefix_range(text *t, int64 *lo, int64 *hi)
{
	const char *s = VARDATA_ANY(t);
	size_t		len = VARSIZE_ANY_EXHDR(t);
	int			n;
	PhoneTextStatus status = prefix_range_quiet(s, len, &n, lo, hi);

	if (status != PHONE_TEXT_OK)
		(void) phone_text_report(status, s, len, true, NULL);
	if (n <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid phone prefix: \"%s\"",
						phone_quoted_arg(text_to_cstring(t))),
				 errdetail("A prefix is an optional \"+\" followed by 1 to %d digits; spaces and punctuation between them are ignored.",
						   PHONE_MAX_DIGITS)));
}

PG_FUNCTION_INFO_V1(phone_starts_with);
Datum
phone_starts_with(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	text	   *t = PG_GETARG_TEXT_PP(1);
	int64		lo;
	int64		hi;

	prefix_range(t, &lo, &hi);
	PG_RETURN_BOOL(value >= lo && value <= hi);
}

/*
 * phone_prefix_lower(text) returns phone
 * phone_prefix_upper(text) returns phone
 *		The smallest and the largest value whose digits start with the
 *		prefix: p ^@ t is p BETWEEN phone_prefix_lower(t) AND
 *		phone_prefix_upper(t).  The bounds need not be numbers of any
 *		plan.  They are the index conditions of ^@ when the prefix is known
 *		only at run time (a parameter of a prepared statement).
 */
PG_FUNCTION_INFO_V1(phone_prefix_lower);
Datum
phone_prefix_lower(PG_FUNCTION_ARGS)
{
	int64		lo;
	int64		hi;

	prefix_range(PG_GETARG_TEXT_PP(0), &lo, &hi);
	PG_RETURN_PHONE(lo);
}

PG_FUNCTION_INFO_V1(phone_prefix_upper);
Datum
phone_prefix_upper(PG_FUNCTION_ARGS)
{
	int64		lo;
	int64		hi;

	prefix_range(PG_GETARG_TEXT_PP(0), &lo, &hi);
	PG_RETURN_PHONE(hi);
}

/*
 * phone_prefix_sel(internal, oid, internal, integer) returns float8
 *		Restriction selectivity of phone ^@ text: matchingsel's, which runs
 *		the operator over the column's most common values and histogram
 *		with the (estimated) prefix.  When that prefix is a value that is
 *		no prefix, the operator would raise its error inside the planner:
 *		then the estimate is that no row matches, and the error comes when
 *		the query runs, as it would without an index or statistics.
 */
PG_FUNCTION_INFO_V1(phone_prefix_sel);
Datum
phone_prefix_sel(PG_FUNCTION_ARGS)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	List	   *args = (List *) PG_GETARG_POINTER(2);

	if (list_length(args) == 2)
	{
		Node	   *rightop = estimate_expression_value(root, lsecond(args));

		if (IsA(rightop, Const) && !((Const *) rightop)->constisnull &&
			((Const *) rightop)->consttype == TEXTOID)
		{
			text	   *t = DatumGetTextPP(((Const *) rightop)->constvalue);
			int			n;
			int64		lo;
			int64		hi;

			if (prefix_range_quiet(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &n,
								   &lo, &hi) != PHONE_TEXT_OK || n <= 0)
				PG_RETURN_FLOAT8(0.0);
		}
	}
	return matchingsel(fcinfo);
}

/* Access method of an operator family */
static Oid
opfamily_method(Oid opfamily)
{
	HeapTuple	tup = SearchSysCache1(OPFAMILYOID, ObjectIdGetDatum(opfamily));
	Oid			method;

	if (!HeapTupleIsValid(tup))
		return InvalidOid;
	method = ((Form_pg_opfamily) GETSTRUCT(tup))->opfmethod;
	ReleaseSysCache(tup);
	return method;
}

/*
 * starts_with_without_collation
 *		The call phone ^@ text (or phone_starts_with(phone, text)) without an
 *		input collation, as the operator, or NULL when it has none already.
 *		The text argument gives the call the collation of its type, which
 *		phone_starts_with never uses; but postgres_fdw (in PostgreSQL 15)
 *		sends a call to the remote server only when its input collation
 *		comes from a column of the foreign table, so without this a prefix
 *		search on a foreign table would fetch every row.
 */
static Node *
starts_with_without_collation(FuncExpr *fcall)
{
	Oid			phonetype;
	char	   *nspname;
	Oid			opno;
	OpExpr	   *op;

	if (!OidIsValid(fcall->inputcollid) || list_length(fcall->args) != 2)
		return NULL;

	/* the operator over the function, in the function's schema */
	phonetype = exprType(linitial(fcall->args));
	nspname = get_namespace_name(get_func_namespace(fcall->funcid));
	opno = nspname == NULL ? InvalidOid :
		OpernameGetOprid(list_make2(makeString(nspname), makeString("^@")),
						 phonetype, TEXTOID);
	if (!OidIsValid(opno) || get_opcode(opno) != fcall->funcid)
	{
		FuncExpr   *f = copyObject(fcall);

		f->inputcollid = InvalidOid;
		return (Node *) f;
	}

	op = makeNode(OpExpr);
	op->opno = opno;
	op->opfuncid = fcall->funcid;
	op->opresulttype = BOOLOID;
	op->opretset = false;
	op->opcollid = InvalidOid;
	op->inputcollid = InvalidOid;
	op->args = list_copy(fcall->args);
	op->location = fcall->location;
	return (Node *) op;
}

/*
 * bound_function
 *		The function phone_prefix_lower(text) or phone_prefix_upper(text)
 *		(name) in the schema of the function behind ^@, or InvalidOid when
 *		there is none (a library newer than the extension's SQL objects).
 */
static Oid
bound_function(Oid starts_with, const char *name)
{
	char	   *nspname = get_namespace_name(get_func_namespace(starts_with));
	Oid			argtypes[1] = {TEXTOID};

	if (nspname == NULL)
		return InvalidOid;
	return LookupFuncName(list_make2(makeString(nspname), makeString(pstrdup(name))),
						  1, argtypes, true);
}

/*
 * range_condition
 *		The index conditions "col >= lo AND col <= hi" over the family's
 *		operators, lo and hi being expressions.
 */
static List *
range_condition(Oid geop, Oid leop, Node *col, Expr *lo, Expr *hi)
{
	return list_make2(make_opclause(geop, BOOLOID, false, (Expr *) col, lo,
									InvalidOid, InvalidOid),
					  make_opclause(leop, BOOLOID, false,
									(Expr *) copyObject(col), hi,
									InvalidOid, InvalidOid));
}

/*
 * phone_starts_with_support
 *		Planner support for phone ^@ text: with a btree (or BRIN min/max)
 *		index on the phone column, offer the index conditions
 *		"col >= lo AND col <= hi", which are exactly equivalent; and
 *		simplify the call to one without input collation (see
 *		starts_with_without_collation).
 *
 *		With a constant prefix, lo and hi are constants; a constant that is
 *		no prefix gives no index condition (the call itself raises the
 *		error when it runs, not the planner).  With a prefix known only at
 *		run time (a parameter, or any expression that neither reads the
 *		indexed table nor is volatile), lo and hi are the calls
 *		phone_prefix_lower(prefix) and phone_prefix_upper(prefix), which
 *		the executor evaluates once when the scan starts.
 */
PG_FUNCTION_INFO_V1(phone_starts_with_support);
Datum
phone_starts_with_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestIndexCondition *req;
	List	   *args;
	Oid			funcid;
	Node	   *leftop;
	Node	   *rightop;
	Oid			phonetype;
	Oid			method;
	Oid			geop;
	Oid			leop;
	Oid			lofunc;
	Oid			hifunc;

	if (IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(starts_with_without_collation(((SupportRequestSimplify *) rawreq)->fcall));
	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestIndexCondition *) rawreq;

	if (is_opclause(req->node))
	{
		args = ((OpExpr *) req->node)->args;
		funcid = ((OpExpr *) req->node)->opfuncid;
	}
	else if (is_funcclause(req->node))
	{
		args = ((FuncExpr *) req->node)->args;
		funcid = ((FuncExpr *) req->node)->funcid;
	}
	else
		PG_RETURN_POINTER(NULL);
	if (list_length(args) != 2 || req->indexarg != 0)
		PG_RETURN_POINTER(NULL);

	leftop = (Node *) linitial(args);
	rightop = (Node *) lsecond(args);
	if (IsA(rightop, Const) && ((Const *) rightop)->constisnull)
		PG_RETURN_POINTER(NULL);

	/*
	 * the index column must use a btree or BRIN family that has >= and <=
	 * for phone (any other family gets no condition)
	 */
	phonetype = exprType(leftop);
	method = opfamily_method(req->opfamily);
	if (method != BTREE_AM_OID && method != BRIN_AM_OID)
		PG_RETURN_POINTER(NULL);
	geop = get_opfamily_member(req->opfamily, phonetype, phonetype,
							   BTGreaterEqualStrategyNumber);
	leop = get_opfamily_member(req->opfamily, phonetype, phonetype,
							   BTLessEqualStrategyNumber);
	if (!OidIsValid(geop) || !OidIsValid(leop))
		PG_RETURN_POINTER(NULL);

	if (IsA(rightop, Const))
	{
		text	   *t = DatumGetTextPP(((Const *) rightop)->constvalue);
		int			n;
		int64		lo;
		int64		hi;

		if (prefix_range_quiet(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &n,
							   &lo, &hi) != PHONE_TEXT_OK || n <= 0)
			PG_RETURN_POINTER(NULL);
		req->lossy = false;
		PG_RETURN_POINTER(range_condition(geop, leop, leftop,
										  (Expr *) makeConst(phonetype, -1, InvalidOid, 8,
															 PhoneGetDatum(lo), false,
															 FLOAT8PASSBYVAL),
										  (Expr *) makeConst(phonetype, -1, InvalidOid, 8,
															 PhoneGetDatum(hi), false,
															 FLOAT8PASSBYVAL)));
	}

	/* a prefix known at run time: as the planner demands of index keys */
	if (bms_is_member(req->index->rel->relid, pull_varnos(req->root, rightop)) ||
		contain_volatile_functions(rightop))
		PG_RETURN_POINTER(NULL);
	lofunc = bound_function(funcid, "phone_prefix_lower");
	hifunc = bound_function(funcid, "phone_prefix_upper");
	if (!OidIsValid(lofunc) || !OidIsValid(hifunc) ||
		get_func_rettype(lofunc) != phonetype ||
		get_func_rettype(hifunc) != phonetype)
		PG_RETURN_POINTER(NULL);
	req->lossy = false;
	PG_RETURN_POINTER(range_condition(geop, leop, leftop,
									  (Expr *) makeFuncExpr(lofunc, phonetype,
															list_make1(copyObject(rightop)),
															InvalidOid, InvalidOid,
															COERCE_EXPLICIT_CALL),
									  (Expr *) makeFuncExpr(hifunc, phonetype,
															list_make1(copyObject(rightop)),
															InvalidOid, InvalidOid,
															COERCE_EXPLICIT_CALL)));
}
