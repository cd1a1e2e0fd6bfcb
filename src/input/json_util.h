// Helpers of the input library around nlohmann::json (internal: not used
// outside src/input). nlohmann reports errors by exception; these catch
// them, so nothing is thrown out of the library.
#ifndef ARGX_INPUT_JSON_UTIL_H_
#define ARGX_INPUT_JSON_UTIL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace argx::input {

// Parses `text` into *out. Returns false with *error = "malformed JSON: ..."
// (nlohmann's reason, without its position) and, when `error_byte` is not
// null, the 0-based byte offset of the error in *error_byte.
bool ParseJson(std::string_view text, nlohmann::json* out, std::string* error,
               size_t* error_byte = nullptr);

// The value as text: a string as it is, a number or boolean printed, an
// array of such values joined with "; ", an object by its "name" member
// (schema.org's {"@type": "Organization", "name": "BBC"}). Returns false for
// null, an empty array and anything else.
bool ValueString(const nlohmann::json& value, std::string* out);

// The member at a dotted path ("publisher.name") of an object, or null.
const nlohmann::json* Member(const nlohmann::json& object, std::string_view path);

}  // namespace argx::input

#endif  // ARGX_INPUT_JSON_UTIL_H_
