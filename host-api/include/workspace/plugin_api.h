/*
 * Workspace plugin ABI.
 *
 * The whole contract between a Workspace host and a plugin library. Plain C so that a plugin built
 * with another compiler or another standard library still loads; nothing of C++, Boost or JSON
 * libraries crosses it. Messages cross as UTF-8 JSON text plus their routing key
 * (channel / topic / subtopic).
 *
 * Lifetime:  load library -> read `workspace_plugin_entry` -> entry.create(host)
 *            -> plugin.activate -> ... -> plugin.deactivate -> plugin.destroy -> unload library.
 * The `ws_host` pointer given to `create` stays valid until `destroy` returns.
 *
 * Threads:
 *   [main]  the thread that loads and activates plugins (the host's control thread);
 *   [bus]   the host's single bus delivery thread;
 *   [any]   any thread, including threads the plugin owns.
 *
 * Versioning: every struct starts with the ABI version it was built against. A host accepts a plugin
 * with the same major version and a minor version not newer than its own. Released structs never
 * change; new capabilities get new structs.
 */
#ifndef WORKSPACE_PLUGIN_API_H
#define WORKSPACE_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WS_ABI_VERSION_MAJOR 1
#define WS_ABI_VERSION_MINOR 0
#define WS_ABI_VERSION_PATCH 0
#define WS_ABI_VERSION_INIT { WS_ABI_VERSION_MAJOR, WS_ABI_VERSION_MINOR, WS_ABI_VERSION_PATCH }

/* Name of the one symbol a plugin library exports (a `const ws_plugin_entry`). */
#define WS_PLUGIN_ENTRY_SYMBOL "workspace_plugin_entry"

#if defined(_WIN32)
#define WS_PLUGIN_EXPORT __declspec(dllexport)
#else
#define WS_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

typedef struct ws_version {
    uint32_t major;
    uint32_t minor;
    uint32_t patch;
} ws_version;

typedef enum ws_log_level {
    WS_LOG_DEBUG = 0,
    WS_LOG_INFO = 1,
    WS_LOG_WARNING = 2,
    WS_LOG_ERROR = 3
} ws_log_level;

/* One bus message. Every pointer is borrowed: valid only for the duration of the call it is passed
 * to; copy what you keep. Strings are NUL-terminated UTF-8. `json` is the complete message object,
 * e.g. {"channel":"Webexcc","topic":"OutboundCall","subtopic":"MakeCall","data":"917702779401"};
 * channel / topic / subtopic repeat its routing key so the bus never parses it. */
typedef struct ws_message {
    ws_version abi_version;
    const char *channel;
    const char *topic;
    const char *subtopic;
    const char *json;
    size_t json_length; /* bytes, without the terminating NUL */
} ws_message;

/* Receives the messages of one subscription. [bus] Never called concurrently with itself. */
typedef void (*ws_message_handler)(void *user_data, const ws_message *message);

/* Subscription handle; 0 is never a valid subscription. */
typedef uint64_t ws_subscription_id;

/* What the host offers one plugin. One instance per plugin; the plugin must not modify it. */
typedef struct ws_host {
    ws_version abi_version;
    void *host_data; /* reserved for the host */

    const char *host_name;         /* e.g. "workspace-host" */
    const char *host_version;      /* e.g. "1.0.0" */
    const char *workspace_version; /* e.g. "3.21.2410" */
    const char *config_directory;  /* folder of the host configuration: resolve relative paths
                                      in the plugin configuration against it */

    /* The plugin's own configuration object from the host configuration, as JSON text ("{}" when
     * none). [any] The pointer stays valid until destroy. */
    const char *(*plugin_config_json)(const struct ws_host *host);

    /* Queues a message for delivery and returns at once; never blocks on subscribers. Messages
     * from one thread are delivered in the order published. Returns false when the message is
     * invalid or the plugin is not active. [any] */
    bool (*publish)(const struct ws_host *host, const ws_message *message);

    /* Subscribes `handler` to one routing key, matched case-insensitively. Returns 0 on failure.
     * Only valid between activate and the return of deactivate. [any] */
    ws_subscription_id (*subscribe)(const struct ws_host *host, const char *channel,
                                    const char *topic, const char *subtopic,
                                    ws_message_handler handler, void *user_data);

    /* Removes a subscription. When it returns, the handler is not running on another thread and
     * will never be called again, so `user_data` may be freed. Called from inside the handler
     * itself it only prevents later calls. [any] */
    void (*unsubscribe)(const struct ws_host *host, ws_subscription_id subscription);

    /* Writes one log line attributed to the plugin. Never pass secrets. [any] */
    void (*log)(const struct ws_host *host, ws_log_level level, const char *text);
} ws_host;

/* A plugin instance, returned by ws_plugin_entry.create. */
typedef struct ws_plugin {
    ws_version abi_version;
    void *plugin_data; /* reserved for the plugin */

    /* Starts the plugin: subscribe, open connections. Returns false (after logging why) to stay
     * inactive; the host then calls destroy without deactivate. [main] */
    bool (*activate)(const struct ws_plugin *plugin);

    /* Stops the plugin. Before it returns the plugin stops its threads and never calls publish
     * again; the host delivers no message to it from the moment this is called and removes any
     * subscription left behind. [main] */
    void (*deactivate)(const struct ws_plugin *plugin);

    /* Frees the instance. Nothing of the plugin may run afterwards. [main] */
    void (*destroy)(const struct ws_plugin *plugin);
} ws_plugin;

/* The exported entry: static data the host reads before running any plugin code. */
typedef struct ws_plugin_entry {
    ws_version abi_version; /* WS_ABI_VERSION_INIT of the headers the plugin was built with */
    const char *id;         /* stable, matches the id in the host configuration */
    const char *name;
    const char *version;
    const char *min_workspace_version; /* e.g. "3.21.2410"; the host refuses older Workspaces */

    /* Creates an instance bound to `host`. Returns NULL on failure (after logging why). [main] */
    const ws_plugin *(*create)(const ws_host *host);
} ws_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif /* WORKSPACE_PLUGIN_API_H */
