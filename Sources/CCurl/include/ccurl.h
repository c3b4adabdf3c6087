// libcurl for Swift: typed wrappers for the variadic curl_easy_setopt / getinfo / multi_setopt.
#ifndef CCURL_H
#define CCURL_H
#include <curl/curl.h>

CURLcode ccurl_setopt_long(CURL *h, CURLoption opt, long value);
CURLcode ccurl_setopt_str(CURL *h, CURLoption opt, const char *value);
CURLcode ccurl_setopt_ptr(CURL *h, CURLoption opt, void *value);
CURLcode ccurl_setopt_off(CURL *h, CURLoption opt, curl_off_t value);
CURLcode ccurl_setopt_write(CURL *h, size_t (*fn)(char *, size_t, size_t, void *), void *userdata);
CURLcode ccurl_setopt_header(CURL *h, size_t (*fn)(char *, size_t, size_t, void *), void *userdata);
CURLcode ccurl_getinfo_long(CURL *h, CURLINFO info, long *out);
CURLcode ccurl_getinfo_double(CURL *h, CURLINFO info, double *out);
CURLMcode ccurl_multi_setopt_long(CURLM *m, CURLMoption opt, long value);
#endif
