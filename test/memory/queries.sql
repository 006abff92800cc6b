-- test/memory/queries.sql: the queries whose memory test/memory/run.sh
-- measures, one row each: name and expression.  In the expression, {t} is
-- a phone number as text that changes from row to row, {p} the same number
-- as phone, {q} another number as phone; run.sh evaluates the expression
-- over N rows in one query, aggregated so that only a count comes back.
--
-- First every function of the extension whose arguments are all phone,
-- text or integer (found in the catalog, so functions added later are
-- measured too; integers get 4),
-- except VOLATILE ones (the writers: they insert into the ledger), with
-- text arguments chosen by the parameter's name; then the paths that are
-- no plain function call: I/O, casts, operators, aggregates, consent.
-- The third column divides the number of rows (and the limit) for the
-- queries that are slow per row: functions in SQL or PL/pgSQL, which read
-- the consent tables (tens of microseconds a call, where the C functions
-- take one), so that the whole test stays within a few minutes.

WITH member AS (
    SELECT p.oid, p.proname, p.proargtypes, p.proargnames, p.pronargs,
           CASE WHEN p.prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'c')
                THEN 1 ELSE 10 END AS divisor
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_proc p ON p.oid = d.objid
     WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
       AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND d.refobjid IN (SELECT oid FROM pg_catalog.pg_extension WHERE extname IN ('phone', 'phone_consent'))
       AND d.deptype = 'e'
       AND p.prokind = 'f' AND p.provolatile <> 'v' AND p.pronargs > 0
       AND p.prorettype NOT IN ('pg_catalog.trigger'::pg_catalog.regtype,
                                'pg_catalog.internal'::pg_catalog.regtype)
       AND NOT p.proretset
       AND (SELECT pg_catalog.bool_and(a IN ('phone'::pg_catalog.regtype, 'pg_catalog.text'::pg_catalog.regtype,
                                             'pg_catalog.int4'::pg_catalog.regtype))
              FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) AS a)
),
arg AS (
    SELECT m.oid, i,
           CASE WHEN m.proargtypes[i] = 'phone'::pg_catalog.regtype
                THEN CASE WHEN i = 0 THEN '{p}' ELSE '{q}' END
           WHEN m.proargtypes[i] = 'pg_catalog.int4'::pg_catalog.regtype THEN '4'
                ELSE CASE coalesce(m.proargnames[i + 1], '')
                     WHEN 'region' THEN '''US'''
                     WHEN 'validation' THEN '''any'''
                     WHEN 'calling_from' THEN '''GB'''
                     WHEN 'style' THEN '''international'''
                     WHEN 'body' THEN '''STOP'''
                     WHEN 'context' THEN '''crm'''
                     WHEN 'purpose' THEN '''informational'''
                     ELSE '{t}' END
           END AS val
      FROM member m, pg_catalog.generate_series(0, m.pronargs - 1) AS i
)
SELECT m.oid::pg_catalog.regprocedure::text AS name,
       pg_catalog.format('%s(%s)', m.oid::pg_catalog.regproc,
                         (SELECT pg_catalog.string_agg(a.val, ', ' ORDER BY a.i) FROM arg a WHERE a.oid = m.oid)),
       m.divisor
  FROM member m
UNION ALL
VALUES
    ('input: text::phone', '{t}::phone', 1),
    ('output: phone_out', 'pg_catalog.textin(pg_catalog.record_out(ROW({p})))', 1),
    ('binary output: phone_send', 'phone_send({p})', 1),
    ('cast phone -> bigint -> phone', 'phone(int8({p}))', 1),
    ('operator =', '{p} = {q}', 1),
    ('operator <', '{p} < {q}', 1),
    ('operator ^@', '{p} ^@ ''+1201''', 1),
    ('aggregate min', 'min({p})', 1),
    ('aggregate max', 'max({p})', 1),
    ('phone_example', 'phone_example(''US'', ''mobile'')', 1),
    ('phone_consent_status (ledger)', 'phone_consent_status({p}, ''sms'', ''informational'')', 10),
    ('phone_contact_decision (ledger)', 'phone_contact_decision({p}, ''sms'', ''informational'', ''2025-06-02 15:00Z'')', 10),
    ('phone_can_contact (ledger)', 'phone_can_contact({p}, ''sms'', ''informational'', ''2025-06-02 15:00Z'')', 10)
ORDER BY 1;
