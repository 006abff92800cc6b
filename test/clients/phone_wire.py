#
# test/clients/phone_wire.py: a reference encoder and decoder for the
# binary form of the phone type (doc/clients.md, "The binary format").
#
# A phone number is its E.164 digit string D = d1 d2 ... dk (1 <= k <= 19,
# no "+").  Its binary form, what phone_send writes and phone_recv reads,
# is rank(D) as an unsigned 64-bit integer, 8 bytes, most significant
# first, where
#
#     rank(D) = sum over i = 1..k of (d_i * S(19 - i) + 1)
#     S(n)    = (10^(n+1) - 1) / 9
#
# (the preorder index of D in the complete 10-ary tree of depth 19;
# src/core/phone_core.h).  Ranks are below S(19) = 11111111111111111111.
# encode() does not validate a number against the numbering plans: the
# server does that in phone_recv, and refuses with SQLSTATE 22P03 what text
# input would refuse with 22P02.
#
import struct

MAX_DIGITS = 19


def S(n):
    """The number of digit strings of length 0..n."""
    return (10 ** (n + 1) - 1) // 9


LIMIT = S(MAX_DIGITS)


def rank(digits):
    """The rank of a string of 0..19 digits."""
    if len(digits) > MAX_DIGITS or not all('0' <= c <= '9' for c in digits):
        raise ValueError('not a string of at most 19 digits: %r' % digits)
    return sum(int(d) * S(MAX_DIGITS - i) + 1 for i, d in enumerate(digits, 1))


def unrank(r):
    """The digit string of a rank (the inverse of rank)."""
    if not 0 <= r < LIMIT:
        raise ValueError('rank out of range: %d' % r)
    digits = []
    i = 1
    while r > 0:
        r -= 1                      # step into the subtree of the next digit
        size = S(MAX_DIGITS - i)    # strings under one digit at depth i
        d, r = divmod(r, size)
        digits.append(str(d))
        i += 1
    return ''.join(digits)


def encode(e164):
    """'+14155552671' (or '14155552671') -> the 8 bytes of the binary form."""
    digits = e164[1:] if e164.startswith('+') else e164
    if not digits:
        raise ValueError('no digits')
    return struct.pack('>Q', rank(digits))


def decode(data):
    """The 8 bytes of the binary form -> '+14155552671'."""
    if len(data) != 8:
        raise ValueError('a phone is 8 bytes, not %d' % len(data))
    (r,) = struct.unpack('>Q', data)
    return '+' + unrank(r)


if __name__ == '__main__':
    # the examples of src/core/phone_core.h
    assert encode('+1').hex() == '0f6b75ab2bc471c8'
    assert encode('+14155552671').hex() == '15d3d8e7f679f0b1'
    assert encode('+390612345678').hex() == '3c3b43c3d0a89e06'
    for n in ('+1', '+14155552671', '+390612345678', '+9' * 1 + '9' * 18):
        assert decode(encode(n)) == n
    print('phone_wire: ok')
