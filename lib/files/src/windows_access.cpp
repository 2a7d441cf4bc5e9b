// The owner and DACL rule of windows_access.hpp: an object is safe when it belongs to the user,
// Administrators or SYSTEM and its DACL allows the rights asked only to those.
#include "workspace/files/windows_access.hpp"

#include "windows_common.hpp"

#include <aclapi.h>

#include <vector>

namespace workspace::files {

namespace {

// The account's name ("Everyone", "BUILTIN\Users"), else its SID: what the message shows.
std::string name_of(PSID sid) {
    wchar_t name[256], domain[256];
    DWORD name_size = 256, domain_size = 256;
    SID_NAME_USE use;
    if (LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use))
        return domain_size > 0 && domain[0] != L'\0' ? utf8_of(domain) + "\\" + utf8_of(name) : utf8_of(name);
    wchar_t* text = nullptr;
    if (!ConvertSidToStringSidW(sid, &text)) return "an unknown account";
    LocalMemory held(text);
    return utf8_of(text);
}

// NT SERVICE\TrustedInstaller: Windows' own installer service, which every folder under
// C:\Program Files grants full control (no well-known SID constant names it).
bool trusted_installer(PSID sid) {
    static const std::vector<unsigned char> installer = [] {
        PSID parsed = nullptr;
        if (!ConvertStringSidToSidW(L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", &parsed))
            return std::vector<unsigned char>();
        LocalMemory held(parsed);
        auto* bytes = static_cast<unsigned char*>(parsed);
        return std::vector<unsigned char>(bytes, bytes + GetLengthSid(parsed));
    }();
    return !installer.empty() && EqualSid(sid, const_cast<unsigned char*>(installer.data()));
}

bool trusted(PSID sid, PSID user) {
    return EqualSid(sid, user) || IsWellKnownSid(sid, WinLocalSystemSid) ||
           IsWellKnownSid(sid, WinBuiltinAdministratorsSid) || trusted_installer(sid);
}

bool allows(BYTE ace_type) {
    return ace_type == ACCESS_ALLOWED_ACE_TYPE || ace_type == ACCESS_ALLOWED_COMPOUND_ACE_TYPE ||
           ace_type == ACCESS_ALLOWED_OBJECT_ACE_TYPE || ace_type == ACCESS_ALLOWED_CALLBACK_ACE_TYPE ||
           ace_type == ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE;
}

// The first entry of `dacl` that allows one of `rights` to someone not trusted. Denials are not
// weighed against it: refusing a file a denial would have made safe is the cautious mistake.
Result<void> check_entries(PACL dacl, std::uint32_t rights, PSID user) {
    std::string granted = (rights & read_rights) != 0 ? "may be read or written by " : "may be changed by ";
    for (DWORD index = 0; index < dacl->AceCount; ++index) {
        ACE_HEADER* header = nullptr;
        if (!GetAce(dacl, index, reinterpret_cast<void**>(&header)))
            return Problem("UNREADABLE", "has an access list that cannot be read");
        if ((header->AceFlags & INHERIT_ONLY_ACE) != 0 || !allows(header->AceType)) continue;
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE)
            return Problem("UNSAFE_FILE", "has an access rule of a kind that cannot be checked (type " +
                                              std::to_string(header->AceType) + ")");
        auto* entry = reinterpret_cast<ACCESS_ALLOWED_ACE*>(header);
        PSID sid = &entry->SidStart;
        if ((entry->Mask & (rights | all_rights_flag)) != 0 && !trusted(sid, user))
            return Problem("UNSAFE_FILE", granted + "others than its owner (" + name_of(sid) + ")");
    }
    return {};
}

}  // namespace

Result<UserSid> current_user() {
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return Problem("UNREADABLE", "the user's identity cannot be read: " + message_of(GetLastError()));
    Handle held(token);
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    UserSid user{std::vector<unsigned char>(size)};
    if (size == 0 || !GetTokenInformation(token, TokenUser, user.buffer.data(), size, &size))
        return Problem("UNREADABLE", "the user's identity cannot be read: " + message_of(GetLastError()));
    return user;
}

Result<void> granted_to_others(void* handle, std::uint32_t rights) {
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    DWORD error = GetSecurityInfo(handle, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                  &owner, nullptr, &dacl, nullptr, &descriptor);
    if (error != ERROR_SUCCESS)
        return Problem("UNREADABLE", "has a security that cannot be read: " + message_of(error));
    LocalMemory held(descriptor);
    auto user = current_user();
    if (!user) return user.error();
    if (owner == nullptr || !trusted(owner, user->sid())) return Problem("UNSAFE_FILE", "belongs to another user");
    if (dacl == nullptr) return Problem("UNSAFE_FILE", "may be read or written by everyone (it has no access list)");
    return check_entries(dacl, rights, user->sid());
}

}  // namespace workspace::files
