"""schema.org descriptions of the public pages, for search engines, as JSON-LD.

Built here as plain data and written into the page by the `json_ld` filter, which escapes
it the way `json_script` does; a `<script type="application/ld+json">` is a data block that
browsers never run, so the Content Security Policy need not allow it.
"""

SCHEMA = "https://schema.org"
PROCESS = {"@type": "Organization", "name": "Khartoum Process"}
