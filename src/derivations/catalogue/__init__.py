"""One module per derivation. Each defines a module-level `DERIVATION`; the registry finds it."""
