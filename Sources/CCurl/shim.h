#ifndef ECS_MEDIC_CCURL_SHIM_H
#define ECS_MEDIC_CCURL_SHIM_H
#include <curl/curl.h>

/* Typed, non-variadic wrappers for curl_easy_setopt / curl_easy_getinfo: Swift cannot call variadic C functions. */

typedef size_t (*ecs_medic_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode ecs_medic_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ecs_medic_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ecs_medic_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ecs_medic_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ecs_medic_curl_setopt_write_callback(CURL *handle, CURLoption option,
                                                            ecs_medic_curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode ecs_medic_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ecs_medic_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ecs_medic_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ecs_medic_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
