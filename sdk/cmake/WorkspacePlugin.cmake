# workspace_add_plugin(<target> ID <id> NAME <name> VERSION <version> MIN_WORKSPACE <version>
#                      SOURCES <files>... [LIBRARIES <targets>...])
#
# Builds a Workspace plugin: a MODULE library <id>.so (<id>.dll on Windows) with hidden symbols, and
# beside it the manifest <id>.json that hosts read without loading the library. The id, name and
# versions reach the code as WORKSPACE_PLUGIN_* definitions (use WORKSPACE_PLUGIN_ENTRY(Class)), so
# the manifest and the entry cannot disagree. The target property WORKSPACE_PLUGIN_MANIFEST names the manifest file.
#
# Expects WORKSPACE_PLUGIN_API_HEADER to name workspace/plugin_api.h (the SDK's package sets it).

function(workspace_add_plugin target)
  cmake_parse_arguments(PLUGIN "" "ID;NAME;VERSION;MIN_WORKSPACE" "SOURCES;LIBRARIES" ${ARGN})
  foreach(required ID NAME VERSION MIN_WORKSPACE SOURCES)
    if(NOT PLUGIN_${required})
      message(FATAL_ERROR "workspace_add_plugin(${target}): ${required} is required")
    endif()
  endforeach()

  file(STRINGS "${WORKSPACE_PLUGIN_API_HEADER}" abi_lines REGEX "^#define WS_ABI_VERSION_(MAJOR|MINOR|PATCH) [0-9]+")
  foreach(part MAJOR MINOR PATCH)
    string(REGEX REPLACE ".*WS_ABI_VERSION_${part} ([0-9]+).*" "\\1" abi_${part} "${abi_lines}")
  endforeach()

  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE WorkspaceSDK::plugin ${PLUGIN_LIBRARIES})
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_compile_definitions(${target} PRIVATE
    WORKSPACE_PLUGIN_ID="${PLUGIN_ID}"
    WORKSPACE_PLUGIN_NAME="${PLUGIN_NAME}"
    WORKSPACE_PLUGIN_VERSION="${PLUGIN_VERSION}"
    WORKSPACE_PLUGIN_MIN_WORKSPACE="${PLUGIN_MIN_WORKSPACE}")
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "${PLUGIN_ID}"
    C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(MINGW)
    # The MinGW runtime (libstdc++, libgcc, winpthread) linked in: the DLL needs only Windows' own.
    target_link_options(${target} PRIVATE -static)
  endif()

  set(manifest "$<TARGET_FILE_DIR:${target}>/${PLUGIN_ID}.json")
  file(GENERATE OUTPUT "${manifest}" CONTENT "{
  \"id\": \"${PLUGIN_ID}\",
  \"name\": \"${PLUGIN_NAME}\",
  \"version\": \"${PLUGIN_VERSION}\",
  \"minWorkspaceVersion\": \"${PLUGIN_MIN_WORKSPACE}\",
  \"abiVersion\": \"${abi_MAJOR}.${abi_MINOR}.${abi_PATCH}\"
}
")
  set_target_properties(${target} PROPERTIES WORKSPACE_PLUGIN_MANIFEST "${manifest}")
endfunction()
