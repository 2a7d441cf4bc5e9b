#include "schema_check.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <fstream>

namespace webexcc::testing {

struct SchemaCheck::Compiled {
    valijson::Schema schema;
};

SchemaCheck::SchemaCheck(const std::filesystem::path& schema_file) : compiled_(std::make_unique<Compiled>()) {
    std::ifstream in(schema_file);
    if (!in) throw std::runtime_error("cannot read schema " + schema_file.string());
    auto document = nlohmann::json::parse(in);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, compiled_->schema);
}

SchemaCheck::~SchemaCheck() = default;

std::string SchemaCheck::problems(const nlohmann::json& document) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(compiled_->schema, adapter, &results)) return {};
    std::string text;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        std::string where;
        for (const auto& part : error.context) where += part;
        text += where + ": " + error.description + "\n";
    }
    return text;
}

}  // namespace webexcc::testing
