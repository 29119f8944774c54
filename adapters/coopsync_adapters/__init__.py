"""Built-in coopsync adapters."""
