"""Build-time helpers for the ML Derived site: figures, KaTeX and verified derivations (no MkDocs here, except the glue modules mkdocs_hooks.py and gen_files.py)."""
