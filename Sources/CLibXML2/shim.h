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

// Attribute values of the page that ScriptBodies replaced by a marker each (the character U+F0000 +
// the value's number, four bytes) before the parse, and runs of text replaced by one (U+100000 + the
// run's number): where each lies in the page. Handed to the parse through the context's _private slot
// (nw_html_read_memory_skipping_ids).
typedef struct {
    const unsigned char *page;
    /// Start and length of value number n at 2n and 2n + 1.
    const long *ranges;
    long count;
    /// Start and length of text run number n at 2n and 2n + 1; a start of −1 − s stands for the run of
    /// white space at s shortened to three bytes: its first, a line feed (a space when it has none),
    /// its last.
    const long *textRanges;
    long textCount;
    /// How many text runs the parse put back, in order (nw_html_characters); the parse is the page's
    /// only when it put back all of them.
    long textsRead;
    /// Set when the parse opened a paragraph for a marker of white space (nw_html_start_element):
    /// the parse is not the page's.
    int blankOpenedParagraph;
} nw_marked_values;

// The attribute `atts[index]` of the element being built, as xmlSAX2AttributeInternal makes it for an
// HTML parse with XML_SKIP_IDS (the only case nw_html_start_element hands it), but with the name
// from the parser's dictionary instead of a copy, and the value the parser allocated taken over as
// the text node's content (the parser frees only the values still in `atts`) instead of copied.
static inline void nw_html_add_attribute(xmlParserCtxtPtr ctxt, const xmlChar **atts, int index) {
    const xmlChar *fullname = atts[index];
    const xmlChar *value = atts[index + 1];
    xmlDocPtr doc = ctxt->myDoc;
    xmlChar *nval = NULL;
    const xmlChar *name = xmlDictOwns(ctxt->dict, fullname) == 1 ? fullname : xmlDictLookup(ctxt->dict, fullname, -1);
    if (name == NULL) return;
    if ((value == NULL) && htmlIsBooleanAttr(fullname)) {
        nval = xmlStrdup(fullname);
        value = nval;
    } else {
        ctxt->vctxt.valid = 1;
        // xmlValidCtxtNormalizeAttributeValue finds nothing to do (and returns NULL) unless a DTD of the
        // document declares attributes; libxml2's HTML parser reads no DTD, so it never does.
        if (((doc->intSubset != NULL) && (doc->intSubset->attributes != NULL))
            || ((doc->extSubset != NULL) && (doc->extSubset->attributes != NULL))) {
            nval = xmlValidCtxtNormalizeAttributeValue(&ctxt->vctxt, doc, ctxt->node, fullname, value);
            if (ctxt->vctxt.valid != 1) ctxt->valid = 0;
            if (nval != NULL) value = nval;
        }
    }
    xmlAttrPtr attribute = xmlNewNsPropEatName(ctxt->node, NULL, (xmlChar *) name, NULL);
    if ((attribute != NULL) && (value != NULL)) {
        xmlNodePtr text = xmlNewDocText(doc, NULL);
        // A value that is one marker and nothing else gets the page's value it stands for, which
        // ScriptBodies.elements(in:page:) otherwise puts back after the parse (and still does for any
        // this did not: a marker that is part of a value makes it give the page up).
        const nw_marked_values *marked = (const nw_marked_values *) ctxt->_private;
        xmlChar *original = NULL;
        if ((text != NULL) && (marked != NULL) && (value != nval) && (value[0] == 0xF3) && ((value[1] & 0xF0) == 0xB0)
            && ((value[2] & 0xC0) == 0x80) && ((value[3] & 0xC0) == 0x80) && (value[4] == 0)) {
            long number = ((long) (value[1] & 0x0F) << 12) | ((long) (value[2] & 0x3F) << 6) | (long) (value[3] & 0x3F);
            if (number < marked->count) {
                original = xmlStrndup(marked->page + marked->ranges[2 * number], (int) marked->ranges[2 * number + 1]);
            }
        }
        if (original != NULL) {
            text->content = original;
            attribute->children = text;
            attribute->last = text;
            text->parent = (xmlNodePtr) attribute;
        } else if (text != NULL) {
            text->content = (xmlChar *) value;
            if (value == nval) nval = NULL; else atts[index + 1] = NULL;
            attribute->children = text;
            attribute->last = text;
            text->parent = (xmlNodePtr) attribute;
        }
    }
    if (nval != NULL) xmlFree(nval);
}

// Whether the marker just read (the four bytes before the parser's position) stands for a run of white
// space: libxml2 opens a paragraph for character data that is not white space where no element but
// `html` or `head` (or none) is open (htmlCheckParagraph), which it does not for the run itself. A
// text run's marker stands where its first character other than white space was.
static inline int nw_html_follows_blank_marker(xmlParserCtxtPtr ctxt, const nw_marked_values *marked) {
    if ((ctxt->input == NULL) || (ctxt->input->cur == NULL) || (ctxt->input->base == NULL) || (ctxt->input->cur - ctxt->input->base < 4)) return 0;
    const xmlChar *marker = ctxt->input->cur - 4;
    if ((marker[0] != 0xF4) || ((marker[1] & 0xF0) != 0x80) || ((marker[2] & 0xC0) != 0x80) || ((marker[3] & 0xC0) != 0x80)) return 0;
    long number = ((long) (marker[1] & 0x0F) << 12) | ((long) (marker[2] & 0x3F) << 6) | (long) (marker[3] & 0x3F);
    if (number >= marked->textCount) return 0;
    long start = marked->textRanges[2 * number];
    return (start < 0) || IS_BLANK_CH(marked->page[start]);
}

// xmlSAX2StartElement for an HTML parse whose document shares the parser's dictionary (dictNames):
// the element's name is the dictionary's string, where xmlSAX2StartElement allocates a copy of it for
// every element (xmlSplitQName), and so are its attributes' names (nw_html_add_attribute). Everything
// else is done as there: the node linked where it would be, the same attributes in the same order
// with the same values. xmlFreeDoc frees no string the dictionary owns. A name with a colon, a
// validating parse or a document without the dictionary go to xmlSAX2StartElement itself.
static inline void nw_html_start_element(void *context, const xmlChar *fullname, const xmlChar **atts) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr) context;
    if ((ctxt == NULL) || (fullname == NULL) || (ctxt->myDoc == NULL)) return;
    // A paragraph libxml2 opens by itself (htmlCheckParagraph: no attributes) right after a marker of
    // white space, which the run itself would not have opened.
    if ((atts == NULL) && (fullname[0] == 'p') && (fullname[1] == 0) && (ctxt->_private != NULL)) {
        nw_marked_values *marked = (nw_marked_values *) ctxt->_private;
        if ((marked->textCount > 0) && nw_html_follows_blank_marker(ctxt, marked)) marked->blankOpenedParagraph = 1;
    }
    if (!ctxt->html || ctxt->validate || (ctxt->dict == NULL) || (ctxt->myDoc->dict != ctxt->dict)
        || (strchr((const char *) fullname, ':') != NULL)) {
        xmlSAX2StartElement(context, fullname, atts);
        return;
    }
    const xmlChar *name = xmlDictOwns(ctxt->dict, fullname) == 1 ? fullname : xmlDictLookup(ctxt->dict, fullname, -1);
    if (name == NULL) {
        xmlSAX2StartElement(context, fullname, atts);
        return;
    }
    xmlNodePtr parent = ctxt->node;
    xmlNodePtr element = xmlNewDocNodeEatName(ctxt->myDoc, NULL, (xmlChar *) name, NULL);
    if (element == NULL) {
        // Out of memory: xmlSAX2StartElement fails the same way and says so.
        xmlSAX2StartElement(context, fullname, atts);
        return;
    }
    if (ctxt->myDoc->children == NULL) {
        xmlAddChild((xmlNodePtr) ctxt->myDoc, element);
    } else if (parent == NULL) {
        parent = ctxt->myDoc->children;
    }
    ctxt->nodemem = -1;
    if (ctxt->linenumbers && (ctxt->input != NULL)) {
        element->line = ctxt->input->line < USHRT_MAX ? (unsigned short) ctxt->input->line : USHRT_MAX;
    }
    if (nodePush(ctxt, element) < 0) {
        xmlUnlinkNode(element);
        xmlFreeNode(element);
        return;
    }
    if (parent != NULL) {
        if (parent->type == XML_ELEMENT_NODE) xmlAddChild(parent, element);
        else xmlAddSibling(parent, element);
    }
    if (atts != NULL) {
        for (int index = 0; atts[index] != NULL; index += 2) nw_html_add_attribute(ctxt, atts, index);
    }
}

// xmlSAX2Characters, but a run of text that ScriptBodies replaced by a marker (U+100000 + the run's
// number) gets the page's text it stands for: libxml2 reads text a character at a time (some 40
// instructions a byte), and the marker is one character. The run is one that libxml2 reads as it is
// (no `<`, `&`, control character or U+FFFE/U+FFFF: ScriptBodies.isVerbatimText), and that starts
// right after markup, where libxml2's character data starts; the marker stands where its first
// character other than white space was, so the white space before it stays in the page (libxml2 may
// skip white space there, as it would before the run's text). A call that is that white space and
// the marker numbered next is one that libxml2 would have made with the run (in pieces of 1,000
// bytes, which xmlSAX2Characters joins into one text node), and nothing else of the parse changes:
// the marker, like the run, is character data that is not blank. Any other call goes to
// xmlSAX2Characters as it came, a marker in it is not put back, and the parse is not used
// (textsRead falls short).
static inline void nw_html_characters(void *context, const xmlChar *ch, int len) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr) context;
    nw_marked_values *marked = (ctxt != NULL) ? (nw_marked_values *) ctxt->_private : NULL;
    if ((marked != NULL) && (len >= 4) && (ch[len - 4] == 0xF4)) {
        const xmlChar *marker = ch + len - 4;
        long number = ((long) (marker[1] & 0x0F) << 12) | ((long) (marker[2] & 0x3F) << 6) | (long) (marker[3] & 0x3F);
        int blank = ((marker[1] & 0xF0) == 0x80) && ((marker[2] & 0xC0) == 0x80) && ((marker[3] & 0xC0) == 0x80)
            && (number == marked->textsRead) && (number < marked->textCount);
        for (int index = 0; blank && (index < len - 4); index++) blank = IS_BLANK_CH(ch[index]);
        if (blank) {
            marked->textsRead += 1;
            if (len > 4) xmlSAX2Characters(context, ch, len - 4);
            long start = marked->textRanges[2 * number], length = marked->textRanges[2 * number + 1];
            if (start >= 0) {
                xmlSAX2Characters(context, marked->page + start, (int) length);
            } else {
                // The run shortened as ScriptBodies shortens white space between tags (and ended by a
                // zero byte, as libxml2's own buffer is: xmlSAX2TextNode looks at the byte after a text).
                const unsigned char *run = marked->page + (-1 - start);
                xmlChar shortened[4] = { run[0], memchr(run, 0x0A, (size_t) length) != NULL ? 0x0A : 0x20, run[length - 1], 0 };
                xmlSAX2Characters(context, shortened, 3);
            }
            return;
        }
    }
    xmlSAX2Characters(context, ch, len);
}

// xmlSAX2StartDocument, and the document then shares the parser's dictionary (with a reference of
// its own), as xmlSAX2StartDocument does for an XML parse with dictNames but not for an HTML one: with
// dictNames the parse puts the dictionary's strings into the tree, which xmlFreeDoc must not free.
static inline void nw_html_start_document(void *context) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr) context;
    xmlSAX2StartDocument(context);
    if ((ctxt != NULL) && (ctxt->myDoc != NULL) && (ctxt->myDoc->dict == NULL) && (ctxt->dict != NULL)) {
        ctxt->myDoc->dict = ctxt->dict;
        xmlDictReference(ctxt->dict);
    }
}

// htmlReadMemory (libxml2's htmlDoRead) with XML_SKIP_IDS set on the parser context, the document on
// the parser's dictionary and nw_html_start_element building the elements: the parse
// then neither tests every attribute for an ID or IDREF nor keeps a table of the IDs (which freeing
// each `id` attribute then searches). The tree is the same; only `xmlGetID` would find nothing.
// For pages, where every attribute of some 20,000 elements went through those tests.
static inline htmlDocPtr nw_html_read_memory_skipping_ids(const char *buffer, int size, const char *encoding, int options,
                                                          nw_marked_values *marked) {
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return NULL;
    ctxt->_private = (void *) marked;
    htmlDefaultSAXHandlerInit();
    if (ctxt->sax != NULL) memcpy(ctxt->sax, &htmlDefaultSAXHandler, sizeof(xmlSAXHandlerV1));
    htmlCtxtUseOptions(ctxt, options);
    ctxt->html = 1;
    ctxt->loadsubset |= XML_SKIP_IDS;
    // The document shares the parser's dictionary (as an XML parse's does; htmlCtxtUseOptions turns
    // that off): element and attribute names are the dictionary's strings (nw_html_start_element),
    // and with HTML_PARSE_COMPACT xmlSAX2Characters keeps a text of fewer than 16 bytes inside its
    // node and the white space between tags in the dictionary, instead of a copy each.
    ctxt->dictNames = 1;
    if (ctxt->sax != NULL) {
        ctxt->sax->startDocument = nw_html_start_document;
        ctxt->sax->startElement = nw_html_start_element;
        if ((marked != NULL) && (marked->textCount > 0)) ctxt->sax->characters = nw_html_characters;
    }
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
    // The document holds a reference of its own to the dictionary (nw_html_start_document): the
    // context gives up its own (htmlDoRead's clearing of ctxt->dict here would leak the dictionary).
    htmlFreeParserCtxt(ctxt);
    return document;
}

#endif
