#pragma once
// The REST calls of the Webex CC agent API: method, path and JSON body, as the JS SDK sends them.
// Pure: building a request does no I/O, so each is tested directly.

#include <string>
#include <vector>

namespace webexcc::client {

enum class Method { get, post, put };

// Whether a request may be sent again after it may have reached the server.
enum class Replay { safe, never };

struct ApiRequest {
    Method method = Method::post;
    std::string path;  // relative to the API base
    std::string body;  // JSON
    Replay replay = Replay::safe;
    std::string action;  // for errors and logs, e.g. "outdial"
};

struct OutdialRequest {
    std::string entry_point_id;
    std::string destination;  // customer number
    std::string origin;       // outdial ANI; omitted from the body when empty
};

ApiRequest subscribe_notifications();
ApiRequest reload_agent();
ApiRequest set_agent_state(const std::string& state, const std::string& aux_code_id, const std::string& agent_id);
ApiRequest start_outdial(const OutdialRequest& outdial);
ApiRequest end_task(const std::string& interaction_id);
ApiRequest hold_task(const std::string& interaction_id, const std::string& media_resource_id);
ApiRequest unhold_task(const std::string& interaction_id, const std::string& media_resource_id);
ApiRequest wrapup_task(const std::string& interaction_id, const std::string& wrap_up_reason,
                       const std::string& aux_code_id);
// Accepts a preview campaign's reservation (services/task/dialer.ts acceptPreviewContact): the
// campaign by its name, URL-encoded; the reservation's interaction id.
ApiRequest accept_preview_contact(const std::string& campaign_name, const std::string& reservation_id);
ApiRequest pause_recording(const std::string& interaction_id);
ApiRequest resume_recording(const std::string& interaction_id);

// The station login (services/agent/index.ts stationLogin, cc.ts ~834-848): the SDK's whole body.
struct StationLoginRequest {
    std::string team_id;
    std::string login_option;  // "EXTENSION", "AGENT_DN" or "BROWSER": the deviceType
    std::string dial_number;   // the phone; for BROWSER the SDK sends the agent id
    std::string agent_id;      // the profile's, for a BROWSER login's dialNumber and deviceId
};
ApiRequest station_login(const StationLoginRequest& login);
// POST /v1/agents/logout {logoutReason}: one of the SDK's three reasons (agent/types.ts ~257-263).
ApiRequest station_logout(const std::string& logout_reason);

// The configuration GETs of the SDK's register() (services/config/constants.ts endPointMap), under
// /organization/{orgId}/. Ids are percent-encoded into the path; pages count from 0, 100 a page.
ApiRequest get_agent_user(const std::string& org_id, const std::string& agent_id);
ApiRequest get_desktop_profile(const std::string& org_id, const std::string& desktop_profile_id);
ApiRequest get_teams(const std::string& org_id, int page, const std::vector<std::string>& team_ids);
ApiRequest get_aux_codes(const std::string& org_id, int page);
ApiRequest get_dial_plans(const std::string& org_id);
ApiRequest get_tenant_settings(const std::string& org_id);
ApiRequest get_org_settings(const std::string& org_id);
ApiRequest get_outdial_ani_entries(const std::string& org_id, const std::string& outdial_ani_id);

}  // namespace webexcc::client
