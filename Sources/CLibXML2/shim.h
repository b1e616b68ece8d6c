#ifndef ECS_MEDIC_CLIBXML2_SHIM_H
#define ECS_MEDIC_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/tree.h>
#endif
