"""The site's date formats, per language: khartoum/formats/<language>/formats.py (read through
settings.FORMAT_MODULE_PATH; core.formats.site_format reads the site's own names)."""
