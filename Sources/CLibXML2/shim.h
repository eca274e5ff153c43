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
#include <string.h>

// xmlFree is a global function-pointer variable, which Swift 6 refuses to touch (it is shared mutable
// state). Calling it through a function keeps that out of Swift.
static inline void nw_xml_free(void *pointer) {
    xmlFree(pointer);
}

// xmlParserVersion is a macro over a thread-local accessor in some builds.
static inline const char *nw_xml_parser_version(void) {
    return xmlParserVersion;
}

// htmlReadMemory (libxml2's htmlDoRead) with XML_SKIP_IDS set on the parser context: the parse
// then neither tests every attribute for an ID or IDREF nor keeps a table of the IDs (which freeing
// each `id` attribute then searches). The tree is the same; only `xmlGetID` would find nothing.
// For pages, where every attribute of some 20,000 elements went through those tests.
static inline htmlDocPtr nw_html_read_memory_skipping_ids(const char *buffer, int size, const char *encoding, int options) {
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return NULL;
    htmlDefaultSAXHandlerInit();
    if (ctxt->sax != NULL) memcpy(ctxt->sax, &htmlDefaultSAXHandler, sizeof(xmlSAXHandlerV1));
    htmlCtxtUseOptions(ctxt, options);
    ctxt->html = 1;
    ctxt->loadsubset |= XML_SKIP_IDS;
    if (encoding != NULL) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
        if (handler != NULL) {
            xmlSwitchToEncoding(ctxt, handler);
            if (ctxt->input->encoding != NULL) xmlFree((xmlChar *) ctxt->input->encoding);
            ctxt->input->encoding = xmlStrdup((const xmlChar *) encoding);
        }
    }
    htmlParseDocument(ctxt);
    htmlDocPtr document = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (ctxt->dictNames && document != NULL && document->dict == ctxt->dict) ctxt->dict = NULL;
    htmlFreeParserCtxt(ctxt);
    return document;
}

#endif
