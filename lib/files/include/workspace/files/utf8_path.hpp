#pragma once
// File names are UTF-8 inside the program (configuration, messages, logs) and native at the edges.
// On Windows a std::filesystem::path made from a std::string reads it in the ANSI code page and
// path::string() writes that code page (throwing on what it cannot show); these convert through
// char8_t instead, so a name with any character goes through the wide-character APIs unchanged.
// On POSIX both are the bytes as they are.
//
//   auto file = workspace::files::path_from_utf8(settings["tokenStore"]);
//   log("cannot read " + workspace::files::utf8_of(file));

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace workspace::files {

inline std::filesystem::path path_from_utf8(std::string_view utf8) {
    return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

inline std::string utf8_of(const std::filesystem::path& file) {
    auto text = file.u8string();
    return std::string(text.begin(), text.end());
}

// The program's arguments, its own name first, as UTF-8: on Windows from the wide command line
// (argv there is in the ANSI code page, which cannot spell every file name); argv's bytes elsewhere.
#ifdef _WIN32
std::vector<std::string> utf8_arguments(int argc, char** argv);
#else
inline std::vector<std::string> utf8_arguments(int argc, char** argv) { return {argv, argv + argc}; }
#endif

}  // namespace workspace::files
