/* A plugin written against the bare C ABI (so the header is compiled as C11 here). Built several
 * times with different PROBE_* definitions to play the plugins the host must accept or refuse.
 *
 * - When the library is loaded and $PROBE_MARKER_DIR is set, it creates $PROBE_MARKER_DIR/<id>,
 *   so a test can tell whether the host ever opened it.
 * - create() logs "probe created"; activation subscribes to Probe / Ping / Request and answers
 *   each request with Probe / Ping / Reply carrying the request text; it logs what the host
 *   answered for an extension no host has. Every instance function logs that it ran.
 * - With PROBE_EARLY_CALLS, create() tries to subscribe and publish (too early) and logs results.
 */
#include "workspace/plugin_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PROBE_ID
#error PROBE_ID must be defined
#endif
#ifndef PROBE_ABI_MAJOR
#define PROBE_ABI_MAJOR WS_ABI_VERSION_MAJOR
#endif
#ifndef PROBE_MIN_WORKSPACE
#define PROBE_MIN_WORKSPACE "3.21.2410"
#endif
#ifndef PROBE_ACTIVATE_RESULT
#define PROBE_ACTIVATE_RESULT true
#endif
#ifndef PROBE_INSTANCE_ABI_MAJOR /* the instance's own abi_version, which may differ from the entry's */
#define PROBE_INSTANCE_ABI_MAJOR WS_ABI_VERSION_MAJOR
#endif
#ifdef PROBE_NULL_DESTROY /* an incomplete instance: the host must not call it at all */
#define PROBE_DESTROY NULL
#else
#define PROBE_DESTROY probe_destroy
#endif

__attribute__((constructor)) static void probe_mark_loaded(void) {
    const char *directory = getenv("PROBE_MARKER_DIR");
    if (directory == NULL) return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", directory, PROBE_ID);
    FILE *marker = fopen(path, "w");
    if (marker != NULL) fclose(marker);
}

typedef struct probe {
    ws_plugin plugin;
    const ws_host *host;
    ws_subscription_id subscription;
} probe;

static void WS_ABI probe_on_ping(void *user_data, const ws_message *message) {
    probe *self = user_data;
    static const char prefix[] = "{\"channel\":\"Probe\",\"topic\":\"Ping\",\"subtopic\":\"Reply\",\"message\":";
    size_t length = sizeof prefix - 1 + message->json_length + 1;
    char *text = malloc(length + 1);
    if (text == NULL) return;
    memcpy(text, prefix, sizeof prefix - 1);
    memcpy(text + sizeof prefix - 1, message->json, message->json_length);
    text[length - 1] = '}';
    text[length] = '\0';
    ws_message reply = {WS_ABI_VERSION_INIT, "Probe", "Ping", "Reply", text, length};
    self->host->publish(self->host, &reply);
    free(text);
}

static bool WS_ABI probe_activate(const ws_plugin *plugin) {
    probe *self = plugin->plugin_data;
    self->subscription = self->host->subscribe(self->host, "Probe", "Ping", "Request", probe_on_ping, self);
    self->host->log(self->host, WS_LOG_INFO, "probe activated");
    const void *unknown = self->host->get_extension(self->host, "example.no-such-extension/1");
    self->host->log(self->host, WS_LOG_INFO,
                    unknown == NULL ? "host extension unknown: NULL" : "host extension unknown: found");
    return PROBE_ACTIVATE_RESULT && self->subscription != 0;
}

static void WS_ABI probe_deactivate(const ws_plugin *plugin) {
    probe *self = plugin->plugin_data;
    self->host->unsubscribe(self->host, self->subscription);
    self->host->log(self->host, WS_LOG_INFO, "probe deactivated");
}

__attribute__((unused)) static void WS_ABI probe_destroy(const ws_plugin *plugin) {
    probe *self = plugin->plugin_data;
    self->host->log(self->host, WS_LOG_INFO, "probe destroyed");
    free(self);
}

static const void *WS_ABI probe_get_extension(const ws_plugin *plugin, const char *id) {
    (void)plugin;
    (void)id;
    return NULL;
}

static const ws_plugin *WS_ABI probe_create(const ws_host *host) {
    probe *self = calloc(1, sizeof *self);
    if (self == NULL) return NULL;
    ws_plugin plugin = {{PROBE_INSTANCE_ABI_MAJOR, WS_ABI_VERSION_MINOR, WS_ABI_VERSION_PATCH},
                        self,
                        probe_activate,
                        probe_deactivate,
                        PROBE_DESTROY,
                        probe_get_extension};
    self->plugin = plugin;
    self->host = host;
    host->log(host, WS_LOG_INFO, "probe created");
#ifdef PROBE_EARLY_CALLS
    ws_subscription_id early = host->subscribe(host, "Probe", "Ping", "Request", probe_on_ping, self);
    host->log(host, WS_LOG_INFO, early == 0 ? "early subscribe: refused" : "early subscribe: accepted");
    static const char text[] = "{\"channel\":\"Probe\",\"topic\":\"Early\",\"subtopic\":\"Publish\"}";
    ws_message message = {WS_ABI_VERSION_INIT, "Probe", "Early", "Publish", text, sizeof text - 1};
    host->log(host, WS_LOG_INFO, host->publish(host, &message) ? "early publish: accepted" : "early publish: refused");
#endif
    return &self->plugin;
}

WS_PLUGIN_EXPORT const ws_plugin_entry workspace_plugin_entry = {
    {PROBE_ABI_MAJOR, WS_ABI_VERSION_MINOR, WS_ABI_VERSION_PATCH},
    PROBE_ID,
    "Probe",
    "1.0.0",
    PROBE_MIN_WORKSPACE,
    probe_create};
