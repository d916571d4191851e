#ifndef ECRGUARD_CLIBXML2_SHIM_H
#define ECRGUARD_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU; its ICU declarations clash with Foundation's own ICU module.
// Nothing in ecrguard needs libxml2's ICU encoding support.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLtree.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>

// Headers only: ecrguard does not link libxml2 but opens it when XML is needed, and calls it through
// the function table in XMLRuntime (LibXML2.swift). A function called directly fails the link.
#endif
