"""The OpenAPI 3.1 description of the JSON API and the export, written by hand.

`openapi_document()` is what ``/openapi.json`` serves. Parameter names here are
the ones `SearchForm.from_params` and `web.api` read; the test suite checks
each documented parameter against the app.

Example: ``openapi_document()["paths"]["/api/search"]["get"]["parameters"][0]["name"] == "q"``.
"""
from __future__ import annotations

from typing import Any

from ..search.query import MAX_QUERY_LENGTH
from ..store.base import EXPORT_COLUMNS, FACETS, SORTS
from .search_form import MAX_PAGE, MAX_PER_PAGE, PAGE_SIZE

_ERROR = {"$ref": "#/components/schemas/Error"}


def _param(name: str, description: str, schema: dict[str, Any], *, where: str = "query",
           required: bool = False, example: object = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "in": where, "required": required, "description": description,
                           "schema": schema}
    if example is not None:
        out["example"] = example
    return out


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ERROR}}}


QUERY_PARAMETERS = [
    _param("q", "The query in the query language: words, \"phrases\", prefix*, OR, NOT/-word, ( ), "
                "NEAR(a b, 5) and field:value clauses (tag:PREL, origin:\"Embassy Astana\", created:2009-12, ...). "
                "Empty: every cable.", {"type": "string", "maxLength": MAX_QUERY_LENGTH}, example='overflight tag:KZ'),
    _param("fq", "A clause narrowing the query (repeatable), as the search page's facets add them: "
                 "tag:\"KZ\", created:2009, classification:\"SECRET\".",
           {"type": "array", "items": {"type": "string"}}, example=['created:2009']),
    _param("sort", "Order of hits; empty: relevance when the query has words, else newest.",
           {"type": "string", "enum": list(SORTS)}),
    _param("tag", "Only cables with this TAGS code (the clause tag:\"CODE\").", {"type": "string"}),
    _param("origin", "Only cables from this post (origin:\"NAME\").", {"type": "string"}),
    _param("classification", "Only this classification or level (classification:\"SECRET\").", {"type": "string"}),
    _param("since", "Created on or after: YYYY, YYYY-MM or YYYY-MM-DD.", {"type": "string"}),
    _param("until", "Created on or before (a whole year or month counts).", {"type": "string"}),
]
"""The query parameters shared by /api/search and /export."""


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document (a fresh dict each call)."""
    hit = {
        "type": "object",
        "required": ["reference_id", "snippet", "highlights", "url"],
        "properties": {
            "reference_id": {"type": "string", "example": "09ASTANA2204"},
            "created": {"type": ["string", "null"], "description": "YYYY-MM-DDTHH:MM, UTC"},
            "classification": {"type": ["string", "null"]},
            "origin": {"type": ["string", "null"]},
            "subject": {"type": ["string", "null"]},
            "snippet": {"type": "string", "description": "Plain text: the best passage, or the summary."},
            "highlights": {"type": "array", "description": "[start, end) character spans of matched words.",
                           "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
            "score": {"type": "number", "description": "Negated BM25 (lower is better) under relevance; 0 otherwise."},
            "url": {"type": "string", "description": "The cable page, site-relative."},
        },
    }
    facet_count = {"type": "object", "required": ["value", "count"],
                   "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}}
    search_page = {
        "type": "object",
        "required": ["ok", "query", "total", "page", "per_page", "pages", "hits"],
        "properties": {
            "ok": {"const": True},
            "query": {"type": "string", "description": "The query run: q, then the clauses of the filters and fq."},
            "sort": {"type": ["string", "null"]},
            "total": {"type": "integer", "description": "Exact number of matching cables."},
            "page": {"type": "integer"}, "per_page": {"type": "integer"}, "pages": {"type": "integer"},
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
            "index_behind": {"type": ["string", "null"],
                             "description": "Why the search index may not hold every cable yet (an import "
                                            "is writing it), or null."},
            "facets": {"type": "object", "description": "Present when facets were asked for: name -> counts.",
                       "additionalProperties": {"type": "array", "items": {"$ref": "#/components/schemas/FacetCount"}}},
        },
    }
    cable_answer = {
        "type": "object", "required": ["ok", "cable", "url", "cited_by"],
        "properties": {
            "ok": {"const": True},
            "cable": {"type": "object", "description": "The cable record (cablekit.model.Cable.to_dict): "
                      "reference_id, created, classification, caveats, origin, subject, tags, header fields, "
                      "references, paragraphs, header and body text, ...",
                      "required": ["reference_id"], "additionalProperties": True},
            "url": {"type": "string"},
            "cited_by": {"type": "array", "items": {"type": "string"}, "description": "Reference IDs of the "
                         "cables in the archive that cite this one, oldest first."},
        },
    }
    error = {"type": "object", "required": ["ok", "error", "status"],
             "properties": {"ok": {"const": False}, "error": {"type": "string", "description": "What is wrong; "
                            "for a query, what and at which column."}, "status": {"type": "integer"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "cablekit archive API", "version": "1.0",
                 "description": "Search the cables with the query language of the search page, read a cable's "
                                "record, download a whole result set. Read-only; GET only."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search: a page of hits, the exact total, optional facet counts",
                "operationId": "search",
                "parameters": [
                    *QUERY_PARAMETERS,
                    _param("page", f"Page number, from 1 (at most {MAX_PAGE:,}).",
                           {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
                    _param("per_page", "Hits per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                                          "default": PAGE_SIZE}),
                    _param("facets", "Facet counts to add: comma-separated names, or 'all' for the search page's "
                                     "set.", {"type": "string"}, example="year,tag_country"),
                ],
                "responses": {
                    "200": {"description": "A page of hits",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchPage"}}}},
                    "400": _error_response("A malformed query (with its column) or parameter"),
                    "503": _error_response("The archive can't be read"),
                },
            }},
            "/api/cables/{reference_id}": {"get": {
                "summary": "One cable's record",
                "operationId": "cable",
                "parameters": [_param("reference_id", "A reference ID in any case or published form "
                                      "(09ASTANA2204, 09astana002204).", {"type": "string"}, where="path",
                                      required=True, example="09ASTANA2204")],
                "responses": {
                    "200": {"description": "The record",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CableAnswer"}}}},
                    "404": _error_response("No such cable in this archive"),
                },
            }},
            "/export": {"get": {
                "summary": "Every matching cable as a file, streamed",
                "operationId": "export",
                "parameters": [*QUERY_PARAMETERS,
                               _param("format", "File format.", {"type": "string", "enum": ["csv", "jsonl", "parquet"],
                                                                 "default": "csv"})],
                "responses": {
                    "200": {"description": "One row per cable with the columns " + ", ".join(EXPORT_COLUMNS)
                                           + ". Header X-Result-Count: the number of rows.",
                            "content": {"text/csv": {}, "application/x-ndjson": {},
                                        "application/vnd.apache.parquet": {}}},
                    "400": _error_response("A malformed query or an unknown format"),
                },
            }},
            "/openapi.json": {"get": {"summary": "This description", "operationId": "openapi",
                                      "responses": {"200": {"description": "OpenAPI 3.1 JSON"}}}},
        },
        "components": {"schemas": {"Hit": hit, "FacetCount": facet_count, "SearchPage": search_page,
                                   "CableAnswer": cable_answer, "Error": error}},
        "x-facets": list(FACETS),
    }
