#pragma once
// A plugin library opened once, checked through its open descriptor, and loaded from that same
// descriptor: a file swapped into the plugin folder after the check is never the one that runs.

#include "workspace/host/plugin_manifest.hpp"

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace workspace::host {

class PluginFile {
public:
    // Opens `library` and checks, on what was opened: a regular file, owned by this user or root,
    // writable by nobody else; a symbolic link must stay inside `folder`; and `folder` itself must
    // be owned by this user or root and writable by nobody else (or anyone could put a library
    // there). Refusals are UNSAFE_FILE or NOT_FOUND, naming plugin `id`. [any]
    static std::variant<PluginRefusal, PluginFile> open(const std::filesystem::path& library,
                                                         const std::filesystem::path& folder, std::string_view id);

    PluginFile(PluginFile&& other) noexcept;
    PluginFile& operator=(PluginFile&& other) noexcept;
    PluginFile(const PluginFile&) = delete;
    PluginFile& operator=(const PluginFile&) = delete;
    ~PluginFile();

    const std::filesystem::path& path() const { return path_; }

    // The exported symbols, read from the opened file without running it. Throws when it is not a
    // shared library Boost.DLL can read.
    std::vector<std::string> symbols() const;

    // dlopen()s the opened file (RTLD_NOW | RTLD_LOCAL). Throws with the loader's reason.
    boost::dll::shared_library load() const;

private:
    PluginFile(int descriptor, std::filesystem::path path) : descriptor_(descriptor), path_(std::move(path)) {}
    // "/proc/self/fd/N": the opened file, whatever the folder holds now.
    std::filesystem::path descriptor_path() const;

    int descriptor_ = -1;
    std::filesystem::path path_;
};

}  // namespace workspace::host
