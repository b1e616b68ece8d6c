#ifndef ECS_MEDIC_CCURL_SHIM_H
#define ECS_MEDIC_CCURL_SHIM_H
#include <curl/curl.h>
#endif
