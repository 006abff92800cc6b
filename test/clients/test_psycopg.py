#
# test/clients/test_psycopg.py: psycopg 3 (Debian's python3-psycopg)
# against the phone type, as doc/clients.md shows it: text and binary
# results, parameters, a loader and a dumper that map phone to a Python
# str, COPY in both formats, and errors with their SQLSTATE and DETAIL.
#
# Connects with the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE)
# to a database where the extension is installed.  Prints "ok - ..." or
# "FAILED - ..." per check and "N passed, M failed".
#
import os
import sys

import psycopg
from psycopg import errors
from psycopg.adapt import Dumper, Loader
from psycopg.pq import Format
from psycopg.types import TypeInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phone_wire  # noqa: E402

passed = failed = 0


def check(what, cond, got=None):
    global passed, failed
    if cond:
        passed += 1
        print('ok - psycopg: ' + what)
    else:
        failed += 1
        print('FAILED - psycopg: %s (got %r)' % (what, got))


# --- what doc/clients.md shows: a loader and a dumper -------------------

class Phone(str):
    """A phone number in E.164 ('+14155552671'): a str that psycopg sends
    as a phone (binary) rather than as text of unknown type."""


class PhoneBinaryLoader(Loader):
    format = Format.BINARY

    def load(self, data):
        return phone_wire.decode(bytes(data))


class PhoneBinaryDumper(Dumper):
    format = Format.BINARY

    def dump(self, obj):
        return phone_wire.encode(obj)


def register_phone(conn):
    info = TypeInfo.fetch(conn, 'phone')
    info.register(conn)                 # so that COPY's set_types() knows 'phone'
    conn.adapters.register_loader(info.oid, PhoneBinaryLoader)
    dumper = type('PhoneDumper', (PhoneBinaryDumper,), {'oid': info.oid})
    conn.adapters.register_dumper(Phone, dumper)
    return info


# ------------------------------------------------------------------------

with psycopg.connect(autocommit=True) as conn:
    conn.execute('CREATE TEMP TABLE contacts (id int PRIMARY KEY, phone phone NOT NULL)')

    # text: a phone comes back as its E.164 text, a str
    conn.execute("SET phone.default_region = 'US'")
    conn.execute('INSERT INTO contacts VALUES (%s, %s), (%s, %s)',
                 [1, '(415) 555-2671', 2, '+44 20 7031 3000'])
    rows = conn.execute('SELECT id, phone FROM contacts ORDER BY id').fetchall()
    check('text results are E.164 str', rows == [(1, '+14155552671'), (2, '+442070313000')], rows)
    check('a str parameter is read as any phone text (comparison)',
          conn.execute('SELECT id FROM contacts WHERE phone = %s', ['415.555.2671']).fetchone() == (1,))

    # binary, without a loader: the 8 bytes
    raw = conn.execute('SELECT phone FROM contacts WHERE id = 1', binary=True).fetchone()[0]
    check('binary without a loader: 8 bytes, big-endian rank',
          bytes(raw) == bytes.fromhex('15d3d8e7f679f0b1'), raw)

    # binary, with the loader and the dumper
    info = register_phone(conn)
    rows = conn.execute('SELECT id, phone FROM contacts ORDER BY id', binary=True).fetchall()
    check('binary with the loader: E.164 str', rows == [(1, '+14155552671'), (2, '+442070313000')], rows)
    conn.execute('INSERT INTO contacts VALUES (%s, %s)', [3, Phone('+390612345678')])
    got = conn.execute('SELECT phone::text FROM contacts WHERE id = 3').fetchone()[0]
    check('a Phone parameter goes in binary through the dumper', got == '+390612345678', got)
    check('the binary form of every stored value decodes to its text',
          all(phone_wire.decode(bytes(b)) == t for b, t in conn.execute(
              'SELECT phone_send(phone), phone::text FROM contacts').fetchall()))

    # COPY in binary through psycopg
    with conn.cursor() as cur:
        with cur.copy('COPY contacts (id, phone) FROM STDIN (FORMAT BINARY)') as copy:
            copy.set_types(['int4', 'phone'])
            copy.write_row((4, Phone('+4930901820')))
        with cur.copy('COPY (SELECT id, phone FROM contacts ORDER BY id) TO STDOUT (FORMAT BINARY)') as copy:
            copy.set_types(['int4', 'phone'])
            out = list(copy.rows())
    check('COPY FROM/TO STDIN in binary with the loader and dumper',
          out[-1] == (4, '+4930901820') and len(out) == 4, out)

    # errors: 22P02 for text, with the DETAIL; 22P03 for binary
    try:
        conn.execute("SELECT '+354 555 123'::phone")
        check('text input error', False)
    except errors.InvalidTextRepresentation as e:
        check('a refused text input raises InvalidTextRepresentation, SQLSTATE 22P02, with DETAIL',
              e.sqlstate == '22P02' and e.diag.message_detail.startswith('Numbers under +354 (Iceland)'),
              (e.sqlstate, e.diag.message_detail))
        print('    ' + str(e).split('\n')[0] + ' / DETAIL: ' + e.diag.message_detail)
    try:
        conn.execute('INSERT INTO contacts VALUES (%s, %s)', [5, Phone('+1')])
        check('binary input error', False)
    except errors.InvalidBinaryRepresentation as e:
        check('a refused binary value raises InvalidBinaryRepresentation, SQLSTATE 22P03, with DETAIL',
              e.sqlstate == '22P03' and bool(e.diag.message_detail), (e.sqlstate, e.diag.message_detail))
        print('    ' + str(e).split('\n')[0] + ' / DETAIL: ' + e.diag.message_detail)

print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
