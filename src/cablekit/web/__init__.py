"""The web archive: search, cable pages with the header decoded, browse pages, a guide, a JSON API.

Build it with `cablekit.web.app.create_app` (``cablekit serve`` does); the
modules: `routes` (URL table), `views`/`browse`/`timeline`/`declassification`
(page handlers), `api` and `openapi` (the JSON API and its description),
`download` (``/export``: whole result sets as CSV, JSON Lines, Parquet),
`cable_page`, `header_view` and `body_view` (what a cable page shows),
`search_form` (parameters -> the query language), `facets_view` (facets and
chips), `charts` (server-side SVG), `archive` (store access and cached
figures), `decoding` (meanings from `cablekit.decode`), `display` (template
filters), `urls`, `errors`.
"""
