#ifndef AIRTREND_CCURL_SHIM_H
#define AIRTREND_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call;
   these typed wrappers cover the argument kinds the fetchers use. Passing the
   wrong C type through a variadic call is undefined behaviour, so each option
   must go through the wrapper of its documented type (long, char *, curl_off_t, …). */
static inline CURLcode airtrend_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode airtrend_curl_set_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode airtrend_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode airtrend_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
/* For CURLOPT_HTTPHEADER and the other list options; NULL clears the list. */
static inline CURLcode airtrend_curl_set_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}
typedef size_t (*airtrend_curl_write_callback)(char *data, size_t size, size_t count, void *userdata);
static inline CURLcode airtrend_curl_set_write_function(CURL *handle, airtrend_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
/* Called once per header line (status line and final blank line included) of
   every response, redirect hops too; userdata comes from CURLOPT_HEADERDATA. */
typedef size_t (*airtrend_curl_header_callback)(char *line, size_t size, size_t count, void *userdata);
static inline CURLcode airtrend_curl_set_header_function(CURL *handle, airtrend_curl_header_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}
static inline CURLcode airtrend_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode airtrend_curl_get_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
/* A string the handle owns (valid until the next transfer or reset), or NULL. */
static inline CURLcode airtrend_curl_get_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}
/* curl_slist_append returns NULL on failure and leaves the old list allocated;
   this variant frees it then, so a caller can simply stop and report. */
static inline struct curl_slist *airtrend_curl_slist_append_or_free(struct curl_slist *list, const char *line) {
    struct curl_slist *appended = curl_slist_append(list, line);
    if (appended == NULL) curl_slist_free_all(list);
    return appended;
}
#endif
