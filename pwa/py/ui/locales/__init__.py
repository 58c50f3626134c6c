"""One module per language: NAME and CATALOG (see i18n.py)."""
