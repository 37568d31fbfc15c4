"""The web archive: search, cable pages with the header decoded, browse pages, a guide.

Build it with `cablekit.web.app.create_app` (``cablekit serve`` does); the
modules: `routes` (URL table), `views`/`browse`/`api` (handlers), `cable_page`,
`header_view` and `body_view` (what a cable page shows), `search_form`,
`archive` (store access), `decoding` (meanings from `cablekit.decode`),
`display` (template filters), `urls`, `errors`.
"""
