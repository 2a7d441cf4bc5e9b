#pragma once
// A new folder, or a new file's name, under the system's temporary folder. POSIX has mkdtemp and
// mkstemps (a folder only its owner may enter, a file made exclusively); Windows has neither, and
// its temporary folder (in the user's profile) is the user's alone already.

#include <filesystem>
#include <stdexcept>
#include <string>

#ifdef _WIN32
#include <random>
#else
#include <stdlib.h>
#include <unistd.h>
#endif

namespace workspace::testing {

#ifdef _WIN32
// prefix + a random number that names nothing yet under the temporary folder.
inline std::filesystem::path unused_temp_path(const std::string& prefix, const std::string& suffix) {
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto path = std::filesystem::temp_directory_path() / (prefix + std::to_string(random()) + suffix);
        if (!std::filesystem::exists(path)) return path;
    }
    throw std::runtime_error("no unused temporary name for " + prefix);
}
#endif

// A new, empty folder named prefix + something unique.
inline std::filesystem::path make_temp_folder(const std::string& prefix) {
#ifdef _WIN32
    for (int attempt = 0; attempt < 100; ++attempt)
        if (auto path = unused_temp_path(prefix, ""); std::filesystem::create_directory(path)) return path;
    throw std::runtime_error("no temporary folder for " + prefix);
#else
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
#endif
}

// A new, empty file named prefix + something unique + suffix.
inline std::filesystem::path make_temp_file(const std::string& prefix, const std::string& suffix) {
#ifdef _WIN32
    auto path = unused_temp_path(prefix, suffix);
    if (FILE* file = std::fopen(path.string().c_str(), "wx")) {  // "x": fails if it exists meanwhile
        std::fclose(file);
        return path;
    }
    throw std::runtime_error("cannot create " + path.string());
#else
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX" + suffix)).string();
    int descriptor = mkstemps(pattern.data(), static_cast<int>(suffix.size()));
    if (descriptor < 0) throw std::runtime_error("mkstemps failed");
    close(descriptor);
    return pattern;
#endif
}

}  // namespace workspace::testing
