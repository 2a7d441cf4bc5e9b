#include "plugin_config.hpp"

#include "phone_number.hpp"
#include "webexcc/client/url.hpp"

namespace webexcc::outbound {

namespace {

using nlohmann::json;

std::string optional_string(const json& config, const char* key, std::string fallback = {}) {
    auto it = config.find(key);
    if (it == config.end()) return fallback;
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
        throw PluginConfigError(std::string("\"") + key + "\" must be a non-empty string");
    return it->get<std::string>();
}

std::string required_string(const json& config, const char* key, const char* what) {
    if (!config.contains(key)) throw PluginConfigError(std::string("\"") + key + "\" is required: " + what);
    return optional_string(config, key);
}

}  // namespace

PluginSettings parse_plugin_config(const json& config, const std::filesystem::path& base_directory) {
    if (!config.is_object()) throw PluginConfigError("the plugin configuration must be an object");
    PluginSettings settings;

    settings.client.api_base = optional_string(config, "apiBase", settings.client.api_base);
    try {
        client::require_tls_off_loopback(client::parse_url(settings.client.api_base));
    } catch (const std::invalid_argument& error) {
        throw PluginConfigError(std::string("\"apiBase\": ") + error.what());
    }

    bool has_file = config.contains("accessTokenFile"), has_env = config.contains("accessTokenEnv");
    if (has_file == has_env)
        throw PluginConfigError("exactly one of \"accessTokenFile\" and \"accessTokenEnv\" must be set");
    if (has_file) settings.client.token_file = base_directory / optional_string(config, "accessTokenFile");
    if (has_env) settings.client.token_env = optional_string(config, "accessTokenEnv");
    if (config.contains("caFile")) settings.client.ca_file = base_directory / optional_string(config, "caFile");

    settings.entry_point_id = required_string(config, "entryPointId", "the Webex CC outdial entry point id");
    auto ani = required_string(config, "outdialAni", "the outdial ANI, a number configured in Webex CC");
    auto normalized = normalize_number(ani);
    if (!normalized) throw PluginConfigError("\"outdialAni\": " + number_problem(ani));
    settings.outdial_ani = *normalized;
    settings.not_ready_aux_code_id = optional_string(config, "notReadyAuxCodeId");

    settings.default_wrap_up_code_id = optional_string(config, "defaultWrapUpCodeId");

    // How long the plugin waits for Webex before it closes a call itself.
    const std::pair<const char*, std::chrono::milliseconds*> call_timings[] = {
        {"offerTimeoutMs", &settings.offer_timeout},
        {"wrapUpGraceMs", &settings.wrap_up_grace},
        {"campaignReservationTimeoutMs", &settings.reservation_timeout},
    };
    for (const auto& [key, value] : call_timings) {
        auto it = config.find(key);
        if (it == config.end()) continue;
        if (!it->is_number_unsigned() || it->get<std::uint64_t>() == 0 || it->get<std::uint64_t>() > 600000)
            throw PluginConfigError(std::string("\"") + key + "\" must be a whole number of milliseconds from 1 to 600000");
        *value = std::chrono::milliseconds(it->get<std::uint64_t>());
    }
    // The notification socket's timing, for networks slower than Webex's defaults (and for soaks).
    const std::pair<const char*, std::chrono::milliseconds*> timings[] = {
        {"keepaliveIntervalMs", &settings.client.keepalive_interval},
        {"livenessTimeoutMs", &settings.client.liveness_timeout},
        {"reconnectInitialMs", &settings.client.reconnect_initial},
        {"reconnectMaxMs", &settings.client.reconnect_max},
    };
    for (const auto& [key, value] : timings) {
        auto it = config.find(key);
        if (it == config.end()) continue;
        if (!it->is_number_integer() || it->get<std::int64_t>() < 10 || it->get<std::int64_t>() > 600000)
            throw PluginConfigError(std::string("\"") + key + "\" must be a whole number of milliseconds from 10 to 600000");
        *value = std::chrono::milliseconds(it->get<std::int64_t>());
    }
    if (settings.client.liveness_timeout <= settings.client.keepalive_interval)
        throw PluginConfigError("\"livenessTimeoutMs\" must be longer than \"keepaliveIntervalMs\"");
    settings.client.spare_connection = true;  // the outdial goes out on a connection opened ahead
    const std::pair<const char*, bool*> switches[] = {{"debugLogging", &settings.debug_logging},
                                                      {"spareConnection", &settings.client.spare_connection}};
    for (const auto& [key, value] : switches) {
        auto it = config.find(key);
        if (it == config.end()) continue;
        if (!it->is_boolean()) throw PluginConfigError(std::string("\"") + key + "\" must be true or false");
        *value = it->get<bool>();
    }

    static const char* known[] = {"apiBase",           "accessTokenFile",    "accessTokenEnv",     "caFile",
                                  "entryPointId",      "outdialAni",         "notReadyAuxCodeId",  "offerTimeoutMs",
                                  "debugLogging",      "keepaliveIntervalMs", "livenessTimeoutMs", "reconnectInitialMs",
                                  "reconnectMaxMs",    "defaultWrapUpCodeId", "wrapUpGraceMs",   "campaignReservationTimeoutMs", "spareConnection"};
    for (auto it = config.begin(); it != config.end(); ++it)
        if (std::none_of(std::begin(known), std::end(known), [&](const char* key) { return it.key() == key; }))
            settings.warnings.push_back("unknown configuration key \"" + it.key() + "\" ignored");
    return settings;
}

}  // namespace webexcc::outbound
