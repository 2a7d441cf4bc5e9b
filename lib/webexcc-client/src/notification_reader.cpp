// read_frame: a notification frame's text to a ReadFrame in one json_scan pass. Pure.

#include "webexcc/client/notification.hpp"

#include "workspace/json/json_scan.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>

namespace webexcc::client {

namespace {

namespace scan = workspace::json_scan;
using nlohmann::json;

bool is_true(const scan::Member& m) {
    auto text = scan::text_of(m);
    return text.size() == 4 &&
           std::equal(text.begin(), text.end(), "true", [](char a, char b) { return (a | 0x20) == b; });
}

// The strings of an array member (other items are left out).
std::vector<std::string> strings_of(const scan::Member& m) {
    std::vector<std::string> items;
    auto parsed = json::parse(m.raw, nullptr, false);
    if (parsed.is_array())
        for (const auto& item : parsed)
            if (item.is_string()) items.push_back(item.get<std::string>());
    return items;
}

// Reads the envelope and the Notification member by member, as json_scan hands them out.
class FrameFields {
public:
    explicit FrameFields(ReadFrame& read) : read_(read), n_(read.frame.notification) {}

    bool operator()(const scan::Member& m) {
        // A member of depth d is inside path_[d - 1]: objects deeper than that were left behind.
        path_.resize(static_cast<std::size_t>(m.depth));
        switch (path_.back()) {
            case Object::envelope: return envelope(m);
            case Object::data: return data(m);
            case Object::interaction: return interaction(m);
            case Object::contact_direction:
                if (m.key == "type") n_.interaction.direction = string_of(m);
                return false;
            case Object::call_processing_details: call_processing_details(m); return false;
            case Object::participants:
                if (!enter(m, Object::participant)) return false;
                n_.interaction.participants.emplace_back().id = std::string(m.key);
                return true;
            case Object::participant: participant(m); return false;
            case Object::media:
                if (!enter(m, Object::media_entry)) return false;
                n_.interaction.media.emplace_back().id = std::string(m.key);
                return true;
            case Object::media_entry: media_entry(m); return false;
        }
        return false;
    }

    // Fills in what the text left to a fallback; meaningful only when the scan accepted the text.
    void finish() {
        auto& interaction = n_.interaction;
        for (const auto& media : interaction.media)
            if (media.m_type == "mainCall" && interaction.main_media_resource_id.empty())
                interaction.main_media_resource_id = media.media_resource_id;
        if (interaction.id.empty()) interaction.id = std::move(nested_interaction_id_);
        if (n_.org_id.empty()) n_.org_id = std::move(envelope_org_id_);
        if (n_.agent.dial_number.empty()) n_.agent.dial_number = std::move(dn_);
        if (interaction.rona_timeout.empty()) interaction.rona_timeout = std::move(data_rona_timeout_);
        if (n_.reason_code.is_discarded()) n_.reason_code = nullptr;
        if (!tracking_id_.empty()) read_.repeat_key = tracking_id_ + "/" + data_type_;
        session_facts();
        n_.step = task_step_of(n_.type);
        // Every consult, transfer and conference notification is about one call (TaskManager.ts
        // looks the task up by it): without the id nothing could follow it. A ...Failed is the
        // exception: the SDK matches it to its request by type alone (contact.ts notifFail binds no
        // interactionId), so one without the id still answers the request waiting for it.
        if (n_.step != TaskStep::none && !is_failure(n_.step) && interaction.id.empty() && n_.malformed.empty())
            n_.malformed = "interactionId";
    }

    bool envelope_type_is_text() const { return envelope_type_is_text_; }

private:
    // The objects read, named by where they are in a notification.
    enum class Object : unsigned char {
        envelope,
        data,
        interaction,
        contact_direction,
        call_processing_details,
        participants,
        participant,
        media,
        media_entry
    };

    // A field read as text must be a string (or null, read as absent); anything else makes the
    // notification malformed rather than silently read as "".
    void wrong_type(const scan::Member& m) {
        if (!(m.kind == scan::Kind::literal && m.raw == "null") && n_.malformed.empty())
            n_.malformed = std::string(m.key);
    }
    std::string string_of(const scan::Member& m) {
        if (m.kind == scan::Kind::string) return scan::text_of(m);
        wrong_type(m);
        return std::string();
    }
    // Enters the member's object, whose members are then read as `object`.
    bool enter(const scan::Member& m, Object object) {
        if (m.kind != scan::Kind::object) return wrong_type(m), false;
        path_.push_back(object);
        return true;
    }

    // An array of strings (null reads as absent); anything else, or an item that is not a string,
    // makes the notification malformed.
    std::vector<std::string> strict_strings_of(const scan::Member& m) {
        std::vector<std::string> items;
        if (m.kind != scan::Kind::array) return wrong_type(m), items;
        for (const auto& item : json::parse(m.raw, nullptr, false)) {
            if (!item.is_string()) return mark(m.key), std::vector<std::string>();
            items.push_back(item.get<std::string>());
        }
        return items;
    }
    void mark(std::string_view key) {
        if (n_.malformed.empty()) n_.malformed = std::string(key);
    }

    // data.agentList: objects with a string agentId, their other fields strings or absent.
    void buddy_agents(const scan::Member& m) {
        if (m.kind != scan::Kind::array) return wrong_type(m);
        auto& agents = n_.buddy_agents.emplace();
        auto text = [](const json& item, const char* key) {
            auto it = item.find(key);
            return it == item.end() || it->is_null() ? std::optional<std::string>("")
                   : it->is_string()                 ? std::optional<std::string>(it->get<std::string>())
                                                     : std::nullopt;
        };
        for (const auto& item : json::parse(m.raw, nullptr, false)) {
            if (!item.is_object()) return mark(m.key);
            auto id = text(item, "agentId"), name = text(item, "agentName"), state = text(item, "state"),
                 team = text(item, "teamId"), dn = text(item, "dn"), site = text(item, "siteId");
            if (!id || id->empty() || !name || !state || !team || !dn || !site) return mark(m.key);
            agents.push_back({*id, *name, *state, *team, *dn, *site});
        }
    }

    void participant(const scan::Member& m) {
        auto& participant = n_.interaction.participants.back();
        if (m.key == "isWrapUp") participant.in_wrap_up = is_true(m);
        else if (m.key == "hasLeft") participant.has_left = is_true(m);
        else if (m.key == "pType") participant.p_type = string_of(m);
        else if (m.key == "type") participant.type = string_of(m);
        else if (m.key == "epId") participant.ep_id = string_of(m);
        else if (m.key == "dn") participant.dn = string_of(m);
    }

    void media_entry(const scan::Member& m) {
        auto& media = n_.interaction.media.back();
        if (m.key == "mType") media.m_type = string_of(m);
        else if (m.key == "mediaResourceId") media.media_resource_id = string_of(m);
        else if (m.key == "participants" && !(m.kind == scan::Kind::literal && m.raw == "null"))
            media.participants = strict_strings_of(m);
    }

    // What the notification's type says about the session. The SDK binds AgentReloginFailed by both
    // the envelope's type and data.type (agent/index.ts ~32-36): either one names it.
    void session_facts() {
        auto& agent = n_.agent;
        const auto& envelope_type = read_.frame.type;
        agent.multi_login = envelope_type == "AGENT_MULTI_LOGIN";
        if (n_.type == "AgentReloginSuccess" || n_.type == "AgentStationLoginSuccess") agent.logged_in = true;
        else if (n_.type == "AgentReloginFailed" || n_.type == "AgentLogoutSuccess" ||
                 (n_.type.empty() && envelope_type == "AgentReloginFailed"))
            agent.logged_in = false;
    }

    bool envelope(const scan::Member& m) {
        if (m.key == "type") {
            envelope_type_is_text_ = m.kind == scan::Kind::string;
            read_.frame.type = scan::text_of(m);
        } else if (m.key == "trackingId") tracking_id_ = scan::text_of(m);
        else if (m.key == "keepalive") read_.keepalive = true;
        else if (m.key == "orgId") envelope_org_id_ = string_of(m);
        else if (m.key == "data") return enter(m, Object::data);
        return false;
    }

    bool data(const scan::Member& m) {
        auto& interaction = n_.interaction;
        auto& agent = n_.agent;
        if (m.key == "type") {
            // The repeat key takes whatever the type holds; the notification only a string.
            data_type_ = scan::text_of(m);
            if (m.kind == scan::Kind::string) n_.type = data_type_;
            else wrong_type(m);
        } else if (m.key == "interactionId") interaction.id = string_of(m);
        else if (m.key == "orgId") n_.org_id = string_of(m);
        else if (m.key == "ronaTimeout") data_rona_timeout_ = scan::text_of(m);
        else if (m.key == "reason") n_.reason = string_of(m);
        else if (m.key == "reasonCode")
            n_.reason_code = m.kind == scan::Kind::string ? json(string_of(m)) : json::parse(m.raw, nullptr, false);
        else if (m.key == "agentId") agent.agent_id = string_of(m);
        else if (m.key == "subStatus") agent.sub_status = string_of(m);
        else if (m.key == "lastStateChangeReason") agent.state_change_reason = string_of(m);
        else if (m.key == "auxCodeId") agent.aux_code_id = string_of(m);
        else if (m.key == "status") agent.status = string_of(m);
        else if (m.key == "teamId") agent.team_id = string_of(m);
        else if (m.key == "dialNumber") agent.dial_number = string_of(m);
        else if (m.key == "dn") dn_ = string_of(m);
        else if (m.key == "deviceType") agent.device_type = string_of(m);
        else if (m.key == "interactionIds" && m.kind == scan::Kind::array) agent.interaction_ids = strings_of(m);
        else if (m.key == "mediaResourceId") interaction.media_resource_id = string_of(m);
        else if (m.key == "reservationInteractionId") interaction.reservation_id = string_of(m);
        else if (m.key == "campaignId" && interaction.campaign_id.empty()) interaction.campaign_id = string_of(m);
        else if (m.key == "agentsPendingWrapUp" && m.kind == scan::Kind::array)
            interaction.agents_pending_wrap_up = strings_of(m);
        else if (m.key == "interaction") return enter(m, Object::interaction);
        else consult(m);
        return false;
    }

    // The data members of consult, transfer and conference notifications and the buddy list.
    void consult(const scan::Member& m) {
        auto& consult = n_.consult;
        if (m.key == "destAgentId") consult.dest_agent_id = string_of(m);
        else if (m.key == "consultMediaResourceId") consult.consult_media_resource_id = string_of(m);
        else if (m.key == "destinationType") consult.destination_type = string_of(m);
        else if (m.key == "participantId") consult.participant_id = string_of(m);
        else if (m.key == "childInteractionId") consult.child_interaction_id = string_of(m);
        else if (m.key == "isConferencing") consult.conferencing = is_true(m);
        else if (m.key == "agentList" && !(m.kind == scan::Kind::literal && m.raw == "null")) buddy_agents(m);
    }

    bool interaction(const scan::Member& m) {
        auto& interaction = n_.interaction;
        if (m.key == "state") interaction.state = string_of(m);
        else if (m.key == "outboundType") interaction.outbound_type = string_of(m);
        else if (m.key == "owner") interaction.owner = string_of(m);
        else if (m.key == "interactionId") nested_interaction_id_ = string_of(m);
        else if (m.key == "contactDirection") return enter(m, Object::contact_direction);
        else if (m.key == "callProcessingDetails") return enter(m, Object::call_processing_details);
        else if (m.key == "participants") return enter(m, Object::participants);
        else if (m.key == "media") return enter(m, Object::media);
        return false;
    }

    void call_processing_details(const scan::Member& m) {
        auto& interaction = n_.interaction;
        if (m.key == "outdialAgentId") interaction.outdial_agent_id = string_of(m);
        else if (m.key == "ani") interaction.ani = string_of(m);
        else if (m.key == "dnis") interaction.dnis = string_of(m);
        else if (m.key == "customerNumber") interaction.customer_number = string_of(m);
        else if (m.key == "ronaTimeout") interaction.rona_timeout = scan::text_of(m);
        else if (m.key == "virtualTeamName") interaction.virtual_team_name = string_of(m);
        else if (m.key == "campaignId") interaction.campaign_id = string_of(m);  // before data.campaignId
        else if (m.key == "recordingStarted") interaction.recording_started = is_true(m);
        else if (m.key == "isPaused") interaction.recording_paused = is_true(m);
        else if (m.key == "ctqInProgress") interaction.consult_to_queue = is_true(m);
        else if (m.key == "isConferencing") interaction.conferencing = is_true(m);
    }

    ReadFrame& read_;
    Notification& n_;
    // Where the scan is: the objects entered, outermost first. Only objects of the notification's
    // layout are entered, so it is never deeper than that layout.
    boost::container::small_vector<Object, 8> path_{Object::envelope};
    bool envelope_type_is_text_ = true;
    std::string tracking_id_, data_type_, envelope_org_id_, nested_interaction_id_, data_rona_timeout_, dn_;
};

}  // namespace

workspace::Result<ReadFrame> read_frame(std::string text, std::uint64_t connection) {
    ReadFrame read;
    read.frame.text = std::move(text);
    read.frame.connection = connection;
    FrameFields fields(read);
    if (auto valid = scan::scan(read.frame.text, fields); !valid) return valid.error();
    if (!fields.envelope_type_is_text())
        return workspace::Problem("INVALID_NOTIFICATION", "the envelope's \"type\" is not a string (" +
                                                              std::to_string(read.frame.text.size()) + " bytes)");
    fields.finish();
    return read;
}

}  // namespace webexcc::client
