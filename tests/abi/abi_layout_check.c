/* The ABI's 1.0 layout checked as C11 (abi_layout.h); the build failing is the real check. At run
 * time: the names that cross as text, which a compiler cannot compare. */
#include "abi_layout.h"

#include <stdio.h>
#include <string.h>

int main(void) {
    const char *symbol = WS_PLUGIN_ENTRY_SYMBOL, *status = WS_EXT_PLUGIN_STATUS;
    if (strcmp(symbol, "workspace_plugin_entry") != 0 || strcmp(status, "workspace.plugin-status/1") != 0) {
        fprintf(stderr, "plugin_api.h renamed a released name\n");
        return 1;
    }
    return 0;
}
