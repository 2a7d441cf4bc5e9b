// The token store on Windows: the JSON text encrypted with DPAPI for the current user (only this
// user on this machine can decrypt it, whatever the file's access list), in a file only the user
// may open, replaced atomically (workspace::files::write_private_file).
#include "token_store_file.hpp"

#include "workspace/files/private_file.hpp"

#include <windows.h>
// after <windows.h>, which it needs
#include <dpapi.h>

namespace webexcc::client::detail {

namespace {

using workspace::Problem;
using workspace::Result;

// Mixed into the encryption: another program of the same user calling CryptUnprotectData on the
// file without it gets nothing.
constexpr char entropy_text[] = "webexcc-workspace token store v1";
constexpr wchar_t description[] = L"Webex Contact Center Workspace: Webex sign-in tokens";

DATA_BLOB blob_of(const std::string& bytes) {
    return {static_cast<DWORD>(bytes.size()), reinterpret_cast<BYTE*>(const_cast<char*>(bytes.data()))};
}

std::string taken(DATA_BLOB& blob) {
    std::string bytes(reinterpret_cast<const char*>(blob.pbData), blob.cbData);
    SecureZeroMemory(blob.pbData, blob.cbData);
    LocalFree(blob.pbData);
    return bytes;
}

std::string name_of(const std::filesystem::path& file) { return "token store " + workspace::files::utf8_of(file); }

}  // namespace

Result<std::optional<std::string>> read_token_store_text(const std::filesystem::path& file) {
    auto content = workspace::files::read_private_file_if_present(file);
    if (!content) return Problem(content.error().code, "token store " + content.error().message);
    if (!*content) return std::nullopt;
    std::string entropy_bytes(entropy_text);
    DATA_BLOB sealed = blob_of(**content), entropy = blob_of(entropy_bytes), opened{};
    if (!CryptUnprotectData(&sealed, nullptr, &entropy, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &opened))
        return Problem("BAD_TOKEN_STORE", name_of(file) + " cannot be decrypted (error " +
                                              std::to_string(GetLastError()) +
                                              "): written by another Windows user or machine, sign in again");
    return taken(opened);
}

Result<void> write_token_store_text(const std::filesystem::path& file, const std::string& text) {
    std::string entropy_bytes(entropy_text);
    DATA_BLOB clear = blob_of(text), entropy = blob_of(entropy_bytes), sealed{};
    if (!CryptProtectData(&clear, description, &entropy, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &sealed))
        return Problem("UNWRITABLE",
                       name_of(file) + " cannot be encrypted (error " + std::to_string(GetLastError()) + ")");
    auto written = workspace::files::write_private_file(file, taken(sealed));
    if (!written) return Problem(written.error().code, "token store " + written.error().message);
    return {};
}

}  // namespace webexcc::client::detail
