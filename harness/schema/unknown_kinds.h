#pragma once
// Union values of kinds this build's schema does not know, found in the JSON
// before it is parsed (after parsing they are indistinguishable from reading
// errors). Shared by model_reader's Mark and Refuse modes.
#include <string>

#include "harness/schema/json.h"

namespace exportcheck::schema {

// Rewrites each argument of unknown kind to {"as_operator": "<unknown:KIND>"}.
void mark_unknown_arguments(Json& program);

// The JSON path of the first value torch's from_json would leave empty (an
// argument, input spec, output spec or constant of unknown kind, a tensor
// meta with a missing field, a symbolic value of no known kind), or "".
// Takes the program by value: the walker it shares with marking needs mutable
// JSON (callers that are done with theirs move it in).
std::string unknown_value_at(Json program);

}  // namespace exportcheck::schema
