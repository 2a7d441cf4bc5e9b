#pragma once
// The REST calls of the Webex CC agent API: method, path and JSON body, as the JS SDK sends them.
// Pure: building a request does no I/O, so each is tested directly.

#include <string>

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
ApiRequest pause_recording(const std::string& interaction_id);
ApiRequest resume_recording(const std::string& interaction_id);

}  // namespace webexcc::client
