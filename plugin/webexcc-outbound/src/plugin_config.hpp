#pragma once
// The plugin's "config" object in the host configuration. Pure: parsing does not read the token.

#include "webexcc/client/client_config.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace webexcc::outbound {

class PluginConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Where the OAuth client secret is (oauth.clientSecretFile or oauth.clientSecretEnv): read when the
// plugin starts and by wxcc-login, never by the parser.
struct ClientSecretSource {
    std::optional<std::filesystem::path> file;
    std::optional<std::string> env;
};

struct PluginSettings {
    client::ClientConfig client;          // apiBase, caFile, accessTokenFile / accessTokenEnv / tokenStore + oauth
    ClientSecretSource client_secret;     // with tokenStore
    std::string entry_point_id;           // entryPointId: the outdial entry point (else the profile's)
    std::string outdial_ani;              // outdialAni: caller id shown to the customer (else the profile's first)
    std::string not_ready_aux_code_id;    // notReadyAuxCodeId: idle code for SetNotReadyState
    std::string default_wrap_up_code_id;  // defaultWrapUpCodeId: ClearContact, and WrapUpCall without data.wrapup
    std::chrono::milliseconds offer_timeout{20000};  // offerTimeoutMs: MakeCall without an offer -> DROPPED
    // wrapUpGraceMs: a call that ended without saying whether wrap-up follows is DROPPED this long
    // after, unless AgentWrapup comes first.
    std::chrono::milliseconds wrap_up_grace{3000};
    // campaignReservationTimeoutMs: a preview reservation with no call after it is DROPPED (the
    // SDK's accept window is 80 s).
    std::chrono::milliseconds reservation_timeout{90000};
    // stationAnswerTimeoutMs: a StationLogin / StationLogout Webex accepted (202) but whose
    // notification never came is answered STATION_..._FAILED / TIMEOUT this long after it was sent.
    // The official SDK's figure: TIMEOUT_REQ, 20 s (@webex/contact-center 3.12.0
    // src/services/core/constants.ts:41), the time aqm-reqs.ts:169-194 waits for the notification.
    std::chrono::milliseconds station_answer_timeout{20000};
    bool debug_logging = false;         // debugLogging: log customer numbers unmasked
    std::vector<std::string> warnings;  // unknown keys
};

// Throws PluginConfigError naming the key that is missing or wrong. Relative accessTokenFile and
// caFile paths resolve against `base_directory` (on Windows after %NAME% variables are expanded:
// workspace::files::setting_path).
PluginSettings parse_plugin_config(const nlohmann::json& config, const std::filesystem::path& base_directory);

// The client secret (first line of the file, which must be readable by its owner only, or the
// variable). Throws PluginConfigError naming the file or variable, never the secret.
std::string read_client_secret(const ClientSecretSource& source);

}  // namespace webexcc::outbound
