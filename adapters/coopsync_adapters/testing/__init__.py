"""What every adapter is tested with: a fake-marketplace base, a harness, the conformance suite."""
