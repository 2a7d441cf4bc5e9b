#pragma once
// JSON Schema validation with valijson, for the message contract's schemas.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace webexcc::testing {

class SchemaCheck {
public:
    explicit SchemaCheck(const std::filesystem::path& schema_file);
    ~SchemaCheck();
    // Empty when `document` is valid; otherwise one line per violation.
    std::string problems(const nlohmann::json& document) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
};

}  // namespace webexcc::testing
