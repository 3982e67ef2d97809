#ifndef AIRTREND_CCURL_SHIM_H
#define AIRTREND_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt is variadic, which Swift cannot call; these typed wrappers
   cover the three argument kinds libcurl options take. */
static inline CURLcode airtrend_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode airtrend_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode airtrend_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*airtrend_curl_write_callback)(char *data, size_t size, size_t count, void *userdata);
static inline CURLcode airtrend_curl_set_write_function(CURL *handle, airtrend_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode airtrend_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
#endif
