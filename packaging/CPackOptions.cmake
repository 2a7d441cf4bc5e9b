# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE). A .tar.gz (and Windows' .zip)
# unpacks into one folder, as before the packages were split; a .deb's paths must start at its root,
# so only the archives get it.
if(CPACK_GENERATOR STREQUAL "TGZ" OR CPACK_GENERATOR STREQUAL "ZIP")
  set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)
endif()
