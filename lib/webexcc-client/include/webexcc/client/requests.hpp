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

// Where a consult or a transfer goes: task/types.ts DESTINATION_TYPE (~23-32), sent as
// destinationType "agent", "queue", "dialNumber", "entryPoint" (an entry point for consults only).
enum class Destination { agent, queue, dial_number, entry_point };
struct TaskDestination {
    std::string to;  // the agent's, queue's or entry point's id, or the number dialled
    Destination type = Destination::agent;
};
const char* destination_type_name(Destination type);

// Consult, transfer and conference (services/task/contact.ts ~150-330, ~430-505; which body each
// Task method builds: task/index.ts ~1155-1760). All change a live call: none is ever replayed.
// POST /v1/tasks/{id}/consult {to, destinationType, holdParticipants: true}.
ApiRequest consult_task(const std::string& interaction_id, const TaskDestination& destination);
// POST .../consult/end: {} or, cancelling a consult to a queue no agent has taken, {queueId}.
ApiRequest end_consult(const std::string& interaction_id, const std::string& queue_id);
// POST .../consult/accept {}: the consulted agent accepting (contact.ts consultAccept).
ApiRequest accept_consult(const std::string& interaction_id);
// POST .../transfer {to, destinationType}: blind to an agent or a dial number, or to a queue (the
// SDK's vteamTransfer, answered by AgentVteamTransferred instead of AgentBlindTransferred).
ApiRequest transfer_task(const std::string& interaction_id, const TaskDestination& destination);
// POST .../consult/transfer {to, destinationType}: the customer to the consulted party.
ApiRequest consult_transfer(const std::string& interaction_id, const TaskDestination& destination);
// POST .../consult/conference {agentId, to, destinationType}: the consulted party joins the call;
// agentId is this agent's.
ApiRequest consult_conference(const std::string& interaction_id, const std::string& agent_id,
                              const TaskDestination& destination);
// POST .../conference/exit {} and .../conference/transfer {}.
ApiRequest exit_conference(const std::string& interaction_id);
ApiRequest transfer_conference(const std::string& interaction_id);

// The buddy list (services/agent/index.ts ~124-147, cc.ts getBuddyAgents ~669-681): POST
// /v1/agents/buddyList {agentProfileId, mediaType, state?}; the list itself arrives as a
// notification (BuddyAgents, or BuddyAgentsRetrieveFailed).
ApiRequest get_buddy_agents(const std::string& agent_profile_id, const std::string& media_type,
                            const std::string& state);

// A page of a configuration list, as services/Queue.ts, EntryPoint.ts and AddressBook.ts ask for it:
// pages count from 0, 100 a page (utils/PageCache.ts PAGINATION_DEFAULTS); an empty search is not sent.
struct ListQuery {
    int page = 0;
    int page_size = 100;
    std::string search;
};
// GET /organization/{org}/v2/contact-service-queue?page&pageSize[&search]
ApiRequest get_queues(const std::string& org_id, const ListQuery& query);
// GET /organization/{org}/v2/entry-point?page&pageSize&sortOrder=asc[&search]
ApiRequest get_entry_points(const std::string& org_id, const ListQuery& query);
// GET /organization/{org}/v2/address-book/{book}/entry?page&pageSize[&search]; the book is the
// desktop profile's addressBookId.
ApiRequest get_address_book_entries(const std::string& org_id, const std::string& address_book_id,
                                    const ListQuery& query);

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
