#include "page_files.hpp"

#include "page_folder.hpp"
#include "workspace/files/utf8_path.hpp"

#include <stdexcept>

namespace browser_bridge {

namespace {

const char* content_type_of(const std::filesystem::path& file) {
    static const std::map<std::string, const char*> types = {{".html", "text/html; charset=utf-8"},
                                                             {".css", "text/css; charset=utf-8"},
                                                             {".js", "text/javascript; charset=utf-8"},
                                                             {".svg", "image/svg+xml"},
                                                             {".png", "image/png"},
                                                             {".ico", "image/x-icon"}};
    auto found = types.find(file.extension().string());
    return found == types.end() ? nullptr : found->second;
}

}  // namespace

bool PageFiles::add(const std::string& name, std::string body) {
    const char* type = content_type_of(name);
    if (type == nullptr) return false;
    files_[name] = PageFile{type, std::move(body)};
    return true;
}

PageFiles PageFiles::embedded() {
    PageFiles page;
    for (const auto& [name, body] : embedded_page_files()) page.add(std::string(name), std::string(body));
    return page;
}

PageFiles PageFiles::load(const std::filesystem::path& folder) {
    PageFiles page;
    auto served = [](std::string_view name) { return content_type_of(std::filesystem::path(name)) != nullptr; };
    for (auto& [name, body] : read_page_folder(folder, served)) page.add(name, std::move(body));
    if (!page.files_.count("index.html"))
        throw std::runtime_error("the page folder " + workspace::files::utf8_of(folder) +
                                 " has no index.html (a regular file: symbolic links are not followed)");
    return page;
}

const PageFile* PageFiles::find(std::string_view target) const {
    target = target.substr(0, target.find('?'));
    if (target.empty() || target.front() != '/') return nullptr;
    target.remove_prefix(1);
    if (target.empty()) target = "index.html";
    auto found = files_.find(target);  // names only: "a/b", "..", "%2e" name no file
    return found == files_.end() ? nullptr : &found->second;
}

}  // namespace browser_bridge
