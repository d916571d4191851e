#ifndef ECRGUARD_CCURL_SHIM_H
#define ECRGUARD_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt / curl_easy_getinfo are C variadics, which Swift cannot call: one typed
// wrapper per argument type.
static inline CURLcode ecrg_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ecrg_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ecrg_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ecrg_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ecrg_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*ecrg_curl_data_callback)(char *, size_t, size_t, void *);
static inline CURLcode ecrg_curl_setopt_data_callback(CURL *h, CURLoption o, ecrg_curl_data_callback cb) { return curl_easy_setopt(h, o, cb); }
static inline CURLcode ecrg_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ecrg_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ecrg_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }

static const long ECRG_CURL_GLOBAL_ALL = CURL_GLOBAL_ALL;
static const CURLversion ECRG_CURLVERSION_NOW = CURLVERSION_NOW;
#endif
