/*-------------------------------------------------------------------------
 *
 * phone_sms.h
 *	  The words of an SMS body, as keyword matching reads them.
 *
 * Plain C99 like the rest of the core: no PostgreSQL header, no
 * allocation, no mutable state.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHONE_SMS_H
#define PHONE_SMS_H

#include <stddef.h>

/*
 * Writes the words of the UTF-8 text in[0..len-1] into out, upper-case,
 * separated by one space, with no space before the first or after the
 * last, and NUL-terminated; returns the length written.  out must have
 * room for len + 1 bytes: the result is never longer than the input.
 *
 * Characters are read as Unicode's compatibility normalisation (NFKC)
 * followed by case folding and the removal of accents would read them,
 * for every character that can spell a keyword in a Latin script:
 *	- full-width and half-width forms, mathematical alphanumerics, circled
 *	  letters, superscript digits and the Latin ligatures become the ASCII
 *	  letters and digits they stand for;
 *	- letters with accents (Latin-1 Supplement, Latin Extended-A, and
 *	  combining marks after a letter) lose them; ß is SS, Æ AE, Œ OE;
 *	- every kind of space (no-break, ideographic, the typographic spaces,
 *	  line and paragraph separators) and every punctuation mark or symbol
 *	  (ASCII, Latin-1, general punctuation, CJK punctuation, arrows,
 *	  mathematical and technical symbols, dingbats, emoji) separates words;
 *	- format characters that join or hide (zero-width space and joiners,
 *	  word joiner, soft hyphen, byte-order mark, variation selectors) are
 *	  dropped, so that they cannot split a word;
 *	- any other character (a letter of another script) is kept as it is,
 *	  inside its word.
 * Bytes that are not valid UTF-8 are kept as they are, one at a time.
 */
extern size_t phone_sms_words(const char *in, size_t len, char *out);

#endif							/* PHONE_SMS_H */
