#
# test/clients/copy_binary.py: read a file written by COPY ... TO ...
# (FORMAT binary) whose columns are (integer, phone), and print each row as
# "id<TAB>+E.164", decoding the phone with the reference decoder
# (doc/clients.md, "COPY in binary").
#
# The file: the 11-byte signature PGCOPY\n\377\r\n\0, a 32-bit flags field,
# a 32-bit header extension length and that many bytes; then per row a
# 16-bit field count (-1 ends the data) and per field a 32-bit length (-1
# for NULL) and the field's binary form: 4 bytes for an integer, 8 for a
# phone.  Every integer is big-endian.
#
# Usage: copy_binary.py FILE
#
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phone_wire  # noqa: E402


def rows(data):
    if data[:11] != b'PGCOPY\n\xff\r\n\x00':
        raise ValueError('not a binary COPY file')
    flags, ext = struct.unpack('>iI', data[11:19])
    pos = 19 + ext
    while True:
        (n,) = struct.unpack('>h', data[pos:pos + 2])
        pos += 2
        if n == -1:
            return
        fields = []
        for _ in range(n):
            (length,) = struct.unpack('>i', data[pos:pos + 4])
            pos += 4
            if length == -1:
                fields.append(None)
                continue
            fields.append(data[pos:pos + length])
            pos += length
        yield fields


if __name__ == '__main__':
    with open(sys.argv[1], 'rb') as f:
        for id_, phone in rows(f.read()):
            print('%d\t%s' % (struct.unpack('>i', id_)[0], phone_wire.decode(phone)))
