/* phone_consent--unpackaged.sql: the phone_consent extension with no
 * objects.  A database updated from phone 1.0 keeps the consent objects of
 * that version (ALTER EXTENSION phone UPDATE TO '1.1' detaches them from
 * phone); CREATE EXTENSION phone_consent VERSION 'unpackaged' followed by
 * ALTER EXTENSION phone_consent UPDATE TO '1.1' adopts them, data and all
 * (phone_consent--unpackaged--1.1.sql; doc/operations.md, "Upgrading from
 * 1.0"). */

\echo Use "CREATE EXTENSION phone_consent VERSION 'unpackaged'" to load this file. \quit
