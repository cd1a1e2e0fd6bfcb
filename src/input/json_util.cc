#include "input/json_util.h"

namespace argx::input {

bool ParseJson(std::string_view text, nlohmann::json* out, std::string* error, size_t* error_byte) {
  try {
    *out = nlohmann::json::parse(text);
    return true;
  } catch (const nlohmann::json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
    std::string what = e.what();
    size_t colon = what.find(": ");
    *error = "malformed JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2));
    if (error_byte != nullptr) *error_byte = e.byte > 0 ? e.byte - 1 : 0;
    return false;
  } catch (const nlohmann::json::exception& e) {
    *error = std::string("malformed JSON: ") + e.what();
    if (error_byte != nullptr) *error_byte = 0;
    return false;
  }
}

bool ValueString(const nlohmann::json& value, std::string* out) {
  switch (value.type()) {
    case nlohmann::json::value_t::string:
      *out = value.get<std::string>();
      return true;
    case nlohmann::json::value_t::boolean:
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      *out = value.dump();
      return true;
    case nlohmann::json::value_t::array: {
      std::string joined;
      for (const auto& item : value) {
        std::string s;
        if (!ValueString(item, &s) || s.empty()) continue;
        if (!joined.empty()) joined += "; ";
        joined += s;
      }
      if (joined.empty()) return false;
      *out = std::move(joined);
      return true;
    }
    case nlohmann::json::value_t::object: {
      auto it = value.find("name");
      return it != value.end() && it->is_string() && ValueString(*it, out);
    }
    default:
      return false;
  }
}

const nlohmann::json* Member(const nlohmann::json& object, std::string_view path) {
  const nlohmann::json* at = &object;
  while (true) {
    if (!at->is_object()) return nullptr;
    size_t dot = path.find('.');
    // A member whose own name has a dot ("og.title") is found whole first.
    auto whole = at->find(std::string(path));
    if (whole != at->end()) return &*whole;
    if (dot == std::string_view::npos) return nullptr;
    auto it = at->find(std::string(path.substr(0, dot)));
    if (it == at->end()) return nullptr;
    at = &*it;
    path.remove_prefix(dot + 1);
  }
}

}  // namespace argx::input
