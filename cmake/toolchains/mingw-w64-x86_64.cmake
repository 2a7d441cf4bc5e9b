# Windows x86-64 from Debian with MinGW-w64 (GCC, POSIX threads for std::thread), run under Wine.
#
#   cmake -S . -B build-windows --toolchain cmake/toolchains/mingw-w64-x86_64.cmake \
#         -DWORKSPACE_OPENSSL_ROOT=<prefix printed by tools/windows/build-openssl.sh>
#
# Libraries come only from MinGW's sysroot, the OpenSSL cross build and a folder of the host's
# header-only libraries (Boost, nlohmann_json, Catch2 2, valijson) staged below: /usr/include itself
# never reaches the include path, since glibc's headers there would shadow MinGW's.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(mingw_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${mingw_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${mingw_triple}-g++-posix)
set(CMAKE_RC_COMPILER ${mingw_triple}-windres)
set(CMAKE_AR ${mingw_triple}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${mingw_triple}-gcc-ranlib-posix CACHE FILEPATH "")

# ctest (and add_custom_command with a target as the command) runs the .exe files under Wine.
find_program(WORKSPACE_WINE64 NAMES wine64 PATHS /usr/lib/wine NO_DEFAULT_PATH)
find_program(WORKSPACE_WINE64 NAMES wine64)
if(WORKSPACE_WINE64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${WORKSPACE_WINE64})
endif()

# The try_compile projects CMake runs while configuring see the same OpenSSL.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES WORKSPACE_OPENSSL_ROOT)

# The host's header-only libraries, each as symbolic links in a folder of its own with a minimal CMake
# package defining the targets the host's own packages define (Boost::headers, ...).
if(DEFINED ENV{XDG_CACHE_HOME})
  set(host_packages "$ENV{XDG_CACHE_HOME}/webexcc-workspace/mingw64-host-packages")
else()
  set(host_packages "$ENV{HOME}/.cache/webexcc-workspace/mingw64-host-packages")
endif()

# stage_header_package(<Package> <version> <target> <header folder>...)
function(stage_header_package package version target)
  set(root "${host_packages}/${package}")
  file(MAKE_DIRECTORY "${root}/include")
  foreach(folder IN LISTS ARGN)
    if(NOT EXISTS "${root}/include/${folder}")
      file(CREATE_LINK "/usr/include/${folder}" "${root}/include/${folder}" SYMBOLIC)
    endif()
  endforeach()
  file(CONFIGURE OUTPUT "${root}/${package}Config.cmake" CONTENT
"if(NOT TARGET ${target})
  add_library(${target} INTERFACE IMPORTED)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES \"${root}/include\")
endif()
set(${package}_VERSION ${version})
")
  string(REGEX MATCH "^[0-9]+" major "${version}")
  file(CONFIGURE OUTPUT "${root}/${package}ConfigVersion.cmake" CONTENT
"set(PACKAGE_VERSION ${version})
if(PACKAGE_FIND_VERSION AND (PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION OR NOT PACKAGE_FIND_VERSION_MAJOR EQUAL ${major}))
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
")
  set(${package}_DIR "${root}" CACHE PATH "the host's header-only ${package}, staged for MinGW" FORCE)
endfunction()

stage_header_package(Boost 1.81.0 Boost::headers boost)
stage_header_package(nlohmann_json 3.11.2 nlohmann_json::nlohmann_json nlohmann)
stage_header_package(Catch2 2.13.10 Catch2::Catch2 catch2)
stage_header_package(valijson 1.0.0 valijson valijson)
# find_path(valijson/validator.hpp) in tests/ looks here.
set(VALIJSON_INCLUDE_DIR "${host_packages}/valijson/include" CACHE PATH "" FORCE)

set(CMAKE_FIND_ROOT_PATH /usr/${mingw_triple} ${WORKSPACE_OPENSSL_ROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
if(WORKSPACE_OPENSSL_ROOT)
  set(OPENSSL_ROOT_DIR ${WORKSPACE_OPENSSL_ROOT})
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()
