--
-- phone_opclass: install the extension and check its catalog entries.
-- Runs first; the other tests use what it creates.
--
CREATE EXTENSION phone;

-- a schema for the objects of the tests, and a helper that shows an input
-- error as a row (SQLSTATE, message, detail, hint)
CREATE SCHEMA phone_test;
CREATE FUNCTION phone_test.input_error(input text,
    OUT code text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM input::phone;
    code := '00000';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
        detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
END $$;

-- the same for any statement: 'ok' when it raises nothing; times in the
-- detail are replaced by <time> (events recorded at clock time)
CREATE FUNCTION phone_test.statement_error(stmt text,
    OUT code text, OUT message text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE stmt;
    code := 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
        detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    detail := regexp_replace(detail, '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?(Z|\+00)', '<time>', 'g');
END $$;


-- every operator class of the extension passes its access method's checks
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
FROM pg_opclass opc
JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'phone'::regtype
ORDER BY 1, 2;

-- each is the default for its method
SELECT am.amname, opc.opcdefault
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'phone'::regtype ORDER BY 1;

-- operators: commutators and negators point at the right operators
SELECT o.oprname, o.oprcom::regoperator AS commutator,
       o.oprnegate::regoperator AS negator, o.oprcode,
       o.oprrest, o.oprjoin, o.oprcanhash, o.oprcanmerge
FROM pg_operator o
WHERE o.oprleft = 'phone'::regtype
ORDER BY o.oprname;

-- the function of each operator implements the operator's name
SELECT o.oprname, p.proname
FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
WHERE o.oprleft = 'phone'::regtype AND o.oprright = 'phone'::regtype
ORDER BY 1;

-- volatility, strictness, parallel safety and leakproofness of every
-- function of the extension
SELECT p.oid::regprocedure AS function, p.provolatile AS vol, p.proisstrict AS strict,
       p.proparallel AS par, p.proleakproof AS leakproof
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
JOIN pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_extension'::regclass
WHERE e.extname = 'phone'
ORDER BY p.oid::regprocedure::text;

-- every function, operator, type and operator class has a comment
SELECT d.classid::regclass, pg_describe_object(d.classid, d.objid, 0) AS object
FROM pg_depend d
JOIN pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_extension'::regclass
WHERE e.extname = 'phone' AND d.deptype = 'e'
  AND obj_description(d.objid, d.classid::regclass::text) IS NULL
  AND d.classid <> 'pg_type'::regclass
ORDER BY 2;
SELECT obj_description('phone'::regtype, 'pg_type') IS NOT NULL AS type_has_comment;

-- storage: 8 bytes, by value where int8 is, aligned like int8
SELECT t.typlen, t.typbyval = i.typbyval AS byval_like_int8, t.typalign, t.typstorage
FROM pg_type t, pg_type i
WHERE t.oid = 'phone'::regtype AND i.oid = 'int8'::regtype;

-- the versions
SELECT extension, metadata ~ '^[0-9]+\.[0-9]+\.[0-9]+$' AS metadata_is_a_version
FROM phone_version();
SELECT extversion FROM pg_extension WHERE extname = 'phone';
