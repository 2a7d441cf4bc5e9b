#pragma once
// The agent panel's files, held in memory: a request can only ever name one of them, so no path
// from the network reaches the file system. They are built into the plugin (embed_page.cmake);
// `pageDirectory` replaces them with a folder's, read once when the bridge starts.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace browser_bridge {

struct PageFile {
    std::string content_type;
    std::string body;
};

class PageFiles {
public:
    // The page built into the plugin.
    static PageFiles embedded();

    // Reads the regular files of `folder` (not its subfolders) whose type the bridge serves
    // (.html, .css, .js, .svg, .png, .ico), each at most 1 MiB, each opened in the folder opened
    // without following a symbolic link (links are skipped). Throws std::runtime_error saying why
    // when the folder cannot be read, has no index.html, or it or a file it serves belongs to
    // another user than the host's (or root) or may be written by others.
    static PageFiles load(const std::filesystem::path& folder);

    // The file a request target names ("/" is index.html; a query is ignored), or nullptr.
    const PageFile* find(std::string_view target) const;

private:
    // Adds a file when its type is one the bridge serves; false otherwise.
    bool add(const std::string& name, std::string body);

    std::map<std::string, PageFile, std::less<>> files_;  // by name, e.g. "index.html"
};

// Generated from page/ at build time: (file name, content) pairs.
std::vector<std::pair<std::string_view, std::string_view>> embedded_page_files();

}  // namespace browser_bridge
