--
-- phone_input: text input as people write it, and every way it is refused.
--
SET phone.default_region = '';
SET phone.validation = 'valid';

-- international numbers with the punctuation people use
SELECT input, input::phone AS phone
FROM (VALUES
    ('+14155552671'),
    ('+1 415 555 2671'),
    ('+1 (415) 555-2671'),
    ('+1.415.555.2671'),
    ('+1/415/555/2671'),
    ('  +1 415-555-2671  '),
    ('(+1) 415 555 2671'),
    ('+33 7 52 62 61 65'),
    ('+44 20 7031 3000'),
    ('+49 30 901820'),
    ('+39 06 6988 3177'),
    ('+81 3-3580-3311'),
    ('+61 2 9374 4000'),
    ('+354 551 1234'),
    ('+800 1234 5678')
) v(input);

-- tel: URIs (RFC 3966)
SELECT input, input::phone AS phone
FROM (VALUES
    ('tel:+1-415-555-2671'),
    ('TEL:+1.415.555.2671'),
    ('tel:+44-20-7031-3000;isub=1234'),
    ('tel:7031-3000;phone-context=+44-20')
) v(input);

-- digits of other scripts: full-width, Arabic-Indic, Eastern Arabic-Indic,
-- Devanagari, with full-width plus and punctuation
SELECT input, input::phone AS phone
FROM (VALUES
    (U&'\FF0B\FF11 \FF14\FF11\FF15 \FF15\FF15\FF15 \FF12\FF16\FF17\FF11'),
    (U&'+\0669\0667\0661 \0665\0660 \0661\0662\0663 \0664\0665\0666\0667'),
    (U&'+\06F9\06F8 \06F9\06F1\06F2 \06F3\06F4\06F5 \06F6\06F7\06F8\06F9'),
    (U&'+\096F\0967 \096F\096E\0967\0967\0966 \0967\0968\0969\0966\0968')
) v(input);

-- the same person written three ways is one value
SELECT count(DISTINCT p) AS distinct_values
FROM (VALUES ('+33 7 52 62 61 65'::phone), ('+33752626165'), ('tel:+33-7-52-62-61-65')) v(p);

\x on
-- refused: structure
SELECT input, (phone_test.input_error(input)).*
FROM (VALUES
    (''),
    ('   '),
    ('+-() ./'),
    ('+1 415 55a 2671'),
    ('call +1 415 555 2671'),
    ('1+415 555 2671'),
    ('+1 415 555 2671 +1'),
    ('+1 415 * 555 2671'),
    ('+1 415 555 2671 8888 8888 8888'),
    ('+1 415 555 2671 ext. 123'),
    ('+1 415 555 2671 x 9'),
    ('tel:+1-415-555-2671;ext=12'),
    ('tel:+1 415 555 2671'),
    ('tel:+1-415-555-2671;phone-context=+1'),
    ('(415) 555-2671'),
    ('0752626165')
) v(input);

-- refused: numbering plans
SELECT input, (phone_test.input_error(input)).*
FROM (VALUES
    ('+999 123 456'),
    ('+354 555 123'),
    ('+354 555 12345'),
    ('+1 415 555 26711'),
    ('+44 20 7031 300'),
    ('+1 415 055 2671'),
    ('+33 0 52 62 61 65')
) v(input);
\x off

-- the message quotes at most 200 bytes of a long input
SELECT length(message) < 260 AS message_is_short, message LIKE '%...%' AS cut
FROM phone_test.input_error(repeat('+1 415 555 2671 ', 1000));

-- control characters and invalid characters are reported, not echoed raw
SELECT (phone_test.input_error(E'+1 415\t555\u0001')).detail;

-- extension markers (libphonenumber's: ~, full-width ~, commas, ';', 'int',
-- 'anexo', ...) are never read as digits of the number: the type refuses
-- them as extensions, and phone_split takes them apart
\x on
SELECT input, (phone_test.input_error(input)).*
FROM (VALUES
    ('+49 30 901820 ~ 12'),
    ('+1 264-724-1234,0017')
) v(input);
\x off
SELECT input, (phone_split(input, NULL)).*
FROM (VALUES
    ('+49 30 901820 ~ 12'),
    (U&'+49 30 901820 \FF5E 12'),
    ('+1 264-724-1234,0017'),
    ('+1 264-724-1234,,0017'),
    ('+1 264-724-1234;0017'),
    ('+1 264-724-1234 int 17'),
    ('+1 264-724-1234 anexo 17'),
    ('+1 264-724-1234 - 17#')
) v(input);
-- an extension label with nothing after it is not read as keypad letters
SELECT (phone_test.input_error('+44 20 7031 3000 ext')).detail;

-- the national (trunk) prefix is stripped once: a doubled one is refused,
-- and more than 19 digits as typed are refused before any stripping
\x on
SELECT input, region,
       (phone_test.statement_error(format('SELECT phone_parse(%L, %L)', input, region))).*
FROM (VALUES
    ('8 8 029 123 45 67', 'BY'),
    ('0 0 3 1234 5678', 'AU'),
    ('000701234567', 'AF'),
    ('+1 1 1 650 253 0000', NULL),
    ('44 0 0 20 7946 0000', 'GB'),
    ('111111111111111 415 555 2671', 'US')
) v(input, region);
\x off
SELECT input, region, phone_parse(input, region)
FROM (VALUES
    ('8 029 123 45 67', 'BY'),
    ('03 1234 5678', 'AU'),
    ('0701234567', 'AF'),
    ('+1 1 650 253 0000', NULL),
    ('44 0 20 7946 0000', 'GB')
) v(input, region);

-- invisible bidirectional marks are skipped; digits of two scripts are not
-- one number
SELECT phone_parse(U&'\200F+\0669\0667\0663 \0661\0667\0660\0660 \0661\0662\0663\0664', NULL);
SELECT phone_parse(U&'\200E+44 20 \202A7031 3000\202C\2069', NULL);
\x on
SELECT (phone_test.input_error(U&'+973 1700 \0661\0662\0663\0664')).*;

-- a label before the number is named as one
SELECT (phone_test.statement_error($$SELECT phone_parse('Tel: 020 7031 3000', 'GB')$$)).*;

-- no hint to accept merely possible numbers where the trunk prefix would
-- be kept: written with "+", +33061344125 is not valid, and its hint asks to
-- check the digits (so for Russia and Belarus, whose prefix is kept when
-- the digits left fit no pattern); a number that is merely not in a range
-- in use is told how to accept it at 'possible', which does accept it
SELECT (phone_test.statement_error($$SELECT phone_parse('+33 06 13 44 12 5', NULL)$$)).*;
SELECT (phone_test.statement_error($$SELECT phone_parse('+7 8 495 123 45 6', NULL)$$)).*;
SELECT (phone_test.statement_error($$SELECT phone_parse('+375 8 029 123 45 6', NULL)$$)).*;
SELECT (phone_test.statement_error($$SELECT phone_parse('+1 415 055 2671', NULL)$$)).*;
\x off
SELECT phone_parse('+1 415 055 2671', NULL, 'possible');

-- a national number that begins with the national (trunk) prefix, which
-- libphonenumber keeps as a digit of the number because without it the
-- digits are too few (or fit no pattern): refused at every level, for the
-- stored number would not be the one typed
\x on
SELECT input, region, level,
       (phone_test.statement_error(format('SELECT phone_parse(%L, %L, %L)', input, region, level))).*
FROM (VALUES
    ('1 415 555 267', 'US'),
    ('06 12 34 56 7', 'FR'),
    ('8 495 123 45 6', 'RU'),
    ('8 029 123 45 6', 'BY'),
    ('1 555 2671', 'US')
) v(input, region),
(VALUES ('valid'), ('possible'), ('any'), ('stored')) l(level)
WHERE region = 'US' AND input = '1 415 555 267' OR level = 'any';
\x off
-- the same through the type input, under each setting
SET phone.default_region = 'US';
SET phone.validation = 'possible';
SELECT (phone_test.input_error('1 415 555 267')).code;
SET phone.validation = 'any';
SELECT (phone_test.input_error('1 415 555 267')).code;
SET phone.default_region = 'FR';
SELECT (phone_test.input_error('06 12 34 56 7')).code;
SET phone.default_region = 'RU';
SELECT (phone_test.input_error('8 495 123 45 6')).code;
SET phone.validation = 'valid';
SELECT (phone_test.input_error('8 495 123 45 6')).code;
SET phone.default_region = '';
-- typed in full, with "+", or as a valid number that itself begins with
-- the prefix digit, they read as before at every level
SELECT input, region, level, phone_parse(input, region, level)
FROM (VALUES
    ('1 415 555 2671', 'US'),
    ('06 12 34 56 78', 'FR'),
    ('8 495 123 45 67', 'RU'),
    ('800 555 35 35', 'RU'),
    ('+1 1 415 555 267', NULL),
    ('+33 06 12 34 56 7', NULL)
) v(input, region),
(VALUES ('valid'), ('possible'), ('any'), ('stored')) l(level)
WHERE level <> 'valid' OR input NOT LIKE '+%'
ORDER BY input, level;
-- phone_match compares such text as libphonenumber reads it; phone_check
-- and phone_report_number judge it as phone_parse does: refused at every
-- level, so neither valid nor possible
SELECT phone_check('1 415 555 267', 'US') AS check_us,
       phone_check('06 12 34 56 7', 'FR') AS check_fr,
       phone_check('+1 1 1 650 253 0000', NULL) AS check_twice,
       phone_check('44 0 0 20 7946 0000', 'GB') AS check_gb,
       phone_report_number('1 415 555 267', 'US') AS report_us,
       phone_report_number('+1 1 1 650 253 0000', NULL) AS report_twice,
       phone_match(phone_parse('+11415555267', NULL, 'any'), '1 415 555 267') AS match_us;
-- the printed forms of a valid number whose national number begins with the
-- prefix digit read back
SELECT f, phone_format('+78005553535', f) AS text,
       phone_parse(phone_format('+78005553535', f), 'RU') = '+78005553535' AS reads_back
FROM unnest(ARRAY['national', 'international', 'e164', 'rfc3966']) f;

-- more labels people type before a number, and a note after it, are named
-- (a note in brackets is never read as keypad letters: that would be
-- another number); a "#" that ends the input is named as an extension
-- marker; at 'any' a length error quotes the structural limit only
\x on
SELECT input, region, (phone_test.statement_error(format('SELECT phone_parse(%L, %L, %L)', input, region, 'any'))).*
FROM (VALUES
    ('Tel:020 7946 0000', 'GB'),
    ('Mob. 07700 900123', 'GB'),
    ('Fax +44 20 7946 0000', 'GB'),
    ('Téléphone : 01 23 45 67 89', 'FR'),
    ('020 7946 0000 (office)', 'GB'),
    ('02079460000#', 'GB'),
    ('+44 1', NULL)
) v(input, region);
SELECT (phone_test.statement_error($$SELECT phone_parse('+44 20 7946 0000#', NULL)$$)).*;
\x off
