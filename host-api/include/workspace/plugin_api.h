/*
 * Workspace plugin ABI.
 *
 * The whole contract between a Workspace host and a plugin library, stated here and nowhere else
 * (docs/plugin-abi.md walks through writing a plugin). Plain C so that a plugin built with another
 * compiler or another standard library still loads; nothing of C++, Boost or JSON libraries
 * crosses it. Messages cross as UTF-8 JSON text plus their routing key
 * (channel / topic / subtopic).
 *
 * Lifetime:  check the file -> load the library (its static constructors run here) -> read
 *            `workspace_plugin_entry` -> entry.create(host) -> check the instance ->
 *            plugin.activate -> ... -> plugin.deactivate -> plugin.destroy -> unload library.
 * The entry is read only after the library is loaded, so a plugin that must not run at all on an
 * unsuitable host ships a manifest (<id>.json) the host reads first. An instance whose
 * abi_version is incompatible, or whose activate, deactivate or destroy is NULL, is refused and
 * never called, not even destroy (the host then keeps the library loaded).
 * The `ws_host` pointer given to `create`, and every string in it, stays valid until `destroy`
 * returns; after that nothing of it may be used.
 *
 * Room to grow: released structs never change (tests/abi checks their 1.0 layouts at build time);
 * a new capability is an extension, a struct named by an id string and fetched with get_extension
 * (on ws_host for what the host offers, on ws_plugin for what the plugin offers). An unknown id
 * gives NULL, so both sides can probe.
 *
 * Fields: every field is required unless its comment says "optional (may be NULL)".
 *
 * Tags: every function is tagged [thread & stages]. On a function of the host: where the plugin
 * may call it. On a function of the plugin: where the host calls it.
 * Threads:
 *   [main]  the thread that creates, activates, deactivates and destroys plugins (the host's
 *           control thread);
 *   [bus]   the host's one bus thread: it delivers every message, one handler call at a time;
 *   [any]   any thread, including threads the plugin owns.
 * Stages of one plugin instance (a..b: every stage from a through b):
 *   created       from the call of create until activate is called;
 *   activating    inside activate;
 *   active        from activate returning true until the host starts to deactivate the plugin;
 *   deactivating  from then until deactivate returns: the host first removes the plugin's
 *                 subscriptions, waiting for calls of their handlers in flight, then calls
 *                 deactivate;
 *   destroying    from deactivate returning, or activate returning false, until destroy returns:
 *                 the host removes any subscription left (waiting likewise), then calls destroy.
 * A publish or subscribe outside its stages is refused and logged by the host.
 *
 * Versioning: every struct starts with the ABI version it was built against. The host accepts an
 * entry, a manifest or an instance of its own major version and a minor version not newer than
 * its own; of a message or an extension struct it checks the major version only. The patch
 * version is never compared.
 */
#ifndef WORKSPACE_PLUGIN_API_H
#define WORKSPACE_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MAJOR changes only if a released struct or contract does. MINOR grows when this header gains
 * something (an extension, say). PATCH counts corrections to this header's comments alone: it
 * never affects compatibility, and hosts ignore it. */
#define WS_ABI_VERSION_MAJOR 1
#define WS_ABI_VERSION_MINOR 0
#define WS_ABI_VERSION_PATCH 0
#define WS_ABI_VERSION_INIT \
    { WS_ABI_VERSION_MAJOR, WS_ABI_VERSION_MINOR, WS_ABI_VERSION_PATCH }

/* Name of the one symbol a plugin library exports (a `const ws_plugin_entry`). */
#define WS_PLUGIN_ENTRY_SYMBOL "workspace_plugin_entry"

/* WS_ABI: the calling convention of every function crossing the ABI (each function pointer type
 * below, and every function a host or plugin stores in one): __cdecl on Windows, so a plugin built
 * by another Windows compiler (or with another default convention) calls and is called alike;
 * nothing elsewhere, where C has one convention. Part of the ABI: never redefine it.
 * WS_PLUGIN_EXPORT: on the entry symbol, exports it from the library: __declspec(dllexport) on
 * Windows, default visibility elsewhere (plugins build with hidden symbols). */
#if defined(_WIN32) || defined(__CYGWIN__)
#define WS_ABI __cdecl
#else
#define WS_ABI
#endif

#if defined(_WIN32) || defined(__CYGWIN__)
#define WS_PLUGIN_EXPORT __declspec(dllexport)
#else
#define WS_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

typedef struct ws_version {
    uint32_t major;
    uint32_t minor;
    uint32_t patch;
} ws_version;

typedef enum ws_log_level { WS_LOG_DEBUG = 0, WS_LOG_INFO = 1, WS_LOG_WARNING = 2, WS_LOG_ERROR = 3 } ws_log_level;

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

/* Receives the messages of one subscription: from the call of subscribe (possibly before it
 * returns) until unsubscribe returns or the host removes the subscription. A call runs on into
 * deactivating only while a thread of the plugin is still unsubscribing it (see unsubscribe).
 * [bus & activating, active] */
typedef void(WS_ABI *ws_message_handler)(void *user_data, const ws_message *message);

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
     * none). The pointer stays valid until destroy returns. [any & created..destroying] */
    const char *(WS_ABI *plugin_config_json)(const struct ws_host *host);

    /* Queues a message for delivery and returns at once; never blocks on subscribers. Messages
     * from one thread are delivered in the order published. Returns false (and the host logs
     * why) when the message is not strict UTF-8 JSON with a routing key, or when called outside
     * its stages. [any & activating..deactivating] */
    bool(WS_ABI *publish)(const struct ws_host *host, const ws_message *message);

    /* Subscribes `handler` to one routing key, matched case-insensitively: every message on it,
     * requests ("data") and answers or events ("message") alike. A plugin that serves requests
     * must skip messages with a top-level "message" (the C++ SDK's subscribe_requests does), or
     * it takes its own answers, published on the key it listens on, for new requests. Returns 0
     * on failure, and (logged) when called outside its stages. [any & activating, active] */
    ws_subscription_id(WS_ABI *subscribe)(const struct ws_host *host, const char *channel, const char *topic,
                                          const char *subtopic, ws_message_handler handler, void *user_data);

    /* Removes one of the plugin's subscriptions; any other id (unknown, another plugin's, already
     * removed by the plugin or the host) is ignored at once. When it returns, the handler is not
     * running on another thread and will never be called again, so `user_data` may be freed.
     * Off the bus thread it BLOCKS until a call of this handler in flight returns, and waits for
     * nothing else (no bus-wide lock; other handlers run on): never call it there holding a lock
     * that handler may take, or neither returns. Release the lock first, or flag the handler to
     * return at once and unsubscribe after. On the bus thread it never waits: from inside the
     * handler itself the running call still uses `user_data`, so free that after it returns.
     * From deactivating on it does nothing (the host has removed the subscriptions). Calls from
     * the plugin's own threads must have returned before deactivate returns (join them there):
     * the host waits for the handlers it removes, not for one another thread is removing.
     * [any & created..destroying] */
    void(WS_ABI *unsubscribe)(const struct ws_host *host, ws_subscription_id subscription);

    /* Writes one log line attributed to the plugin. Never pass secrets.
     * [any & created..destroying] */
    void(WS_ABI *log)(const struct ws_host *host, ws_log_level level, const char *text);

    /* The host's extension named `id` (e.g. WS_EXT_...), or NULL when the host has none by that
     * name. The pointer stays valid until destroy returns. [any & created..destroying] */
    const void *(WS_ABI *get_extension)(const struct ws_host *host, const char *id);
} ws_host;

/* A plugin instance, returned by ws_plugin_entry.create. */
typedef struct ws_plugin {
    ws_version abi_version;
    void *plugin_data; /* reserved for the plugin */

    /* Starts the plugin: subscribe, open connections. Called once, after create and the instance
     * check. Handlers it subscribes may run on the bus thread before it returns. Returns false
     * (after logging why) to stay inactive; the host then calls destroy without deactivate.
     * [main & activating] */
    bool(WS_ABI *activate)(const struct ws_plugin *plugin);

    /* Stops the plugin. Called once, only after activate returned true, when the host has removed
     * the plugin's subscriptions (see deactivating) and so delivers it nothing more. Before it
     * returns the plugin stops its threads and never calls publish again. [main & deactivating] */
    void(WS_ABI *deactivate)(const struct ws_plugin *plugin);

    /* Frees the instance. Called once. Nothing of the plugin may run afterwards: the host may
     * unload the library. [main & destroying] */
    void(WS_ABI *destroy)(const struct ws_plugin *plugin);

    /* Optional (may be NULL: no extensions). The plugin's extension named `id`, or NULL when it has
     * none by that name. The pointer stays valid until deactivate is called. [main & active] */
    const void *(WS_ABI *get_extension)(const struct ws_plugin *plugin, const char *id);
} ws_plugin;

/* Extension "workspace.plugin-status/1", offered by a plugin: what it would tell an operator now
 * (connected or not, open work), e.g. {"connected":true,"agentState":"Available","openCalls":0}. */
#define WS_EXT_PLUGIN_STATUS "workspace.plugin-status/1"
typedef struct ws_plugin_status {
    ws_version abi_version;
    /* Writes the status, a JSON object in UTF-8, NUL-terminated, into `buffer` (`capacity` bytes)
     * and returns its length without the NUL; when that is >= capacity the text was cut short and
     * the host calls again with a larger buffer. [main & active] */
    size_t(WS_ABI *write_status)(const struct ws_plugin *plugin, char *buffer, size_t capacity);
} ws_plugin_status;

/* The exported entry: static data the host reads once the library is loaded, before calling any
 * plugin function. Every field is required. */
typedef struct ws_plugin_entry {
    ws_version abi_version; /* WS_ABI_VERSION_INIT of the headers the plugin was built with */
    const char *id;         /* stable, matches the id in the host configuration */
    const char *name;
    const char *version;
    const char *min_workspace_version; /* e.g. "3.21.2410"; the host refuses older Workspaces */

    /* Creates an instance bound to `host`; called once. Returns NULL on failure (after logging
     * why); the host then calls nothing more of the plugin. [main & created] */
    const ws_plugin *(WS_ABI *create)(const ws_host *host);
} ws_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif /* WORKSPACE_PLUGIN_API_H */
