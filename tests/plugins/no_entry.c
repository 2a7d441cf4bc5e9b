/* A shared library that is not a Workspace plugin: no entry symbol. If the host ever loaded it,
 * its constructor would leave a marker in $PROBE_MARKER_DIR. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void no_entry_mark_loaded(void) {
    const char *directory = getenv("PROBE_MARKER_DIR");
    if (directory == NULL) return;
    char path[4096];
    snprintf(path, sizeof path, "%s/no-entry", directory);
    FILE *marker = fopen(path, "w");
    if (marker != NULL) fclose(marker);
}

__attribute__((visibility("default"))) int not_a_plugin(void) { return 42; }
