#ifndef NEWSWATCH_CLIBXML2_SHIM_H
#define NEWSWATCH_CLIBXML2_SHIM_H

// libxml2 pulls in ICU's headers when built with ICU support; importing those beside Foundation fails
// with "'UErrorCode' has different definitions". newswatch never uses libxml2's ICU parts.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/uri.h>
#include <libxml/encoding.h>
#include <libxml/xmlmemory.h>

// xmlFree is a global function-pointer variable, which Swift 6 refuses to touch (it is shared mutable
// state). Calling it through a function keeps that out of Swift.
static inline void nw_xml_free(void *pointer) {
    xmlFree(pointer);
}

// xmlParserVersion is a macro over a thread-local accessor in some builds.
static inline const char *nw_xml_parser_version(void) {
    return xmlParserVersion;
}

#endif
