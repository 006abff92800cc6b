-- 80-cost.sql: the planner's cost of the functions that parse, look up or
-- format, so that it evaluates cheap conditions (=, <, the casts to and
-- from bigint) before them.  In units of cpu_operator_cost, about what `=`
-- on two phones takes (15-25 ns): 10 for parsing text or looking a number
-- up in the numbering plan (100-300 ns a call), 50 for formatting with a
-- pattern or building an array of zones (0.5-1.5 microseconds), 100 for
-- a keyed hash (phone_pseudonym) and for time-zone names, which the server
-- looks up in its zone files when it does not know them.
ALTER FUNCTION @extschema@.phone_in(cstring) COST 10;
ALTER FUNCTION @extschema@.phone_recv(internal) COST 10;
ALTER FUNCTION @extschema@.phone_starts_with(@extschema@.phone, text) COST 10;
ALTER FUNCTION @extschema@.phone_prefix_lower(text) COST 10;
ALTER FUNCTION @extschema@.phone_prefix_upper(text) COST 10;
ALTER FUNCTION @extschema@.phone(text) COST 10;
ALTER FUNCTION @extschema@.phone(bigint) COST 10;
ALTER FUNCTION @extschema@.phone_parse(text, text) COST 10;
ALTER FUNCTION @extschema@.phone_parse(text) COST 10;
ALTER FUNCTION @extschema@.phone_try_parse(text, text) COST 10;
ALTER FUNCTION @extschema@.phone_try_parse(text) COST 10;
ALTER FUNCTION @extschema@.phone_split(text, text) COST 50;
ALTER FUNCTION @extschema@.phone_check(text, text) COST 10;
ALTER FUNCTION @extschema@.phone_check(text) COST 10;
ALTER FUNCTION @extschema@.phone_is_valid(@extschema@.phone) COST 10;
ALTER FUNCTION @extschema@.phone_national_number(@extschema@.phone) COST 10;
ALTER FUNCTION @extschema@.phone_region(@extschema@.phone) COST 10;
ALTER FUNCTION @extschema@.phone_type(@extschema@.phone) COST 10;
ALTER FUNCTION @extschema@.phone_format(@extschema@.phone, text) COST 50;
ALTER FUNCTION @extschema@.phone_format_out_of_country(@extschema@.phone, text) COST 50;
ALTER FUNCTION @extschema@.phone_match(@extschema@.phone, text) COST 10;
ALTER FUNCTION @extschema@.phone_example(text, @extschema@.phone_number_type) COST 10;
ALTER FUNCTION @extschema@.phone_timezones(@extschema@.phone) COST 50;
ALTER FUNCTION @extschema@.phone_possible_timezones(@extschema@.phone) COST 50;
ALTER FUNCTION @extschema@.phone_timezone_known(text) COST 100;
ALTER FUNCTION @extschema@.phone_sms_words(text) COST 10;
ALTER FUNCTION @extschema@.phone_mask(@extschema@.phone, integer) COST 10;
ALTER FUNCTION @extschema@.phone_pseudonym(@extschema@.phone, text) COST 100;
ALTER FUNCTION @extschema@.phone_report_number(text, text) COST 10;
ALTER FUNCTION @extschema@.phone_parse(text, text, text) COST 10;
