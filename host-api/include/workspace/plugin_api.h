/*
 * Workspace plugin ABI.
 *
 * The whole contract between a Workspace host and a plugin library. Plain C so that a plugin built
 * with another compiler or another standard library still loads; nothing of C++, Boost or JSON
 * libraries crosses it. Messages cross as UTF-8 JSON text plus their routing key
 * (channel / topic / subtopic).
 *
 * Lifetime:  check the file -> load the library (its static constructors run here) -> read
 *            `workspace_plugin_entry` -> entry.create(host) -> check the instance ->
 *            plugin.activate -> ... -> plugin.deactivate -> plugin.destroy -> unload library.
 * The entry is read only after the library is loaded, so a plugin that must not run at all on an
 * unsuitable host ships a manifest (<id>.json) the host reads first. An instance whose
 * abi_version is incompatible, or whose activate, deactivate or destroy is NULL, is refused and
 * never called, not even destroy (the host then keeps the library loaded).
 * The `ws_host` pointer given to `create` stays valid until `destroy` returns.
 *
 * Room to grow: released structs never change; a new capability is an extension, a struct named
 * by an id string and fetched with get_extension (on ws_host for what the host offers, on
 * ws_plugin for what the plugin offers). An unknown id gives NULL, so both sides can probe.
 *
 * Fields: every field is required unless its comment says "optional (may be NULL)".
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
     * from one thread are delivered in the order published. Returns false (and the host logs
     * why) when the message is not strict UTF-8 JSON with a routing key, or when called outside
     * activate..deactivate (from the start of activate until deactivate returns). [any] */
    bool (*publish)(const struct ws_host *host, const ws_message *message);

    /* Subscribes `handler` to one routing key, matched case-insensitively: every message on it,
     * requests ("data") and answers or events ("message") alike. A plugin that serves requests
     * must skip messages with a top-level "message" (the C++ SDK's subscribe_requests does), or
     * it takes its own answers, published on the key it listens on, for new requests. Returns 0
     * on failure, and when called outside activate (from its start) .. deactivate (until it is
     * called): the host logs such a call and refuses it. [any] */
    ws_subscription_id (*subscribe)(const struct ws_host *host, const char *channel,
                                    const char *topic, const char *subtopic,
                                    ws_message_handler handler, void *user_data);

    /* Removes a subscription. When it returns, the handler is not running on another thread and
     * will never be called again, so `user_data` may be freed. Called from inside the handler
     * itself it only prevents later calls: the running call still uses `user_data`, so free it
     * after the handler returns. Unknown or already removed ids are ignored.
     * It BLOCKS until a call of this handler in flight on the bus thread returns (it waits for
     * nothing else): never call it, outside the handler, while holding a lock that handler may
     * take, or neither ever returns. Release the lock first, or flag the handler to return at once
     * and unsubscribe after.
     * [any] From create until destroy returns; once deactivate is called the host has removed
     * the plugin's subscriptions itself, so it then does nothing. Every call made from a
     * plugin's own threads must have returned before its deactivate returns (join them there):
     * the host waits for the handlers it removes, not for one another thread is removing. */
    void (*unsubscribe)(const struct ws_host *host, ws_subscription_id subscription);

    /* Writes one log line attributed to the plugin. Never pass secrets. [any] */
    void (*log)(const struct ws_host *host, ws_log_level level, const char *text);

    /* The host's extension named `id` (e.g. WS_EXT_...), or NULL when the host has none by that
     * name. The pointer stays valid until destroy. [any] */
    const void *(*get_extension)(const struct ws_host *host, const char *id);
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

    /* Optional (may be NULL: no extensions). The plugin's extension named `id`, or NULL when it has
     * none by that name. Called only while the plugin is active; the pointer stays valid until
     * deactivate. [main] */
    const void *(*get_extension)(const struct ws_plugin *plugin, const char *id);
} ws_plugin;

/* Extension "workspace.plugin-status/1", offered by a plugin: what it would tell an operator now
 * (connected or not, open work), e.g. {"connected":true,"agentState":"Available","openCalls":0}. */
#define WS_EXT_PLUGIN_STATUS "workspace.plugin-status/1"
typedef struct ws_plugin_status {
    ws_version abi_version;
    /* Writes the status, a JSON object in UTF-8, NUL-terminated, into `buffer` (`capacity` bytes)
     * and returns its length without the NUL; when that is >= capacity the text was cut short and
     * the host calls again with a larger buffer. [main] */
    size_t (*write_status)(const struct ws_plugin *plugin, char *buffer, size_t capacity);
} ws_plugin_status;

/* The exported entry: static data the host reads once the library is loaded, before calling any
 * plugin function. Every field is required. */
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
