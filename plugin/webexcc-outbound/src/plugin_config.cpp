#include "plugin_config.hpp"

#include "phone_number.hpp"
#include "webexcc/client/url.hpp"

#include "workspace/files/private_file.hpp"
#include "workspace/files/setting_path.hpp"

#include <cstdlib>
#include <set>

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

std::vector<std::string> string_list(const json& config, const char* key, std::vector<std::string> fallback) {
    auto it = config.find(key);
    if (it == config.end()) return fallback;
    std::vector<std::string> items;
    if (it->is_array())
        for (const auto& item : *it)
            if (item.is_string() && !item.get_ref<const std::string&>().empty())
                items.push_back(item.get<std::string>());
    if (!it->is_array() || items.size() != it->size() || items.empty())
        throw PluginConfigError(std::string("\"oauth.") + key + "\" must be a non-empty list of strings");
    return items;
}

std::string checked_url(const json& config, const char* key, std::string fallback) {
    auto text = optional_string(config, key, std::move(fallback));
    try {
        client::require_tls_off_loopback(client::parse_url(text));
    } catch (const std::invalid_argument& error) {
        throw PluginConfigError(std::string("\"oauth.") + key + "\": " + error.what());
    }
    return text;
}

// "tokenStore" with "oauth": the sign-in route (wxcc-login), tokens kept fresh by the plugin.
void parse_oauth(const json& config, const std::filesystem::path& base_directory, PluginSettings& settings) {
    bool has_store = config.contains("tokenStore"), has_oauth = config.contains("oauth");
    if (has_store != has_oauth) throw PluginConfigError("\"tokenStore\" and \"oauth\" go together");
    if (!has_store) return;
    const auto& oauth = config["oauth"];
    if (!oauth.is_object()) throw PluginConfigError("\"oauth\" must be an object");
    client::ClientConfig::OAuth result;
    result.token_store = workspace::files::setting_path(base_directory, optional_string(config, "tokenStore"));
    result.settings.client_id = required_string(oauth, "clientId", "the client id of your Webex integration");
    result.settings.scopes = string_list(oauth, "scopes", result.settings.scopes);
    result.settings.token_url = checked_url(oauth, "tokenUrl", result.settings.token_url);
    result.settings.authorize_url = checked_url(oauth, "authorizeUrl", result.settings.authorize_url);
    result.settings.redirect_uri = checked_url(oauth, "redirectUri", result.settings.redirect_uri);
    bool has_file = oauth.contains("clientSecretFile"), has_env = oauth.contains("clientSecretEnv");
    if (has_file == has_env)
        throw PluginConfigError("exactly one of \"oauth.clientSecretFile\" and \"oauth.clientSecretEnv\" must be set");
    if (has_file)
        settings.client_secret.file =
            workspace::files::setting_path(base_directory, optional_string(oauth, "clientSecretFile"));
    if (has_env) settings.client_secret.env = optional_string(oauth, "clientSecretEnv");
    static const std::set<std::string> known = {"clientId", "clientSecretFile", "clientSecretEnv", "scopes",
                                                "tokenUrl", "authorizeUrl",     "redirectUri"};
    for (auto it = oauth.begin(); it != oauth.end(); ++it)
        if (!known.count(it.key()))
            settings.warnings.push_back("unknown configuration key \"oauth." + it.key() + "\" ignored");
    settings.client.oauth = std::move(result);
}

void read_timings(const json& config, PluginSettings& settings) {
    // How long the plugin waits for Webex before it closes a call itself.
    const std::pair<const char*, std::chrono::milliseconds*> call_timings[] = {
        {"offerTimeoutMs", &settings.offer_timeout},
        {"wrapUpGraceMs", &settings.wrap_up_grace},
        {"campaignReservationTimeoutMs", &settings.reservation_timeout},
        {"stationAnswerTimeoutMs", &settings.station_answer_timeout},
    };
    for (const auto& [key, value] : call_timings) {
        auto it = config.find(key);
        if (it == config.end()) continue;
        if (!it->is_number_unsigned() || it->get<std::uint64_t>() == 0 || it->get<std::uint64_t>() > 600000)
            throw PluginConfigError(std::string("\"") + key +
                                    "\" must be a whole number of milliseconds from 1 to 600000");
        *value = std::chrono::milliseconds(it->get<std::uint64_t>());
    }
    // The notification socket's timing and the REST retries', for networks slower than Webex's
    // defaults (and for soaks).
    const std::pair<const char*, std::chrono::milliseconds*> timings[] = {
        {"restRetryInitialMs", &settings.client.rest_retry_initial},
        {"keepaliveIntervalMs", &settings.client.keepalive_interval},
        {"livenessTimeoutMs", &settings.client.liveness_timeout},
        {"reconnectInitialMs", &settings.client.reconnect_initial},
        {"reconnectMaxMs", &settings.client.reconnect_max},
    };
    for (const auto& [key, value] : timings) {
        auto it = config.find(key);
        if (it == config.end()) continue;
        if (!it->is_number_integer() || it->get<std::int64_t>() < 10 || it->get<std::int64_t>() > 600000)
            throw PluginConfigError(std::string("\"") + key +
                                    "\" must be a whole number of milliseconds from 10 to 600000");
        *value = std::chrono::milliseconds(it->get<std::int64_t>());
    }
    if (settings.client.liveness_timeout <= settings.client.keepalive_interval)
        throw PluginConfigError("\"livenessTimeoutMs\" must be longer than \"keepaliveIntervalMs\"");
}

void read_switches(const json& config, PluginSettings& settings) {
    settings.client.spare_connection = true;  // the outdial goes out on a connection opened ahead
    const std::pair<const char*, bool*> switches[] = {{"debugLogging", &settings.debug_logging},
                                                      {"spareConnection", &settings.client.spare_connection}};
    for (const auto& [key, value] : switches) {
        auto it = config.find(key);
        if (it == config.end()) continue;
        if (!it->is_boolean()) throw PluginConfigError(std::string("\"") + key + "\" must be true or false");
        *value = it->get<bool>();
    }
    // Another client (the Webex Agent Desktop) taking the agent's session: yield to it until
    // TakeOverSession, or take it back by itself (see ClientConfig::multi_login).
    auto multi_login = optional_string(config, "multiLogin", "yield");
    if (multi_login == "takeOver") settings.client.multi_login = client::ClientConfig::MultiLogin::take_over;
    else if (multi_login != "yield") throw PluginConfigError("\"multiLogin\" must be \"yield\" or \"takeOver\"");
}

// Where Webex is and how the plugin proves who it is: apiBase (TLS off loopback), exactly one
// token source, caFile, orgId.
void read_connection(const json& config, const std::filesystem::path& base_directory, PluginSettings& settings) {
    settings.client.api_base = optional_string(config, "apiBase", settings.client.api_base);
    try {
        client::require_tls_off_loopback(client::parse_url(settings.client.api_base));
    } catch (const std::invalid_argument& error) {
        throw PluginConfigError(std::string("\"apiBase\": ") + error.what());
    }

    parse_oauth(config, base_directory, settings);
    bool has_file = config.contains("accessTokenFile"), has_env = config.contains("accessTokenEnv");
    if (int(has_file) + int(has_env) + int(settings.client.oauth.has_value()) != 1)
        throw PluginConfigError(
            "exactly one of \"accessTokenFile\", \"accessTokenEnv\" and \"tokenStore\" must be set");
    if (has_file)
        settings.client.token_file =
            workspace::files::setting_path(base_directory, optional_string(config, "accessTokenFile"));
    if (has_env) settings.client.token_env = optional_string(config, "accessTokenEnv");
    if (config.contains("caFile"))
        settings.client.ca_file = workspace::files::setting_path(base_directory, optional_string(config, "caFile"));
    settings.client.org_id = optional_string(config, "orgId");  // else the token's <a>_<b>_<orgId>
}

// A misspelt key would otherwise be silently ignored: each unknown one becomes a warning.
void warn_unknown_keys(const json& config, PluginSettings& settings) {
    static const char* known[] = {"apiBase",
                                  "accessTokenFile",
                                  "accessTokenEnv",
                                  "caFile",
                                  "orgId",
                                  "entryPointId",
                                  "outdialAni",
                                  "notReadyAuxCodeId",
                                  "offerTimeoutMs",
                                  "debugLogging",
                                  "keepaliveIntervalMs",
                                  "livenessTimeoutMs",
                                  "reconnectInitialMs",
                                  "reconnectMaxMs",
                                  "restRetryInitialMs",
                                  "defaultWrapUpCodeId",
                                  "wrapUpGraceMs",
                                  "campaignReservationTimeoutMs",
                                  "stationAnswerTimeoutMs",
                                  "spareConnection",
                                  "multiLogin",
                                  "tokenStore",
                                  "oauth"};
    for (auto it = config.begin(); it != config.end(); ++it)
        if (std::none_of(std::begin(known), std::end(known), [&](const char* key) { return it.key() == key; }))
            settings.warnings.push_back("unknown configuration key \"" + it.key() + "\" ignored");
}

}  // namespace

PluginSettings parse_plugin_config(const json& config, const std::filesystem::path& base_directory) {
    if (!config.is_object()) throw PluginConfigError("the plugin configuration must be an object");
    PluginSettings settings;
    read_connection(config, base_directory, settings);

    // Both optional: the agent's profile names its outdial entry point and outdial ANIs.
    settings.entry_point_id = optional_string(config, "entryPointId");
    if (config.contains("outdialAni")) {
        auto ani = optional_string(config, "outdialAni");
        auto normalized = normalize_number(ani);
        if (!normalized) throw PluginConfigError("\"outdialAni\": " + number_problem(ani));
        settings.outdial_ani = *normalized;
    }
    settings.not_ready_aux_code_id = optional_string(config, "notReadyAuxCodeId");
    settings.default_wrap_up_code_id = optional_string(config, "defaultWrapUpCodeId");

    read_timings(config, settings);
    read_switches(config, settings);
    warn_unknown_keys(config, settings);
    return settings;
}

std::string read_client_secret(const ClientSecretSource& source) {
    std::string secret;
    if (source.file) {
        auto content = workspace::files::read_private_file(*source.file, 4096);
        if (!content) throw PluginConfigError("the client secret file " + content.error().message);
        secret = workspace::files::first_line(*content);
    } else if (const char* value = source.env ? std::getenv(source.env->c_str()) : nullptr) {
        secret = workspace::files::first_line(value);
    }
    if (secret.empty())
        throw PluginConfigError(
            "the client secret " +
            (source.file ? "file " + workspace::files::utf8_of(*source.file) : "variable " + source.env.value_or("")) +
            " is empty or missing");
    return secret;
}

}  // namespace webexcc::outbound
