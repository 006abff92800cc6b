#
# test/clients/test_wire.py: the reference encoder and decoder of
# phone_wire.py agree with the server's phone_send and phone_recv on the
# example number of every region and number type, on the examples of
# src/core/phone_core.h, and on the bounds of the encoding.
#
# Connects with the libpq environment (psycopg 3) to a database with the
# extension.  Prints "ok - ..." / "FAILED - ..." and "N passed, M failed".
#
import os
import sys

import psycopg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phone_wire  # noqa: E402

passed = failed = 0


def check(what, cond, got=None):
    global passed, failed
    if cond:
        passed += 1
        print('ok - wire: ' + what)
    else:
        failed += 1
        print('FAILED - wire: %s (got %r)' % (what, got))


check('the examples of src/core/phone_core.h',
      phone_wire.encode('+1').hex() == '0f6b75ab2bc471c8'
      and phone_wire.encode('+14155552671').hex() == '15d3d8e7f679f0b1'
      and phone_wire.encode('+390612345678').hex() == '3c3b43c3d0a89e06')
check('rank and unrank are inverse at the bounds',
      phone_wire.unrank(0) == '' and phone_wire.unrank(phone_wire.LIMIT - 1) == '9' * 19
      and phone_wire.rank('9' * 19) == phone_wire.LIMIT - 1)
try:
    phone_wire.decode((phone_wire.LIMIT).to_bytes(8, 'big'))
    check('decode refuses a rank beyond the largest', False)
except ValueError:
    check('decode refuses a rank beyond the largest', True)

with psycopg.connect() as conn:
    rows = conn.execute("""
        SELECT e::text, phone_send(e)
        FROM phone_regions() r, unnest(enum_range(NULL::phone_number_type)) t,
             LATERAL (SELECT phone_example(r.region, t) AS e) x
        WHERE e IS NOT NULL""").fetchall()
    bad = [(t, bytes(b).hex()) for t, b in rows
           if phone_wire.encode(t) != bytes(b) or phone_wire.decode(bytes(b)) != t]
    check('encode and decode agree with phone_send on %d example numbers' % len(rows),
          len(rows) > 1000 and not bad, bad[:3])

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
