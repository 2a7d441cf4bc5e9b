/* The 1.0 layout of every released struct of workspace/plugin_api.h, checked at compile time.
 * Included by abi_layout_check.c (C11) and abi_layout_check.cpp (C++), so any change to a size, an
 * offset, an alignment or a member's type fails the build in both languages. The numbers are
 * frozen: if one of these checks fails, the change breaks the ABI; revert it and add an extension
 * instead (see the header). */
#ifndef WORKSPACE_ABI_LAYOUT_H
#define WORKSPACE_ABI_LAYOUT_H

#include "workspace/plugin_api.h"

#include <stddef.h>
#include <stdint.h>

/* ABI_MEMBER_IS: a member's declared type, compared exactly (C++: decltype; C: _Generic). */
#ifdef __cplusplus
template <class A, class B>
struct abi_same {
    static constexpr bool value = false;
};
template <class A>
struct abi_same<A, A> {
    static constexpr bool value = true;
};
#define ABI_CHECK(condition) static_assert(condition, #condition)
#define ABI_ALIGNOF(type) alignof(type)
#define ABI_MEMBER_IS(type, member, expected) ABI_CHECK((abi_same<decltype(((type *)0)->member), expected>::value))
#else
#define ABI_CHECK(condition) _Static_assert(condition, #condition)
#define ABI_ALIGNOF(type) _Alignof(type)
#define ABI_MEMBER_IS(type, member, expected) ABI_CHECK(_Generic(((type *)0)->member, expected : 1, default : 0))
#endif

#define ABI_AT(type, member, offset) ABI_CHECK(offsetof(type, member) == (offset))

/* What holds on every platform. */
ABI_CHECK(WS_ABI_VERSION_MAJOR == 1);
ABI_CHECK(sizeof(bool) == 1);
ABI_CHECK(sizeof(ws_version) == 12 && ABI_ALIGNOF(ws_version) == 4);
ABI_AT(ws_version, major, 0);
ABI_AT(ws_version, minor, 4);
ABI_AT(ws_version, patch, 8);
ABI_CHECK(sizeof(ws_log_level) == 4);
ABI_CHECK(WS_LOG_DEBUG == 0 && WS_LOG_INFO == 1 && WS_LOG_WARNING == 2 && WS_LOG_ERROR == 3);
ABI_CHECK(sizeof(ws_subscription_id) == 8);

/* Member types: a changed signature keeps sizes and offsets but breaks every caller. With WS_ABI:
 * a function pointer of another calling convention is another type. */
ABI_MEMBER_IS(ws_version, major, uint32_t);
ABI_MEMBER_IS(ws_version, minor, uint32_t);
ABI_MEMBER_IS(ws_version, patch, uint32_t);

ABI_MEMBER_IS(ws_message, abi_version, ws_version);
ABI_MEMBER_IS(ws_message, channel, const char *);
ABI_MEMBER_IS(ws_message, topic, const char *);
ABI_MEMBER_IS(ws_message, subtopic, const char *);
ABI_MEMBER_IS(ws_message, json, const char *);
ABI_MEMBER_IS(ws_message, json_length, size_t);

ABI_MEMBER_IS(ws_host, abi_version, ws_version);
ABI_MEMBER_IS(ws_host, host_data, void *);
ABI_MEMBER_IS(ws_host, host_name, const char *);
ABI_MEMBER_IS(ws_host, host_version, const char *);
ABI_MEMBER_IS(ws_host, workspace_version, const char *);
ABI_MEMBER_IS(ws_host, config_directory, const char *);
ABI_MEMBER_IS(ws_host, plugin_config_json, const char *(WS_ABI *)(const ws_host *));
ABI_MEMBER_IS(ws_host, publish, bool(WS_ABI *)(const ws_host *, const ws_message *));
ABI_MEMBER_IS(ws_host, subscribe,
              ws_subscription_id(WS_ABI *)(const ws_host *, const char *, const char *, const char *,
                                           void(WS_ABI *)(void *, const ws_message *), void *));
ABI_MEMBER_IS(ws_host, unsubscribe, void(WS_ABI *)(const ws_host *, uint64_t));
ABI_MEMBER_IS(ws_host, log, void(WS_ABI *)(const ws_host *, ws_log_level, const char *));
ABI_MEMBER_IS(ws_host, get_extension, const void *(WS_ABI *)(const ws_host *, const char *));

ABI_MEMBER_IS(ws_plugin, abi_version, ws_version);
ABI_MEMBER_IS(ws_plugin, plugin_data, void *);
ABI_MEMBER_IS(ws_plugin, activate, bool(WS_ABI *)(const ws_plugin *));
ABI_MEMBER_IS(ws_plugin, deactivate, void(WS_ABI *)(const ws_plugin *));
ABI_MEMBER_IS(ws_plugin, destroy, void(WS_ABI *)(const ws_plugin *));
ABI_MEMBER_IS(ws_plugin, get_extension, const void *(WS_ABI *)(const ws_plugin *, const char *));

ABI_MEMBER_IS(ws_plugin_status, abi_version, ws_version);
ABI_MEMBER_IS(ws_plugin_status, write_status, size_t(WS_ABI *)(const ws_plugin *, char *, size_t));

ABI_MEMBER_IS(ws_plugin_entry, abi_version, ws_version);
ABI_MEMBER_IS(ws_plugin_entry, id, const char *);
ABI_MEMBER_IS(ws_plugin_entry, name, const char *);
ABI_MEMBER_IS(ws_plugin_entry, version, const char *);
ABI_MEMBER_IS(ws_plugin_entry, min_workspace_version, const char *);
ABI_MEMBER_IS(ws_plugin_entry, create, const ws_plugin *(WS_ABI *)(const ws_host *));

/* Sizes and offsets with 8-byte pointers and size_t: x86-64 and AArch64 with LP64 (Linux, macOS)
 * and with LLP64 (Windows x64, where only `long` differs, and no struct here has one). */
#if defined(__LP64__) || defined(_WIN64)
ABI_CHECK(sizeof(void *) == 8 && sizeof(size_t) == 8);

ABI_CHECK(sizeof(ws_message) == 56 && ABI_ALIGNOF(ws_message) == 8);
ABI_AT(ws_message, abi_version, 0);
ABI_AT(ws_message, channel, 16);
ABI_AT(ws_message, topic, 24);
ABI_AT(ws_message, subtopic, 32);
ABI_AT(ws_message, json, 40);
ABI_AT(ws_message, json_length, 48);

ABI_CHECK(sizeof(ws_host) == 104 && ABI_ALIGNOF(ws_host) == 8);
ABI_AT(ws_host, abi_version, 0);
ABI_AT(ws_host, host_data, 16);
ABI_AT(ws_host, host_name, 24);
ABI_AT(ws_host, host_version, 32);
ABI_AT(ws_host, workspace_version, 40);
ABI_AT(ws_host, config_directory, 48);
ABI_AT(ws_host, plugin_config_json, 56);
ABI_AT(ws_host, publish, 64);
ABI_AT(ws_host, subscribe, 72);
ABI_AT(ws_host, unsubscribe, 80);
ABI_AT(ws_host, log, 88);
ABI_AT(ws_host, get_extension, 96);

ABI_CHECK(sizeof(ws_plugin) == 56 && ABI_ALIGNOF(ws_plugin) == 8);
ABI_AT(ws_plugin, abi_version, 0);
ABI_AT(ws_plugin, plugin_data, 16);
ABI_AT(ws_plugin, activate, 24);
ABI_AT(ws_plugin, deactivate, 32);
ABI_AT(ws_plugin, destroy, 40);
ABI_AT(ws_plugin, get_extension, 48);

ABI_CHECK(sizeof(ws_plugin_status) == 24 && ABI_ALIGNOF(ws_plugin_status) == 8);
ABI_AT(ws_plugin_status, abi_version, 0);
ABI_AT(ws_plugin_status, write_status, 16);

ABI_CHECK(sizeof(ws_plugin_entry) == 56 && ABI_ALIGNOF(ws_plugin_entry) == 8);
ABI_AT(ws_plugin_entry, abi_version, 0);
ABI_AT(ws_plugin_entry, id, 16);
ABI_AT(ws_plugin_entry, name, 24);
ABI_AT(ws_plugin_entry, version, 32);
ABI_AT(ws_plugin_entry, min_workspace_version, 40);
ABI_AT(ws_plugin_entry, create, 48);
#endif

#endif /* WORKSPACE_ABI_LAYOUT_H */
