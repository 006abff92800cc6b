--
-- phone_binary: binary send/receive.  The layout is fixed forever: the
-- 8-byte big-endian rank (see src/core/phone_core.h).  These values pin it.
--
SELECT p, phone_send(p)
FROM (VALUES ('+14155552671'::phone), ('+390612345678'::phone),
             ('+442070313000'::phone), ('+80012345678'::phone)) v(p)
ORDER BY p;

-- COPY BINARY round trip
CREATE TABLE phone_test.bin_src (p phone);
INSERT INTO phone_test.bin_src SELECT p FROM phone_test.samples;
\copy phone_test.bin_src TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_binary.bin' WITH (FORMAT binary)
CREATE TABLE phone_test.bin_dst (p phone);
\copy phone_test.bin_dst FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_binary.bin' WITH (FORMAT binary)
SELECT (SELECT array_agg(p ORDER BY p) FROM phone_test.bin_src) =
       (SELECT array_agg(p ORDER BY p) FROM phone_test.bin_dst) AS same_values,
       (SELECT count(*) FROM phone_test.bin_dst) AS n;

-- Hostile binary input.  A bigint column has the same binary layout (8
-- bytes, big-endian), so COPY a bigint table out and read it as phone.
-- phone_test.rank(digits) computes the wire value of any digit string
-- independently of the C code: sum of d_i * S(19 - i) + 1, with
-- S(n) = (10^(n+1) - 1) / 9, as a signed 64-bit pattern.
CREATE FUNCTION phone_test.rank(digits text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE WHEN r >= 2::numeric ^ 63 THEN r - 2::numeric ^ 64 ELSE r END)::bigint
    FROM (SELECT coalesce(sum(substr(digits, i, 1)::numeric
                              * ((10::numeric ^ (20 - i) - 1) / 9) + 1), 0) AS r
          FROM generate_series(1, length(digits)) i) s
$$;
-- the SQL formula agrees with the C encoding
SELECT phone_test.rank('14155552671') =
       ('x' || encode(phone_send('+14155552671'::phone), 'hex'))::bit(64)::bigint AS agrees;

CREATE TABLE phone_test.raw (v bigint);
CREATE TABLE phone_test.bin_bad (p phone);
CREATE PROCEDURE phone_test.recv_raw(v bigint)
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE phone_test.raw;
    INSERT INTO phone_test.raw VALUES (v);
END $$;

-- beyond the largest encoding (all bits set)
CALL phone_test.recv_raw(-1);
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- the first value beyond: rank S(19)
CALL phone_test.recv_raw(phone_test.rank('9999999999999999999') + 1);
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- rank 0: the empty string
CALL phone_test.recv_raw(phone_test.rank(''));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- a calling code with no number
CALL phone_test.recv_raw(phone_test.rank('1'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- no calling code starts with 0
CALL phone_test.recv_raw(phone_test.rank('014155552671'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- 19 digits, but 18 after the calling code: more than any plan allows
CALL phone_test.recv_raw(phone_test.rank('1415555267100000000'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- +44 0 20 ...: text input would drop the national prefix 0, so these
-- digits are not the canonical form of any value
CALL phone_test.recv_raw(phone_test.rank('4402070313000'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
-- 17 digits after +1: structurally possible, too long for the plan
CALL phone_test.recv_raw(phone_test.rank('141555526710000000'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_bad.bin' WITH (FORMAT binary)
SELECT count(*) AS nothing_got_in FROM phone_test.bin_bad;

-- a valid value written through bigint's binary form reads back
CALL phone_test.recv_raw(phone_test.rank('14155552671'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_good.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_good.bin' WITH (FORMAT binary)
SELECT p FROM phone_test.bin_bad;

-- binary input is checked against the plans like text input: a number
-- that is structurally fine but not valid is refused under 'valid' and
-- accepted under 'any'
TRUNCATE phone_test.bin_bad;
CALL phone_test.recv_raw(phone_test.rank('19995550000'));
\copy phone_test.raw TO PROGRAM 'cat > "$PG_ABS_BUILDDIR"/results/phone_invalid.bin' WITH (FORMAT binary)
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_invalid.bin' WITH (FORMAT binary)
SET phone.validation = 'any';
\copy phone_test.bin_bad FROM PROGRAM 'cat "$PG_ABS_BUILDDIR"/results/phone_invalid.bin' WITH (FORMAT binary)
RESET phone.validation;
SELECT p FROM phone_test.bin_bad;
