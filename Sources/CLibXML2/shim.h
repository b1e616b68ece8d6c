#ifndef ECS_MEDIC_CLIBXML2_SHIM_H
#define ECS_MEDIC_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/tree.h>

/* xmlFree is a macro over a global function pointer in thread-enabled builds, which Swift cannot call. */
static inline void ecs_medic_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
