// Foundation's ICU and libxml2's ICU types clash; libxml2 is used here for UTF-8 XML only.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

static inline void pail_xml_free(void *p) { xmlFree(p); }
