#pragma once
// Who may do what to a file or folder on Windows, read from its owner and DACL: the rule behind
// private_file.hpp (secrets) and usable for code (plugins, pages). "Others" are every account but
// the user running the program, Administrators, SYSTEM and TrustedInstaller: the ones that can
// change anything on the machine anyway, as root on POSIX. Windows only; <windows.h> stays in the .cpp.
//
//   auto mine = workspace::files::granted_to_others(handle, workspace::files::write_rights);

#ifdef _WIN32

#include "workspace/problem.hpp"

#include <cstdint>

namespace workspace::files {

// Access masks (winnt.h's values, so callers need not include it).
inline constexpr std::uint32_t read_rights = 0x0001 /* FILE_READ_DATA */ | 0x80000000 /* GENERIC_READ */;
inline constexpr std::uint32_t write_rights =
    0x0002 /* FILE_WRITE_DATA */ | 0x0004 /* FILE_APPEND_DATA */ | 0x0010 /* FILE_WRITE_EA */ |
    0x0040 /* FILE_DELETE_CHILD */ | 0x0100 /* FILE_WRITE_ATTRIBUTES */ | 0x00010000 /* DELETE */ |
    0x00040000 /* WRITE_DAC */ | 0x00080000 /* WRITE_OWNER */ | 0x40000000 /* GENERIC_WRITE */;
inline constexpr std::uint32_t all_rights_flag = 0x10000000;  // GENERIC_ALL: grants everything

// UNSAFE_FILE when the object behind `handle` (opened with READ_CONTROL) belongs to another account
// than the user, Administrators or SYSTEM ("belongs to another user"), has no DACL, or grants one
// of `rights` to others ("may be read or written by others ..."); UNREADABLE when its security
// cannot be read. The message says what is wrong, not which object: callers prefix the name.
Result<void> granted_to_others(void* handle, std::uint32_t rights);

}  // namespace workspace::files

#endif
