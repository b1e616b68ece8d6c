#ifndef ECS_MEDIC_CLIBXML2_SHIM_H
#define ECS_MEDIC_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* A libxml2 built with ICU includes the system's ICU headers for its converter types; they clash with the ICU
   copy inside Foundation (_FoundationICU, "UErrorCode ... not present in definition") depending on the order in
   which the two modules are built. ecs-medic never touches encoding handlers, so the ICU part stays hidden. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>

/* xmlFree is a macro over a global function pointer in thread-enabled builds, which Swift cannot call. */
static inline void ecs_medic_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
