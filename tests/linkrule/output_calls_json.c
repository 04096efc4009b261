/*
 * output_calls_json.c - a deliberate misuse: an output module that parses
 * JSON itself.  json-c is linked by the enrich stage alone (the container
 * runtimes' files); tests/linkrule/test_link_rule.sh links this with the
 * output stage and expects the link to fail.
 */
#include <json-c/json_tokener.h>

struct json_object *linkrule_parse(const char *text);

struct json_object *linkrule_parse(const char *text)
{
	return json_tokener_parse(text);
}
