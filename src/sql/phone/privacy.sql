
-- src/sql/phone/privacy.sql: masking and keyed pseudonyms

-- ---------------------------------------------------------------------
-- Privacy: a masked form for display, and keyed pseudonyms for joining
-- without the number (doc/pseudonyms.md).
-- ---------------------------------------------------------------------

CREATE FUNCTION phone_mask(number phone, visible integer DEFAULT 4) RETURNS text
    AS 'MODULE_PATHNAME', 'phone_mask_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 10;
COMMENT ON FUNCTION phone_mask(phone, integer) IS
    'the number with its national part starred but for the last visible digits (at most half of them), e.g. +1 ******0123';

-- Reads the settings phone.pseudonym_key and phone.pseudonym_key_id: STABLE.
CREATE FUNCTION phone_pseudonym(number phone, context text DEFAULT '') RETURNS bytea
    AS 'MODULE_PATHNAME', 'phone_pseudonym_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION phone_pseudonym(phone, text) IS
    'keyed pseudonym of the number for the context: the key id byte and HMAC-SHA256 under phone.pseudonym_key';
REVOKE EXECUTE ON FUNCTION phone_pseudonym(phone, text) FROM PUBLIC;
