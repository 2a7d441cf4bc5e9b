#pragma once
// A plugin library opened once, checked through its open descriptor, and loaded from that same
// descriptor: a file swapped into the plugin folder after the check is never the one that runs.
// Its manifest is opened and checked the same way and read through its descriptor. On Windows the
// descriptor is a handle opened deny-write and deny-delete, kept open while the loader maps the
// file under the handle's final path: nothing can change or replace it in between.

#include "workspace/host/plugin_manifest.hpp"

#include <boost/dll/shared_library.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace workspace::host {

class PluginFile {
public:
    // Opens `library` (or its manifest) and checks, on what was opened: a regular file, owned by
    // this user or root, writable by nobody else; a symbolic link must stay inside `folder`; and
    // `folder` itself must be owned by this user or root and writable by nobody else (or anyone
    // could put a library there). Never waits: a FIFO or a device is refused, not read. On
    // Windows: owned by this user, Administrators or SYSTEM, and no write right for anyone else in
    // the DACL (workspace/files/windows_access.hpp); a link or junction must lead inside `folder`.
    // Refusals are UNSAFE_FILE or NOT_FOUND, naming plugin `id`. [any]
    static Result<PluginFile> open(const std::filesystem::path& library, const std::filesystem::path& folder,
                                   std::string_view id);

    PluginFile(PluginFile&& other) noexcept;
    PluginFile& operator=(PluginFile&& other) noexcept;
    PluginFile(const PluginFile&) = delete;
    PluginFile& operator=(const PluginFile&) = delete;
    ~PluginFile();

    const std::filesystem::path& path() const { return path_; }

    // The whole opened file, for a manifest; UNREADABLE ("cannot be read: ...") or TOO_LARGE ("is
    // larger than N bytes") when it cannot be read or holds more than `max_bytes`.
    Result<std::string> read(std::size_t max_bytes) const;

    // The exported symbols, read from the opened file without running it; NOT_A_LIBRARY when it is
    // not a shared library Boost.DLL can read.
    Result<std::vector<std::string>> symbols() const;

    // dlopen()s the opened file (RTLD_NOW | RTLD_LOCAL); on Windows LoadLibraryExW() of its final
    // path, its own dependencies searched in its folder and System32 only. LOAD_FAILED with the
    // loader's reason.
    Result<boost::dll::shared_library> load() const;

private:
#ifdef _WIN32
    using Descriptor = void*;  // a HANDLE; nullptr when none
    static constexpr Descriptor no_descriptor = nullptr;
#else
    using Descriptor = int;
    static constexpr Descriptor no_descriptor = -1;
#endif
    PluginFile(Descriptor descriptor, std::filesystem::path path) : descriptor_(descriptor), path_(std::move(path)) {}
    // The opened file, whatever the folder holds now: "/proc/self/fd/N"; on Windows the handle's
    // final path (GetFinalPathNameByHandleW), which the open handle keeps from changing.
    std::filesystem::path descriptor_path() const;

    Descriptor descriptor_ = no_descriptor;
    std::filesystem::path path_;
};

}  // namespace workspace::host
