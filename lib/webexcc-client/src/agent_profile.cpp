// The configuration answers read strictly, and put together as the SDK's parseAgentConfigs does.
// Pure.

#include "webexcc/client/agent_profile.hpp"

#include "configuration_answer.hpp"

#include <algorithm>
#include <regex>
#include <utility>

namespace webexcc::client {

namespace {

using detail::max_answer_items;

// Far longer than any dial plan's regex (the SDK's US pattern has 45 characters).
constexpr std::size_t max_dial_plan_length = 1000;

Problem invalid(std::string_view what, std::string_view why) {
    return Problem("INVALID_PROFILE", "the " + std::string(what) + " answer " + std::string(why));
}

// The members of one object, each checked for its type; the first mismatch is kept and the
// answer refused. An absent or null member reads as empty / false / 0, as the SDK's `??` does.
class Fields {
public:
    Fields(const json& object, std::string_view what) : object_(object), what_(what) {}

    std::string text(const char* key, bool required = false) {
        const json* value = member(key);
        if (value && value->is_string() && !(required && value->get_ref<const std::string&>().empty()))
            return value->get<std::string>();
        if (value || required) wrong(key, required ? "a non-empty string" : "a string");
        return {};
    }
    bool flag(const char* key) {
        const json* value = member(key);
        if (value && !value->is_boolean()) wrong(key, "true or false");
        return value && value->is_boolean() && value->get<bool>();
    }
    std::int64_t number(const char* key) {
        const json* value = member(key);
        if (value && !value->is_number_integer()) wrong(key, "a whole number");
        return value && value->is_number_integer() ? value->get<std::int64_t>() : 0;
    }
    std::vector<std::string> texts(const char* key) {
        std::vector<std::string> items;
        for (const json& item : array(key)) {
            if (!item.is_string()) return wrong(key, "an array of strings"), std::vector<std::string>{};
            items.push_back(item.get<std::string>());
        }
        return items;
    }
    // The member's items; none when absent, null or not an array (then a problem).
    const json& array(const char* key) {
        static const json none = json::array();
        const json* value = member(key);
        if (value && value->is_array() && value->size() <= max_answer_items) return *value;
        if (value) wrong(key, "an array of at most " + std::to_string(max_answer_items) + " items");
        return none;
    }

    std::optional<Problem> problem;

private:
    const json* member(const char* key) const {
        auto found = object_.find(key);
        return found == object_.end() || found->is_null() ? nullptr : &*found;
    }
    void wrong(const char* key, const std::string& expected) {
        if (!problem) problem = invalid(what_, "has \"" + std::string(key) + "\" that is not " + expected);
    }

    const json& object_;
    std::string_view what_;
};

Result<json> object_of(std::string_view body, std::string_view what) {
    auto parsed = workspace::parse_strict(body);
    if (!parsed) return invalid(what, "is not a JSON object: " + parsed.error().message);
    return std::move(*parsed);
}

// {data: [item, ...], meta: {totalPages}} as the paged v2 lists answer; `read_item` reads one.
template <class Item, class ReadItem>
Result<std::vector<Item>> data_items(const json& answer, std::string_view what, ReadItem read_item) {
    Fields fields(answer, what);
    std::vector<Item> items;
    for (const json& item : fields.array("data")) {
        if (!item.is_object()) return invalid(what, "has an item of \"data\" that is not an object");
        Fields item_fields(item, what);
        items.push_back(read_item(item_fields));
        if (item_fields.problem) return *item_fields.problem;
    }
    if (fields.problem) return *fields.problem;
    return items;
}

Result<int> total_pages(const json& answer, std::string_view what) {
    auto meta = answer.find("meta");
    if (meta == answer.end() || meta->is_null()) return 1;
    if (!meta->is_object()) return invalid(what, "has \"meta\" that is not an object");
    Fields fields(*meta, what);
    auto pages = fields.number("totalPages");
    if (fields.problem) return *fields.problem;
    return static_cast<int>(std::clamp<std::int64_t>(pages, 1, 1000));
}

// `read` applied to the members of `object`: its value, or the object's problem, or the first
// member of the wrong type.
template <class Read>
auto read_fields(Result<json> object, std::string_view what, Read read)
    -> Result<decltype(read(std::declval<Fields&>()))> {
    if (!object) return object.error();
    Fields fields(*object, what);
    auto value = read(fields);
    if (fields.problem) return *fields.problem;
    return value;
}

// One page of a paged v2 list (v2/team, v2/auxiliary-code): its items and how many pages there are.
template <class Page, class Item, class ReadItem>
Result<Page> read_page(std::string_view body, std::string_view what, ReadItem read_item) {
    auto answer = object_of(body, what);
    if (!answer) return answer.error();
    auto items = data_items<Item>(*answer, what, read_item);
    if (!items) return items.error();
    auto pages = total_pages(*answer, what);
    if (!pages) return pages.error();
    return Page{std::move(*items), *pages};
}

// The one settings object of {data: [settings]} (the SDK reads data[0]).
Result<json> first_data(std::string_view body, std::string_view what) {
    auto answer = object_of(body, what);
    if (!answer) return answer.error();
    auto data = answer->find("data");
    if (data == answer->end() || !data->is_array() || data->empty() || !(*data)[0].is_object())
        return invalid(what, "has no settings object in \"data\"");
    return (*data)[0];
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Util.ts getFilterAuxCodes: the active codes of `type` the profile allows (all when "ALL").
std::vector<NamedItem> allowed_codes(const std::vector<AuxCode>& codes, std::string_view type, bool all,
                                     const std::vector<std::string>& allowed) {
    std::vector<NamedItem> items;
    for (const auto& code : codes)
        if (code.work_type == type && code.active && (all || allowed.empty() || contains(allowed, code.code.id)))
            items.push_back(code.code);
    return items;
}

template <class Item, class Key>
const Item* find_in(const std::vector<Item>& items, std::string_view value, Key key) {
    auto found = std::find_if(items.begin(), items.end(), [&](const Item& item) { return item.*key == value; });
    return found == items.end() ? nullptr : &*found;
}

}  // namespace

const NamedItem* AgentProfile::team(std::string_view id) const { return find_in(teams, id, &NamedItem::id); }
const NamedItem* AgentProfile::idle_code(std::string_view id) const { return find_in(idle_codes, id, &NamedItem::id); }
const NamedItem* AgentProfile::wrap_up_code(std::string_view id) const {
    return find_in(wrap_up_codes, id, &NamedItem::id);
}
const OutdialAni* AgentProfile::outdial_ani(std::string_view number) const {
    return find_in(outdial_anis, number, &OutdialAni::number);
}

bool dial_number_allowed(const std::vector<DialPlan>& plans, std::string_view dial_number) {
    // A dial number is short; a longer text is refused before any regex runs on it (std::regex
    // recurses per character).
    if (dial_number.empty() || dial_number.size() > 64) return false;
    auto found_in = [&](const std::string& pattern) {
        // The plan comes from the network. Its compiler recurses per nesting level, so a plan
        // longer than any real one (~50 characters) accepts nothing rather than overflow the stack;
        // and the search runs in polynomial time (libstdc++'s breadth-first executor, which takes
        // no back-reference: such a plan does not compile), so a plan like (1|11)*2 cannot hang
        // the plugin the way the default backtracking search does.
        if (pattern.size() > max_dial_plan_length) return false;
        try {
            return std::regex_search(dial_number.begin(), dial_number.end(),
                                     std::regex(pattern, std::regex::ECMAScript | std::regex_constants::__polynomial));
        } catch (const std::regex_error&) {
            return false;  // as the SDK's catch: a broken plan accepts nothing
        }
    };
    if (plans.empty()) return found_in("1[0-9]{3}[2-9][0-9]{6}([,]{1,10}[0-9]+){0,1}");
    return std::any_of(plans.begin(), plans.end(), [&](const DialPlan& plan) { return found_in(plan.regex); });
}

Result<std::string> org_id_of_token(std::string_view token) {
    auto first = token.find('_');
    auto second = first == std::string_view::npos ? first : token.find('_', first + 1);
    if (second == std::string_view::npos || second + 1 >= token.size())
        return Problem("INVALID_TOKEN",
                       "the access token does not name an organisation (<a>_<b>_<orgId>); "
                       "set the organisation id in the configuration");
    return std::string(token.substr(second + 1));
}

Result<AgentUser> read_agent_user(std::string_view body) {
    constexpr std::string_view what = "user";
    return read_fields(object_of(body, what), what, [](Fields& f) {
        return AgentUser{f.text("ciUserId", true), f.text("firstName"),
                         f.text("lastName"),       f.text("agentProfileId", true),
                         f.text("siteId"),         f.text("defaultDialledNumber"),
                         f.texts("teamIds")};
    });
}

Result<DesktopProfile> read_desktop_profile(std::string_view body) {
    constexpr std::string_view what = "agent-profile";
    auto desktop = read_fields(object_of(body, what), what, [](Fields& f) {
        DesktopProfile p;
        p.login_options = f.texts("loginVoiceOptions");
        p.all_idle_codes = f.text("accessIdleCode") == "ALL";
        p.all_wrap_up_codes = f.text("accessWrapUpCode") == "ALL";
        p.idle_code_ids = f.texts("idleCodes");
        p.wrap_up_code_ids = f.texts("wrapUpCodes");
        p.dial_plan_ids = f.texts("dialPlans");
        p.dial_plan_enabled = f.flag("dialPlanEnabled");
        p.outdial_enabled = f.flag("outdialEnabled");
        p.agent_available_after_outdial = f.flag("agentAvailableAfterOutdial");
        p.consult_to_queue = f.flag("consultToQueue");
        p.last_agent_routing = f.flag("lastAgentRouting");
        p.outdial_entry_point_id = f.text("outdialEntryPointId");
        p.outdial_ani_id = f.text("outdialANIId");
        p.address_book_id = f.text("addressBookId");
        p.auto_wrap_up = {f.flag("autoWrapUp"), f.number("autoWrapAfterSeconds"), f.flag("allowAutoWrapUpExtension")};
        return p;
    });
    if (desktop && desktop->auto_wrap_up.after_seconds < 0)
        return invalid(what, "has a negative \"autoWrapAfterSeconds\"");
    return desktop;
}

Result<TeamsPage> read_teams_page(std::string_view body) {
    return read_page<TeamsPage, NamedItem>(body, "team", [](Fields& f) {
        return NamedItem{f.text("id", true), f.text("name")};
    });
}

Result<AuxCodesPage> read_aux_codes_page(std::string_view body) {
    return read_page<AuxCodesPage, AuxCode>(body, "auxiliary-code", [](Fields& f) {
        NamedItem code{f.text("id", true), f.text("name")};
        return AuxCode{std::move(code), f.text("workTypeCode"), f.flag("active"), f.flag("defaultCode")};
    });
}

Result<std::vector<OrgDialPlan>> read_dial_plans(std::string_view body) {
    constexpr std::string_view what = "dial-plan";
    // The SDK takes the answer itself as the list; a {data: [...]} page is read the same way. The
    // strict reader takes objects only, so the answer is read as the value of "data". The wrapper
    // must then have that one member: else the body was more than one value ([],"x":{...}); one
    // that repeats "data" ([],"data":{...}) the strict reader refuses itself (a duplicate key).
    std::string text = "{\"data\":" + std::string(body) + "}";
    int members = 0;
    auto one_value = workspace::json_scan::scan(text, [&](const workspace::json_scan::Member& member) {
        members += member.depth == 1 ? 1 : 0;
        return false;
    });
    if (one_value && members != 1) return invalid(what, "is not one JSON value");
    auto wrapped = workspace::parse_strict(text);
    if (!wrapped) return invalid(what, "is not JSON: " + wrapped.error().message);
    json answer = std::move(*wrapped);
    if (answer["data"].is_object()) answer = std::move(answer["data"]);
    else if (!answer["data"].is_array()) return invalid(what, "is neither a list nor an object");
    return data_items<OrgDialPlan>(answer, what, [](Fields& f) {
        auto id = f.text("id", true);
        return OrgDialPlan{std::move(id), DialPlan{f.text("name"), f.text("regularExpression"), f.text("prefix"),
                                                   f.text("strippedChars")}};
    });
}

Result<TenantSettings> read_tenant_settings(std::string_view body) {
    constexpr std::string_view what = "tenant-configuration";
    return read_fields(first_data(body, what), what, [](Fields& f) {
        return TenantSettings{f.flag("outdialEnabled"), f.flag("endCallEnabled"), f.flag("endConsultEnabled")};
    });
}

Result<OrgSettings> read_org_settings(std::string_view body) {
    constexpr std::string_view what = "organization-setting";
    return read_fields(first_data(body, what), what, [](Fields& f) {
        return OrgSettings{f.flag("campaignManagerEnabled"), f.flag("webRtcEnabled")};
    });
}

Result<std::vector<OutdialAni>> read_outdial_ani_entries(std::string_view body) {
    constexpr std::string_view what = "outdial-ani entry";
    auto answer = object_of(body, what);
    if (!answer) return answer.error();
    return data_items<OutdialAni>(*answer, what, [](Fields& f) {
        auto number = f.text("number", true);
        return OutdialAni{std::move(number), f.text("name")};
    });
}

AgentProfile assemble_profile(const ProfileAnswers& a) {
    AgentProfile profile;
    profile.org_id = a.org_id;
    profile.agent_id = a.user.ci_user_id;
    profile.agent_name = a.user.first_name + " " + a.user.last_name;
    profile.site_id = a.user.site_id;
    profile.default_dn = a.user.default_dn;
    profile.agent_profile_id = a.user.agent_profile_id;
    profile.address_book_id = a.desktop.address_book_id;
    profile.login_options = a.desktop.login_options;
    profile.teams = a.teams;
    profile.idle_codes = allowed_codes(a.aux_codes, "IDLE_CODE", a.desktop.all_idle_codes, a.desktop.idle_code_ids);
    profile.wrap_up_codes =
        allowed_codes(a.aux_codes, "WRAP_UP_CODE", a.desktop.all_wrap_up_codes, a.desktop.wrap_up_code_ids);
    for (const auto& code : a.aux_codes)
        if (code.is_default && code.work_type == "WRAP_UP_CODE" && profile.wrap_up_code(code.code.id)) {
            profile.default_wrap_up_code = code.code;
            break;
        }
    profile.outdial_entry_point_id = a.desktop.outdial_entry_point_id;
    profile.outdial_anis = a.outdial_anis;
    if (a.desktop.dial_plan_enabled)
        for (const auto& plan : a.dial_plans)
            if (contains(a.desktop.dial_plan_ids, plan.id)) profile.dial_plans.push_back(plan.plan);
    profile.auto_wrap_up = a.desktop.auto_wrap_up;
    profile.features = {a.tenant.outdial_enabled && a.desktop.outdial_enabled,
                        a.desktop.dial_plan_enabled,
                        a.desktop.agent_available_after_outdial,
                        a.tenant.end_call_enabled,
                        a.tenant.end_consult_enabled,
                        a.desktop.consult_to_queue,
                        a.org.campaign_manager_enabled,
                        a.org.web_rtc_enabled,
                        a.desktop.last_agent_routing};
    return profile;
}

}  // namespace webexcc::client
