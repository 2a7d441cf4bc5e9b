// The agent's profile as Webex's configuration GETs could answer it: any bytes for each body that
// read_agent_profile reads, chained as it chains them (the first refusal ends the read; no team
// page without team ids, no dial plans unless the desktop profile enables them, no outdial ANIs
// without an ANI list id), then assembled. Never a crash; read twice, the same profile or the same
// problem; the profile keeps its documented rules (every code and team has an id, the default
// wrap-up code is one of the wrap-up codes, dial plans only when enabled, no negative auto wrap-up
// time), and the plugin publishes it as strict JSON. Beside it, the token's organisation
// (org_id_of_token) and a dial number against the profile's plans (dial_number_allowed).
//
// Input layout: parts separated by "\n====\n", in this order: the access token, a dial number,
// then the bodies of user, agent-profile, v2/team, v2/auxiliary-code, dial-plan,
// v2/tenant-configuration, v2/organization-setting and v2/outdial-ani/{id}/entry.

#include "agent_session.hpp"
#include "webexcc/client/agent_profile.hpp"
#include "workspace/json/json_scan.hpp"
#include "workspace/message/envelope.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

using namespace webexcc::client;
using workspace::Result;

namespace {

constexpr std::string_view separator = "\n====\n";
enum Part { token, dial_number, user, desktop, teams, aux_codes, dial_plans, tenant, org, anis, part_count };

std::vector<std::string_view> parts_of(std::string_view input) {
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < part_count) {
        auto end = input.find(separator);
        if (end == std::string_view::npos) break;
        parts.push_back(input.substr(0, end));
        input.remove_prefix(end + separator.size());
    }
    parts.push_back(input);
    parts.resize(part_count);  // a missing body reads as empty: refused, as an empty answer is
    return parts;
}

// `read` of `body` into `into`; false (and `problem` set) when refused.
template <class Value, class Read>
bool take(Read read, std::string_view body, Value& into, std::optional<workspace::Problem>& problem) {
    auto value = read(body);
    if (!value) return problem = value.error(), false;
    into = std::move(*value);
    return true;
}

// The answers in read_agent_profile's order, each page taken as the only one.
Result<AgentProfile> read_profile(const std::vector<std::string_view>& parts) {
    ProfileAnswers a;
    a.org_id = "org-1";
    std::optional<workspace::Problem> problem;
    TeamsPage team_page;
    AuxCodesPage code_page;
    bool read =
        take(read_agent_user, parts[user], a.user, problem) &&
        take(read_desktop_profile, parts[desktop], a.desktop, problem) &&
        (a.user.team_ids.empty() || take(read_teams_page, parts[teams], team_page, problem)) &&
        take(read_aux_codes_page, parts[aux_codes], code_page, problem) &&
        (!a.desktop.dial_plan_enabled || take(read_dial_plans, parts[dial_plans], a.dial_plans, problem)) &&
        take(read_tenant_settings, parts[tenant], a.tenant, problem) &&
        take(read_org_settings, parts[org], a.org, problem) &&
        (a.desktop.outdial_ani_id.empty() || take(read_outdial_ani_entries, parts[anis], a.outdial_anis, problem));
    if (!read) return *problem;
    a.teams = std::move(team_page.teams);
    a.aux_codes = std::move(code_page.codes);
    return assemble_profile(a);
}

bool has_ids(const std::vector<NamedItem>& items) {
    return std::all_of(items.begin(), items.end(), [](const NamedItem& item) { return !item.id.empty(); });
}

void check_profile(const AgentProfile& profile) {
    if (!has_ids(profile.teams) || !has_ids(profile.idle_codes) || !has_ids(profile.wrap_up_codes)) std::abort();
    if (profile.default_wrap_up_code && !profile.wrap_up_code(profile.default_wrap_up_code->id)) std::abort();
    if (!profile.dial_plans.empty() && !profile.features.adhoc_dialing) std::abort();  // dial plans enabled
    if (profile.auto_wrap_up.after_seconds < 0) std::abort();
    for (const auto& ani : profile.outdial_anis)
        if (ani.number.empty()) std::abort();
    auto published = webexcc::outbound::agent_profile_message(profile, "request-1");
    if (!workspace::json_scan::check(published) || !workspace::message::is_answer(published)) std::abort();
}

void check_token(std::string_view token) {
    auto org_id = org_id_of_token(token);
    if (org_id) {
        // What follows the second '_', never empty.
        auto first = token.find('_');
        if (org_id->empty() || first == std::string_view::npos ||
            token.find('_', first + 1) == std::string_view::npos || !token.ends_with(*org_id))
            std::abort();
    } else if (org_id.error() != org_id_of_token("").error()) {
        std::abort();  // the refusal never depends on (so never quotes) the token
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto parts = parts_of({reinterpret_cast<const char*>(data), size});
    check_token(parts[token]);

    auto profile = read_profile(parts);
    auto again = read_profile(parts);
    if (profile.has_value() != again.has_value()) std::abort();
    if (!profile) {
        if (profile.error() != again.error() || profile.error().code != "INVALID_PROFILE") std::abort();
        return 0;
    }
    if (!(*profile == *again)) std::abort();
    check_profile(*profile);

    bool allowed = dial_number_allowed(profile->dial_plans, parts[dial_number]);
    if (allowed != dial_number_allowed(profile->dial_plans, parts[dial_number])) std::abort();
    if (allowed && (parts[dial_number].empty() || parts[dial_number].size() > 64)) std::abort();
    return 0;
}
