// read_agent_profile: the configuration GETs of the SDK's getAgentConfig, one after the other.
// The reading keeps itself alive through the REST client's pending handler (shared_from_this);
// the client never calls a handler once it is gone, so `rest_` is valid whenever a step runs.

#include "webexcc/client/agent_profile.hpp"
#include "webexcc/client/rest_client.hpp"

#include <memory>

namespace webexcc::client {

namespace {

using workspace::Problem;
using workspace::Result;

// The SDK reads every page a paged list announces; a tenant with more than this many pages of
// 100 is beyond anything the agent's screen could show.
constexpr int max_pages = 50;

class ProfileRead : public std::enable_shared_from_this<ProfileRead> {
public:
    using Done = std::function<void(Result<AgentProfile>)>;
    ProfileRead(RestClient& rest, std::string org_id, std::string agent_id, Done done)
        : rest_(rest), agent_id_(std::move(agent_id)), done_(std::move(done)) {
        answers_.org_id = std::move(org_id);
    }

    void start() {
        fetch(get_agent_user(org(), agent_id_), read_agent_user, [](ProfileRead& self, AgentUser user) {
            self.answers_.user = std::move(user);
            self.fetch(get_desktop_profile(self.org(), self.answers_.user.agent_profile_id), read_desktop_profile,
                       [](ProfileRead& self, DesktopProfile desktop) {
                           self.answers_.desktop = std::move(desktop);
                           self.teams(0);
                       });
        });
    }

private:
    const std::string& org() const { return answers_.org_id; }

    // GETs `request`, reads its body with `read`, and goes on with `next`; the first problem ends it.
    template <class Read, class Next>
    void fetch(ApiRequest request, Read read, Next next) {
        rest_.send(std::move(request), [self = shared_from_this(), read, next](ApiResponse response) {
            if (!response.ok()) return self->done_(*response.error);
            auto value = read(response.body);
            if (!value) return self->done_(value.error());
            next(*self, std::move(*value));
        });
    }

    void teams(int page) {
        // The SDK asks for no team when the agent has none.
        if (answers_.user.team_ids.empty()) return aux_codes(0);
        fetch(get_teams(org(), page, answers_.user.team_ids), read_teams_page,
              [page](ProfileRead& self, TeamsPage read) {
                  auto& teams = self.answers_.teams;
                  teams.insert(teams.end(), read.teams.begin(), read.teams.end());
                  if (page + 1 < std::min(read.total_pages, max_pages)) return self.teams(page + 1);
                  self.aux_codes(0);
              });
    }

    void aux_codes(int page) {
        fetch(get_aux_codes(org(), page), read_aux_codes_page, [page](ProfileRead& self, AuxCodesPage read) {
            auto& codes = self.answers_.aux_codes;
            codes.insert(codes.end(), read.codes.begin(), read.codes.end());
            if (page + 1 < std::min(read.total_pages, max_pages)) return self.aux_codes(page + 1);
            self.dial_plans();
        });
    }

    void dial_plans() {
        // Only a desktop profile with dial plans enabled reads them (config/index.ts ~82-84).
        if (!answers_.desktop.dial_plan_enabled) return settings();
        fetch(get_dial_plans(org()), read_dial_plans, [](ProfileRead& self, std::vector<OrgDialPlan> plans) {
            self.answers_.dial_plans = std::move(plans);
            self.settings();
        });
    }

    void settings() {
        fetch(get_tenant_settings(org()), read_tenant_settings, [](ProfileRead& self, TenantSettings tenant) {
            self.answers_.tenant = tenant;
            self.fetch(get_org_settings(self.org()), read_org_settings, [](ProfileRead& self, OrgSettings settings) {
                self.answers_.org = settings;
                self.outdial_anis();
            });
        });
    }

    void outdial_anis() {
        if (answers_.desktop.outdial_ani_id.empty()) return done_(assemble_profile(answers_));
        fetch(get_outdial_ani_entries(org(), answers_.desktop.outdial_ani_id), read_outdial_ani_entries,
              [](ProfileRead& self, std::vector<OutdialAni> anis) {
                  self.answers_.outdial_anis = std::move(anis);
                  self.done_(assemble_profile(self.answers_));
              });
    }

    RestClient& rest_;
    std::string agent_id_;
    Done done_;
    ProfileAnswers answers_;
};

}  // namespace

void read_agent_profile(RestClient& rest, std::string org_id, std::string agent_id,
                        std::function<void(workspace::Result<AgentProfile>)> done) {
    std::make_shared<ProfileRead>(rest, std::move(org_id), std::move(agent_id), std::move(done))->start();
}

}  // namespace webexcc::client
