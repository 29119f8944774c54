"""coopsync."""
