/* phone--1.1.sql: the phone extension, version 1.1.
 * Built by make from the files in src/sql/; edit those. */

\echo Use "CREATE EXTENSION phone" to load this file. \quit

