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
